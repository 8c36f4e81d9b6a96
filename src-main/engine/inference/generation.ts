import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  generationRequestSchema,
  isFinished,
  type GenerationRequest,
  type JobSettings,
  type JobView,
  type ParsedGenerationRequest,
} from '../../../src-shared/generation.js';
import type { Settings } from '../../../src-shared/settings.js';
import { decodeImageRgb } from '../media/image.js';
import { removeReservedTempFiles, type MediaTools } from '../media/index.js';
import { soundPathFor } from './worker/protocol.js';
import { frameCountForSeconds } from './pack/geometry.js';
import type { PackOnDisk } from './pack/read.js';
import type { PackRegistry } from './packs.js';
import type { CameoCondition } from './pipeline/textToVideo.js';
import type { WorkerJob } from './worker/protocol.js';
import { WorkerDiedError, type InferenceWorker, type JobEnd, type JobEvent } from './worker/supervisor.js';

export interface GenerationDeps {
  packs: PackRegistry;
  worker: InferenceWorker;
  mediaTools: () => Promise<MediaTools>;
  settings: () => Settings;
  /** Default folder for renders that belong to no project. */
  rendersDir: string;
  mediaUrl: (absolutePath: string) => string;
  /** How many finished jobs to keep in the list. */
  keepFinished?: number;
  /** Consent for the job's cameos, asked when a job is queued, when it starts and whenever `recheck` is called. */
  admission?: JobAdmission;
}

/** Whose job it is and which library cameos it uses, so consent can be checked for that person. */
export interface CameoUse {
  user: string;
  cameoIds: string[];
}

export interface JobAdmission {
  /** Resolves when the job may run; rejects with the reason (shown to the user) when it may not. */
  admit(request: ParsedGenerationRequest, placement: JobPlacement): Promise<void>;
}

/** Where a job writes and which pack it uses; only the engine's own callers (CLI, projects) set these. */
export interface JobPlacement {
  outPath?: string;
  packDir?: string;
  cameoUse?: CameoUse;
}

type Listener = (job: JobView) => void;

interface QueueEntry {
  view: JobView;
  request: ParsedGenerationRequest;
  placement: JobPlacement;
  pack: PackOnDisk;
  /** Per-step timings of the running job, for the ETA. */
  stepTimes: number[];
  lastStepAt: number;
  done: Promise<JobView>;
  settle: (job: JobView) => void;
  /** Why the engine cancelled a running job (consent withdrawn), reported when the worker stops. */
  cancelReason?: string;
}

/**
 * The generation queue: validates requests against the chosen pack, runs one job at a time on the inference worker,
 * tracks progress and ETA, and tells listeners about every change. Jobs live here, not in any window, so they survive
 * a renderer reload.
 */
export class GenerationQueue {
  private readonly entries = new Map<string, QueueEntry>();
  private readonly listeners = new Set<Listener>();
  private active: QueueEntry | null = null;

  constructor(private readonly deps: GenerationDeps) {}

  list(): JobView[] {
    return [...this.entries.values()].map((e) => e.view);
  }

