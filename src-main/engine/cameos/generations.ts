/**
 * Generation with library cameos. This is the generation queue's admission: a job that names cameos is checked when it
 * is queued, when it starts and whenever consent changes (a revocation cancels it while it waits, or stops it while it
 * runs). Queuing one opens the cameos' reference images into a private temporary folder for the job, appends the
 * owners' instructions to the prompt and writes the use to each owner's log.
 */
import { MAX_PROMPT_LENGTH, type GenerationRequest, type JobView, type ParsedGenerationRequest } from '../../../src-shared/generation.js';
import type { BoxKeyframe } from '../../../src-shared/cameo/boxTrack.js';
import type { GenerationQueue, JobAdmission, JobPlacement } from '../inference/generation.js';
import { CameoConsentError, type CameoLibrary } from './library.js';
import type { CameoVault } from './vault.js';

export interface CameoPlacementRequest {
  cameoId: string;
  track: BoxKeyframe[];
}

export interface CameoJobRequest {
  user: string;
  request: Omit<GenerationRequest, 'cameos'>;
  cameos: CameoPlacementRequest[];
  /** Where the take renders (a project's renders/ folder); the queue's default folder when absent. */
  outPath?: string;
  /** The project the take belongs to, for the owners' usage logs. */
  projectDir?: string;
}

export class CameoGenerations implements JobAdmission {
  private queue: GenerationQueue | null = null;

  constructor(
    private readonly library: CameoLibrary,
    private readonly vault: CameoVault,
  ) {}

  /** Connects the queue (which takes this object as its admission, so it is made after it). */
  attach(queue: GenerationQueue): () => void {
    this.queue = queue;
    return this.library.subscribe((event) => {
      // A changed consent is checked against every waiting or running job at once, not when each comes up.
      if (event.type === 'consent_changed') void queue.recheck();
    });
  }

  async admit(request: ParsedGenerationRequest, placement: JobPlacement): Promise<void> {
    const use = placement.cameoUse;
    if (!use) return;
    await this.library.assertCameosUsable(use.cameoIds, use.user);
    await this.library.assertPromptAllowed(use.cameoIds, promptWithoutInstructions(request.prompt, await this.library.instructionsFor(use.cameoIds)));
  }

  async enqueue(job: CameoJobRequest): Promise<JobView> {
    const queue = this.queue;
    if (!queue) throw new Error('cameo generation is not connected to the generation queue');
    const ids = job.cameos.map((c) => c.cameoId);
    if (new Set(ids).size !== ids.length) throw new RangeError('each cameo can be placed once per scene');
    // Checked here too so a refusal comes before any media is opened.
    await this.library.assertCameosUsable(ids, job.user);
    await this.library.assertPromptAllowed(ids, job.request.prompt);
    const clause = await this.library.instructionsFor(ids);
    const prompt = clause ? `${job.request.prompt.trim()}, ${clause}` : job.request.prompt;
    if (prompt.length > MAX_PROMPT_LENGTH) {
      throw new RangeError(`the prompt with the cameo owners' instructions is ${prompt.length} characters, over ${MAX_PROMPT_LENGTH}; shorten the prompt`);
    }
    const references = [];
    for (const id of ids) {
      const cameo = await this.library.get(id);
      if (!cameo) throw new CameoConsentError(`the cameo ${id} does not exist`, id, 'unknown');
      references.push({ cameoId: id, name: cameo.references[0]!.name });
    }
    const opened = await this.vault.openToPrivateDir(references);
    let view: JobView;
    try {
      view = await queue.enqueue(
        { ...job.request, prompt, cameos: job.cameos.map((c, i) => ({ referencePath: opened.paths[i]!, track: c.track })) },
        { outPath: job.outPath, cameoUse: { user: job.user, cameoIds: ids } },
      );
    } catch (error) {
      await opened.dispose();
      throw error;
    }
    void queue
      .wait(view.id)
      .then(async (end) => {
        await opened.dispose();
        if (end.status === 'complete') await this.library.noteRender(end.id, end.output.path);
      })
      .catch((error: unknown) => process.emitWarning(`cameo job ${view.id}: ${(error as Error).message}`));
    for (const id of ids) {
      await this.library.recordUse({ cameoId: id, user: job.user, purpose: 'generation', jobId: view.id, ...(job.projectDir ? { projectDir: job.projectDir } : {}) });
    }
    return view;
  }
}

/** The person's own words: restrictions judge what they asked for, not the owner's appended instructions. */
function promptWithoutInstructions(prompt: string, clause: string): string {
  return clause && prompt.endsWith(`, ${clause}`) ? prompt.slice(0, -(clause.length + 2)) : prompt;
}