  get(id: string): JobView | undefined {
    return this.entries.get(id)?.view;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when the job finishes (complete, error or cancelled). */
  wait(id: string): Promise<JobView> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new Error(`no job '${id}'`));
    return entry.done;
  }

  async enqueue(input: GenerationRequest, placement: JobPlacement = {}): Promise<JobView> {
    const request = generationRequestSchema.parse(input);
    await this.deps.admission?.admit(request, placement);
    const pack = await this.deps.packs.resolve({ packId: request.packId, packDir: placement.packDir });
    const settings = resolveSettings(request, pack);
    const id = randomUUID();
    let settle!: (job: JobView) => void;
    const done = new Promise<JobView>((resolve) => (settle = resolve));
    const entry: QueueEntry = {
      view: { id, createdAt: Date.now(), settings, status: 'queued', position: 0 },
      request,
      placement,
      pack,
      stepTimes: [],
      lastStepAt: 0,
      done,
      settle,
    };
    this.entries.set(id, entry);
    this.renumber();
    this.emit(entry);
    void this.pump();
    return entry.view;
  }

  cancel(id: string): JobView {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no job '${id}'`);
    if (entry.view.status === 'queued') {
      this.finish(entry, { ...base(entry.view), status: 'cancelled', finishedAt: Date.now() });
      this.renumber();
    } else if (entry.view.status === 'running') {
      this.deps.worker.cancel(id);
    }
    return entry.view;
  }

  /**
   * Asks admission again for every queued or running job that uses library cameos, and cancels those it refuses now,
   * with its reason (a cameo's owner revoked consent or added a restriction).
   */
  async recheck(): Promise<JobView[]> {
    const cancelled: JobView[] = [];
    const admission = this.deps.admission;
    if (!admission) return cancelled;
    for (const entry of [...this.entries.values()]) {
      if (!entry.placement.cameoUse || isFinished(entry.view)) continue;
      const refusal = await admission.admit(entry.request, entry.placement).then(
        () => null,
        (err: unknown) => (err as Error).message,
      );
      if (refusal === null) continue;
      if (entry.view.status === 'queued') {
        this.finish(entry, { ...base(entry.view), status: 'cancelled', finishedAt: Date.now(), reason: refusal });
        this.renumber();
      } else if (entry.view.status === 'running') {
        entry.cancelReason = refusal;
        this.deps.worker.cancel(entry.view.id);
      }
      cancelled.push(entry.view);
    }
    return cancelled;
  }

  /** Runs a finished job's request again, as a new job. */
  retry(id: string): Promise<JobView> {
    const entry = this.entries.get(id);
    if (!entry) return Promise.reject(new Error(`no job '${id}'`));
    return this.enqueue({ ...entry.request, seed: entry.view.settings.seed }, entry.placement);
  }

  /** Removes finished jobs from the list. */
  clearFinished(): void {
    for (const [id, e] of this.entries) if (isFinished(e.view)) this.entries.delete(id);
  }

  async dispose(): Promise<void> {
    for (const e of this.entries.values()) if (e.view.status === 'queued') this.cancel(e.view.id);
    await this.deps.worker.dispose();
  }

  private async pump(): Promise<void> {
    if (this.active) return;
    const next = [...this.entries.values()].find((e) => e.view.status === 'queued');
    if (!next) return;
    this.active = next;
    this.update(next, { ...base(next.view), status: 'running', startedAt: Date.now(), phase: 'load', step: 0, steps: next.view.settings.steps, etaMs: null, executionProvider: null });
    this.renumber();
    let outPath: string | undefined;
    try {
      // Consent may have been withdrawn while the job waited.
      await this.deps.admission?.admit(next.request, next.placement);
      const job = await this.workerJob(next);
      outPath = job.outPath;
      const end = await this.deps.worker.run(job, (event) => this.onEvent(next, event));
      this.onEnd(next, end, job.outPath);
    } catch (err) {
      // A killed worker cannot remove the partial file it was encoding into.
      if (err instanceof WorkerDiedError && outPath) {
        await removeReservedTempFiles(outPath);
        await removeReservedTempFiles(soundPathFor(outPath));
      }
      this.finish(next, { ...base(next.view), status: 'error', finishedAt: Date.now(), message: (err as Error).message });
    } finally {
      this.active = null;
      this.prune();
      void this.pump();
    }
  }

  private async workerJob(entry: QueueEntry): Promise<WorkerJob> {
    const s = entry.view.settings;
    const settings = this.deps.settings();
    const tools = await this.deps.mediaTools();
    const outPath = entry.placement.outPath ?? path.join(this.deps.rendersDir, `${entry.view.id}.mp4`);
    await mkdir(path.dirname(outPath), { recursive: true }).catch(() => undefined);
    const cameos: CameoCondition[] = [];
    const cameoCfg = entry.pack.manifest.conditioning.cameo;
    for (const cameo of entry.request.cameos) {
      if (!cameoCfg) break;
      const { width, height } = cameoCfg.referenceSize;
      const rgb = await decodeImageRgb(tools, cameo.referencePath, width, height);
      const planes = new Float32Array(3 * width * height);
      for (let p = 0; p < width * height; p++) {
        for (let c = 0; c < 3; c++) planes[c * width * height + p] = rgb[p * 3 + c]! / 127.5 - 1;
      }
      cameos.push({ reference: planes, track: cameo.track });
    }
    return {
      jobId: entry.view.id,
      packDir: entry.pack.dir,
      executionProvider: settings.executionProvider,
      cpuThreads: settings.cpuThreads,
      ffmpegPath: tools.ffmpeg,
      outPath,
      prompt: s.prompt,
      negativePrompt: s.negativePrompt,
      frames: s.frames,
      width: s.width,
      height: s.height,
      seed: s.seed,
      steps: s.steps,
      guidance: s.guidance,
      shift: s.shift,
      scheduler: s.scheduler,
      cameos,
    };
  }

  private onEvent(entry: QueueEntry, event: JobEvent): void {
    const view = entry.view;
    if (view.status !== 'running') return;
    if (event.type === 'loaded') {
      this.update(entry, { ...view, executionProvider: event.executionProvider });
      return;
    }
    const now = performance.now();
    if (event.phase === 'denoise') {
      if (event.step > 0 && entry.lastStepAt > 0) entry.stepTimes.push(now - entry.lastStepAt);
      entry.lastStepAt = now;
    }
    this.update(entry, { ...view, phase: event.phase, step: event.phase === 'denoise' ? event.step : view.step, etaMs: this.eta(entry, event) });
  }

  private eta(entry: QueueEntry, event: JobEvent & { type: 'progress' }): number | null {
    if (entry.stepTimes.length === 0) return null;
    const recent = entry.stepTimes.slice(-5);
    const perStep = recent.reduce((a, b) => a + b, 0) / recent.length;
    const steps = entry.view.settings.steps;
    const left = event.phase === 'denoise' ? steps - event.step : 0;
    // Decoding and encoding cost about one denoising step for the packs we ship.
    return Math.round(perStep * (left + (event.phase === 'encode' ? 0 : 1)));
  }

  private onEnd(entry: QueueEntry, end: JobEnd, outPath: string): void {
    const now = Date.now();
    if (end.type === 'cancelled') {
      const reason = entry.cancelReason;
      this.finish(entry, { ...base(entry.view), status: 'cancelled', finishedAt: now, ...(reason ? { reason } : {}) });
    }
    else if (end.type === 'failed') this.finish(entry, { ...base(entry.view), status: 'error', finishedAt: now, message: end.message });
    else {
      const o = end.timings.ortMs;
      const ortMs = o.textEncoder + o.denoiser + o.vaeDecoder + o.audioDecoder;
      const warnings = end.unknownWords.length
        ? [`The model does not know these words and ignored them: ${[...new Set(end.unknownWords)].join(', ')}`]
        : [];
      const running = entry.view.status === 'running' ? entry.view : null;
      this.finish(entry, {
        ...base(entry.view),
        status: 'complete',
        finishedAt: now,
        output: {
          path: outPath,
          frames: end.output.frames,
          width: end.output.width,
          height: end.output.height,
          fps: end.output.fps,
          url: this.deps.mediaUrl(outPath),
          ...(end.output.audio ? { audio: { ...end.output.audio, url: this.deps.mediaUrl(end.output.audio.path) } } : {}),
        },
        timings: { wallMs: end.timings.wallMs, loadMs: end.timings.loadMs, ortMs, pipelineMs: end.timings.pipelineMs, encodeMs: end.timings.encodeMs },
        executionProvider: running?.executionProvider ?? 'cpu',
        warnings,
      });
    }
  }

  private finish(entry: QueueEntry, view: JobView): void {
    this.update(entry, view);
    entry.settle(view);
  }

  private update(entry: QueueEntry, view: JobView): void {
    entry.view = view;
    this.emit(entry);
  }

  private emit(entry: QueueEntry): void {
    for (const l of this.listeners) l(entry.view);
  }

  private renumber(): void {
    let position = 0;
    for (const e of this.entries.values()) {
      if (e.view.status !== 'queued') continue;
      position++;
      if (e.view.position !== position) this.update(e, { ...e.view, position });
    }
  }

  private prune(): void {
    const keep = this.deps.keepFinished ?? 200;
    const finished = [...this.entries.values()].filter((e) => isFinished(e.view));
    for (const e of finished.slice(0, Math.max(0, finished.length - keep))) this.entries.delete(e.view.id);
  }
}

function base(view: JobView) {
  return { id: view.id, createdAt: view.createdAt, settings: view.settings };
}

/** Fills a request's blanks from the pack and checks it against what the pack can do. */
export function resolveSettings(request: ParsedGenerationRequest, pack: PackOnDisk): JobSettings {
  const m = pack.manifest;
  const size = request.size ?? m.video.sizes[0]!;
  if (!m.video.sizes.some((s) => s.width === size.width && s.height === size.height)) {
    const sizes = m.video.sizes.map((s) => `${s.width}×${s.height}`).join(', ');
    throw new RangeError(`model pack '${m.id}' cannot render ${size.width}×${size.height}; it supports ${sizes}`);
  }
  const maxSeconds = m.video.frames.max / m.video.fps;
  if (request.seconds > maxSeconds + 1e-9) {
    throw new RangeError(`model pack '${m.id}' renders at most ${maxSeconds.toFixed(2)} s per take (${m.video.frames.max} frames at ${m.video.fps} fps)`);
  }
  const cameoCfg = m.conditioning.cameo;
  if (request.cameos.length > 0 && !cameoCfg) throw new RangeError(`model pack '${m.id}' does not support cameos`);
  if (cameoCfg && request.cameos.length > cameoCfg.maxSubjects) {
    throw new RangeError(`model pack '${m.id}' takes at most ${cameoCfg.maxSubjects} cameos per scene`);
  }
  const frames = frameCountForSeconds(m, request.seconds);
  return {
    prompt: request.prompt,
    negativePrompt: request.negativePrompt,
    seconds: request.seconds,
    frames,
    width: size.width,
    height: size.height,
    fps: m.video.fps,
    seed: request.seed ?? randomBytes(4).readUInt32LE(0),
    steps: request.steps ?? m.scheduler.steps,
    guidance: request.guidance ?? m.scheduler.guidance,
    shift: request.shift ?? m.scheduler.shift,
    scheduler: request.scheduler ?? m.scheduler.kind,
    packId: m.id,
    cameoCount: request.cameos.length,
  };
}
