/**
 * Exports: the timeline to a file (or a feed post), with the visible watermark, the invisible one and a signed C2PA
 * manifest. Jobs run in the engine (a reload of the UI does not lose them), report progress with an ETA, and cancel
 * without leaving a half-written file: every step writes to a temporary name beside the output, and only the last
 * step renames into place.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audioSourceKey, type MixInputAsset } from '../../../src-shared/audio/index.js';
import {
  EXPORT_FORMAT_INFO,
  exportFormats,
  exportSize,
  markPolicyViolation,
  type CameoUse,
  type ExportFormat,
  type ExportJobView,
  type ExportOptions,
  type ExportStage,
} from '../../../src-shared/export.js';
import type { ProjectDocument } from '../../../src-shared/project/index.js';
import { CameoConsentError, CameoLibraryError, libraryTakeRecords, type TakeCameo, type TakeCameoRecords } from '../cameos/index.js';
import type { FeedService, PublishJob } from '../feed/service.js';
import { availableEncoders, probeMedia, renderWithFfmpeg, type MediaTools } from '../media/index.js';
import { resolveInProject, writeFileAtomic } from '../projects/index.js';
import { isOpenedProject } from '../projects/service.js';
import { RENDERS_DIR, openProject } from '../projects/store.js';
import {
  loadInstallIdentity,
  loadSigningCredentials,
  localSigner,
  markVideo,
  newExportId,
  sha256File,
  signExport,
  type ExportManifest,
} from '../provenance/index.js';
import type { SettingsStore } from '../settings/store.js';
import { FORMAT_ENCODERS, buildRenderGraph, containerOf, videoCodecArgs, type RenderGraph } from './graph.js';
import { buildFcpxml, buildMarkerSrt } from './sidecars.js';
import { ExportPlanError, planExportTimeline, type ExportSource, type ExportTimeline } from './timeline.js';

export const EXPORTS_DIR = 'exports';
export const DEFAULT_WATERMARK_PNG = fileURLToPath(new URL('../../../resources/watermark/scenecast-watermark.png', import.meta.url));

export interface ExportServiceDeps {
  /** The app's data folder: the install id and signing credentials live under it. */
  dataDir: string;
  appVersion: string;
  mediaTools: () => Promise<MediaTools>;
  /** Projects the studio has opened (the recent list): the only ones a UI may export. */
  settings: SettingsStore;
  mediaUrl: (absolutePath: string) => string;
  feed?: FeedService;
  watermarkPng?: string;
  /**
   * The engine's record of which cameos each take was made with and whether the take is flagged (its maker's consent
   * revoked, or the cameo deleted): the engine's cameo library. Every export asks it for every take on the timeline
   * and refuses a flagged one, whatever the caller names, and one whose cameo the person exporting (when the request
   * says who that is) may not use now. Absent, the library in `<dataDir>/cameos` is read.
   */
  cameos?: TakeCameoRecords;
}

/**
 * Who is exporting: the feed handle the studio is signed in as. Asked only when a take on the timeline was made with a
 * cameo (an export without one needs nobody signed in); it throws a `CameoLibraryError` when nobody is.
 */
export type Exporter = () => Promise<string>;

/** A mistake the user can fix, or a refusal; its message is shown as it is. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    message: string,
    readonly kind: 'bad_request' | 'not_found' | 'unavailable' | 'forbidden' = 'bad_request',
  ) {
    super(message);
  }
}

export interface ExportRequest {
  projectDir: string;
  /** Absolute path of the video to write (.mp4, or .mov for ProRes). */
  outPath: string;
  options: ExportOptions;
  destination: 'file' | 'feed';
  /** Write the edit as FCPXML and the labelled markers as SRT next to the video. Default true. */
  sidecars?: boolean;
  /**
   * Who is exporting: each take's cameo must be one they may use now (or own). The CLI names nobody (it has no
   * signed-in identity): only flagged takes are refused there.
   */
  exporter?: Exporter;
}

export interface FeedExportRequest {
  projectDir: string;
  title: string;
  visibility: 'public' | 'unlisted';
  crossfadeFrames: number;
  cameos: CameoUse[];
  exporter?: Exporter;
}

interface Job {
  view: ExportJobView;
  controller: AbortController;
  done: Promise<ExportJobView>;
}

/**
 * How much of the work each stage is, for one progress bar and ETA across them: measured by bench:export at 1080×1920
 * (render 26 s, invisible watermark 62 s, signing 1 s); uploading to a local feed takes about as long as signing.
 */
const STAGE_WEIGHTS: Record<Exclude<ExportStage, 'prepare'>, number> = { render: 0.3, watermark: 0.66, sign: 0.02, upload: 0.02 };
const KEEP_FINISHED_JOBS = 20;

export class ExportService {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<(job: ExportJobView) => void>();

  private readonly takeRecords: TakeCameoRecords;

  constructor(private readonly deps: ExportServiceDeps) {
    this.takeRecords = deps.cameos ?? libraryTakeRecords(path.join(deps.dataDir, 'cameos'));
  }

  /** The formats this machine's ffmpeg can write. */
  async formats(): Promise<Array<{ format: ExportFormat; label: string; extension: string; available: boolean }>> {
    const encoders = await availableEncoders(await this.deps.mediaTools());
    return exportFormats.map((format) => ({ format, ...EXPORT_FORMAT_INFO[format], available: FORMAT_ENCODERS[format].every((e) => encoders.has(e)) }));
  }

  /** An export from the studio: into `<project>/exports/<name>.<ext>` of a project this studio has opened. */
  async startInProject(input: { projectDir: string; outputName: string; options: ExportOptions; exporter?: Exporter }): Promise<ExportJobView> {
    const dir = await this.knownProject(input.projectDir);
    const extension = EXPORT_FORMAT_INFO[input.options.format].extension;
    const base = input.outputName.replace(/\.(mp4|mov|m4v)$/i, '');
    const exportsDir = await resolveInProject(dir, EXPORTS_DIR);
    await mkdir(exportsDir, { recursive: true });
    const outPath = await resolveInProject(dir, `${EXPORTS_DIR}/${base}${extension}`);
    return this.start({ projectDir: dir, outPath, options: input.options, destination: 'file', ...(input.exporter ? { exporter: input.exporter } : {}) });
  }

  /** Renders with the feed preset (all marks on) into the project's renders/ and publishes through the feed. */
  async startFeedExport(input: FeedExportRequest): Promise<ExportJobView> {
    const dir = await this.knownProject(input.projectDir);
    if (!this.deps.feed) throw new ExportError('this studio has no feed to publish to', 'unavailable');
    // Before minutes of rendering, not after: a post needs a signed-in feed account.
    const feed = await this.deps.feed.status().catch((error: Error) => {
      throw new ExportError(`The feed cannot be reached: ${error.message}`, 'unavailable');
    });
    if (!feed.handle) throw new ExportError('Sign in to the feed first (Feed panel → Publish…), then export to it.', 'unavailable');
    const name = `export-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.mp4`;
    const outPath = await resolveInProject(dir, `${RENDERS_DIR}/${name}`);
    const options: ExportOptions = {
      preset: '9:16',
      format: 'h264',
      crossfadeFrames: input.crossfadeFrames,
      visibleWatermark: true,
      c2pa: true,
      invisibleWatermark: true,
      cameos: input.cameos,
    };
    return this.start(
      { projectDir: dir, outPath, options, destination: 'feed', sidecars: false, ...(input.exporter ? { exporter: input.exporter } : {}) },
      { title: input.title, visibility: input.visibility },
    );
  }

  /**
   * Refuses (`ExportError` 'forbidden', naming the take, its scene and the cameo) the timeline of a project the studio
   * has opened when it holds a take made with a cameo whose consent is gone, or one `exporter` may not use now. `start`
   * checks this itself; the router asks first so that this refusal, which names the take, is the one a person sees.
   */
  async checkTimelineCameos(projectDir: string, exporter?: Exporter): Promise<void> {
    await this.cameosOfTakes((await openForExport(await this.knownProject(projectDir))).document, exporter);
  }

  /** Starts an export; returns at once with the job, whose progress `subscribe`/`wait` report. */
  async start(given: ExportRequest, publish?: { title: string; visibility: 'public' | 'unlisted' }): Promise<ExportJobView> {
    // The person who started the export is asked once; each later check is about them, not whoever signs in meanwhile.
    const request: ExportRequest = given.exporter ? { ...given, exporter: once(given.exporter) } : given;
    const violation = markPolicyViolation(request.options, request.destination);
    if (violation) throw new ExportError(violation);
    // Before the job exists and before anything is rendered: whatever the caller named, the engine's own record of
    // the takes decides whether a likeness may leave in this file.
    await this.cameosOfTakes((await openForExport(request.projectDir)).document, request.exporter);
    const extension = EXPORT_FORMAT_INFO[request.options.format].extension;
    if (path.extname(request.outPath).toLowerCase() !== extension) {
      throw new ExportError(`a ${request.options.format} export is a ${extension} file; the output ${request.outPath} has another extension`);
    }
    const format = (await this.formats()).find((f) => f.format === request.options.format);
    if (!format?.available) {
      throw new ExportError(`this ffmpeg cannot write ${EXPORT_FORMAT_INFO[request.options.format].label} (it lacks ${FORMAT_ENCODERS[request.options.format].join(' or ')}); choose H.264`);
    }
    const id = randomUUID();
    const controller = new AbortController();
    const output = path.resolve(request.outPath);
    const job: Job = { view: { id, state: 'running', stage: 'prepare', fraction: 0, etaSeconds: null, output }, controller, done: Promise.resolve(null as never) };
    this.jobs.set(id, job);
    job.done = this.run(job, { ...request, outPath: output }, publish).then(
      (view) => this.update(job, view),
      (error: unknown) =>
        this.update(
          job,
          controller.signal.aborted ? { id, state: 'cancelled', output } : { id, state: 'error', output, message: describeFailure(error) },
        ),
    );
    this.emit(job.view);
    return job.view;
  }

  job(id: string): ExportJobView | undefined {
    return this.jobs.get(id)?.view;
  }

  /** Resolves with the job's final state (complete, error or cancelled). */
  async wait(id: string): Promise<ExportJobView> {
    const job = this.jobs.get(id);
    if (!job) throw new ExportError(`no export job ${id}`, 'not_found');
    return job.done;
  }

  /** Stops a running export; what it wrote so far is removed. */
  cancel(id: string): ExportJobView {
    const job = this.jobs.get(id);
    if (!job) throw new ExportError(`no export job ${id}`, 'not_found');
    if (job.view.state === 'running') job.controller.abort();
    return job.view;
  }

  subscribe(listener: (job: ExportJobView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels running exports (the engine is shutting down) and waits for them to clean up. */
  async dispose(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.view.state === 'running');
    for (const job of running) job.controller.abort();
    await Promise.all(running.map((j) => j.done));
  }

  private emit(view: ExportJobView): void {
    for (const listener of this.listeners) listener(view);
  }

  private update(job: Job, view: ExportJobView): ExportJobView {
    job.view = view;
    if (view.state !== 'running') {
      const finished = [...this.jobs.entries()].filter(([, j]) => j.view.state !== 'running');
      for (const [key] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED_JOBS))) this.jobs.delete(key);
    }
    this.emit(view);
    return view;
  }

  private async knownProject(projectDir: string): Promise<string> {
    const dir = path.resolve(projectDir);
    if (!(await isOpenedProject(this.deps.settings, dir))) throw new ExportError(`${dir} is not a project this studio has open; open it first.`, 'not_found');
    return dir;
  }

  private async run(job: Job, request: ExportRequest, publish?: { title: string; visibility: 'public' | 'unlisted' }): Promise<ExportJobView> {
    const { signal } = job.controller;
    const started = Date.now();
    const { options, outPath } = request;
    const stages: Array<Exclude<ExportStage, 'prepare'>> = [
      'render',
      ...(options.invisibleWatermark ? (['watermark'] as const) : []),
      ...(options.c2pa ? (['sign'] as const) : []),
      ...(publish ? (['upload'] as const) : []),
    ];
    const total = stages.reduce((sum, s) => sum + STAGE_WEIGHTS[s], 0);
    let lastEmit = 0;
    const progress = (stage: ExportStage, within: number) => {
      if (signal.aborted) return;
      const index = stage === 'prepare' ? 0 : stages.indexOf(stage);
      const before = stages.slice(0, Math.max(0, index)).reduce((sum, s) => sum + STAGE_WEIGHTS[s], 0);
      const fraction = stage === 'prepare' ? 0 : Math.min(1, (before + STAGE_WEIGHTS[stage] * Math.min(1, within)) / total);
      const elapsed = (Date.now() - started) / 1000;
      const now = Date.now();
      const stageChanged = job.view.state === 'running' && job.view.stage !== stage;
      // A few updates a second are plenty for a progress bar.
      if (!stageChanged && now - lastEmit < 200 && within < 1) return;
      lastEmit = now;
      this.update(job, { id: job.view.id, state: 'running', stage, fraction, etaSeconds: fraction > 0.02 ? Math.round((elapsed * (1 - fraction)) / fraction) : null, output: outPath });
    };

    const tools = await this.deps.mediaTools();
    const { document, prepared, timeline, graph, width, height } = await planRender(tools, request.projectDir, options, this.deps.watermarkPng);
    // The document rendered is the one read now (an autosave may have come since `start`): check its takes again.
    const cameos = mergeCameos(options.cameos, await this.cameosOfTakes(document, request.exporter), timeline.takeIds);

    const temps: string[] = [];
    const tempBeside = (what: string) => {
      const temp = path.join(path.dirname(outPath), `.${path.basename(outPath)}.${randomBytes(6).toString('hex')}.${what}${path.extname(outPath)}`);
      temps.push(temp);
      return temp;
    };
    let exportId: number | null = null;
    try {
      // Each step's output is the next one's input; only the last step writes outPath.
      const last = stages.filter((s) => s !== 'upload').at(-1);
      const rendered = last === 'render' ? outPath : tempBeside('render');
      progress('render', 0);
      await renderWithFfmpeg(tools, { args: graph.args, container: graph.container, outPath: rendered, totalFrames: graph.totalFrames, signal, onProgress: (n) => progress('render', n / graph.totalFrames) });
      let current = rendered;
      const identity = options.invisibleWatermark || options.c2pa ? await loadInstallIdentity(this.deps.dataDir) : null;
      if (options.invisibleWatermark && identity) {
        exportId = newExportId();
        const marked = last === 'watermark' ? outPath : tempBeside('marked');
        progress('watermark', 0);
        await markVideo({
          tools,
          inPath: current,
          outPath: marked,
          payload: { installId: identity.installId, exportId },
          encode: { videoArgs: videoCodecArgs(options.format), container: containerOf(options.format) },
          onFrame: (n) => progress('watermark', n / graph.totalFrames),
          signal,
        });
        current = marked;
      }
      if (options.c2pa && identity) {
        progress('sign', 0);
        const manifest = await this.manifest(document, timeline, prepared.takeFiles, cameos, path.basename(outPath));
        if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
        await signExport({ videoPath: current, outPath, manifest, signer: localSigner(await loadSigningCredentials(identity.signingDir, identity.label)) });
        progress('sign', 1);
      }
      if (signal.aborted) {
        await rm(outPath, { force: true });
        throw new DOMException('cancelled', 'AbortError');
      }
      // A revocation (or narrower sharing) during the minutes of rendering reaches this export too: the file is
      // removed, nothing is posted.
      await this.cameosOfTakes(document, request.exporter).catch(async (error: unknown) => {
        await rm(outPath, { force: true });
        throw error;
      });
      const sidecars = request.sidecars === false ? [] : await writeSidecars(outPath, document, timeline, prepared, width, height);
      let post: { id: string; title: string; url: string } | null = null;
      if (publish && this.deps.feed) {
        progress('upload', 0);
        post = await this.publish(request.projectDir, outPath, document, cameos, publish, (f) => progress('upload', f));
      }
      return {
        id: job.view.id,
        state: 'complete',
        output: outPath,
        url: this.deps.mediaUrl(outPath),
        width,
        height,
        frames: timeline.totalFrames,
        fps: timeline.fps,
        format: options.format,
        sidecars,
        exportId,
        post,
        cameoIds: cameos.map((c) => c.cameoId),
        seconds: (Date.now() - started) / 1000,
      };
    } finally {
      await Promise.all(temps.map((t) => rm(t, { force: true })));
    }
  }

  /**
   * The cameos the takes on the document's timeline (every clip that plays a take, on any track) were made with, from
   * the engine's record; throws `ExportError` 'forbidden' when one of those takes is flagged, or when `exporter` may
   * not use one of those cameos now.
   */
  private async cameosOfTakes(document: ProjectDocument, exporter?: Exporter): Promise<TakeCameo[]> {
    const takeIds = [...new Set(document.clips.flatMap((c) => (c.takeId !== null ? [c.takeId] : [])))];
    if (takeIds.length === 0) return [];
    const records = await this.takeRecords.takeCameos(takeIds);
    const flagged = records.filter((r) => r.flag !== null);
    if (flagged.length > 0) throw new ExportError(flaggedTakeMessage(document, flagged), 'forbidden');
    if (exporter && records.length > 0) await this.assertExporterMayUse(document, records, exporter);
    return records;
  }

  /**
   * Each cameo the takes were made with must be one the person exporting may use now — the check generation makes —
   * unless they own it. An export is a use: a take flagged by nothing (the owner narrowed who may use the cameo without
   * revoking anyone, or the project was opened by someone it was never shared with) still keeps the likeness out.
   */
  private async assertExporterMayUse(document: ProjectDocument, records: readonly TakeCameo[], exporter: Exporter): Promise<void> {
    let user: string;
    try {
      user = await exporter();
    } catch (error) {
      if (!(error instanceof CameoLibraryError)) throw error;
      const first = records[0]!;
      throw new ExportError(`${takeName(document, first.takeId)} on the timeline was made with the cameo @${first.cameo.handle}, so it may be exported only by someone @${first.owner} shares it with. ${error.message}`, 'forbidden');
    }
    const refusals = new Map<string, CameoConsentError>();
    const allowed = new Set<string>();
    for (const r of records) {
      if (r.owner === user || allowed.has(r.cameo.id) || refusals.has(r.cameo.id)) continue;
      try {
        await this.takeRecords.assertCameosUsable([r.cameo.id], user);
        allowed.add(r.cameo.id);
      } catch (error) {
        if (!(error instanceof CameoConsentError)) throw error;
        refusals.set(r.cameo.id, error);
      }
    }
    const refused = records.filter((r) => refusals.has(r.cameo.id));
    if (refused.length > 0) throw new ExportError(unusableTakeMessage(document, refused, refusals.get(refused[0]!.cameo.id)!, user), 'forbidden');
  }

  private async manifest(document: ProjectDocument, timeline: ExportTimeline, takeFiles: ReadonlyMap<string, string>, cameos: readonly CameoUse[], title: string): Promise<ExportManifest> {
    const takes = timeline.takeIds.map((id) => document.takes.find((t) => t.id === id)!).filter(Boolean);
    const packs = [...new Map(takes.map((t) => [`${t.modelPack.id}@${t.modelPack.version}`, t.modelPack])).values()];
    return {
      generator: { name: 'Scenecast', version: this.deps.appVersion },
      pack: packs.length ? { name: packs.map((p) => p.id).join(' + '), version: packs.map((p) => p.version).join(' + ') } : { name: 'none (no generated takes)', version: '-' },
      title,
      ingredients: await Promise.all(
        takes.map(async (take) => ({ title: `${take.id} (${path.basename(take.renderPath)})`, sha256: await sha256File(takeFiles.get(take.id)!), format: 'video/mp4' })),
      ),
      cameos: cameos.map((c) => ({ id: c.cameoId, ownerHandle: c.ownerHandle, consentHash: c.consentHash.replace(/^sha256:/, '') })),
    };
  }

  private async publish(
    projectDir: string,
    file: string,
    document: ProjectDocument,
    cameos: readonly CameoUse[],
    publish: { title: string; visibility: 'public' | 'unlisted' },
    onProgress: (fraction: number) => void,
  ): Promise<{ id: string; title: string; url: string }> {
    const feed = this.deps.feed!;
    const renderPath = path.relative(projectDir, file).split(path.sep).join('/');
    const scenes = document.scenes.map((s, i) => `${i + 1}. ${s.prompt}`).join('\n');
    let unsubscribe: () => void = () => {};
    const finished = new Promise<PublishJob>((resolve) => {
      unsubscribe = feed.subscribe((j) => {
        if (j.id === jobId && j.state !== 'uploading') resolve(j);
        else if (j.id === jobId && j.state === 'uploading') onProgress(j.sent / Math.max(1, j.total));
      });
    });
    let jobId = '';
    try {
      const job = await feed.publish({
        dir: projectDir,
        renderPath,
        title: publish.title,
        visibility: publish.visibility,
        prompt: document.scenes[0]?.prompt ?? '',
        storyboardSummary: scenes,
        cameoIds: cameos.map((c) => c.cameoId),
        provenance: {
          generator: 'Scenecast',
          c2pa: true,
          invisibleWatermark: true,
          visibleWatermark: true,
          cameos: cameos.map((c) => ({ id: c.cameoId, owner: c.ownerHandle, consentHash: c.consentHash })),
          modelPacks: [...new Set(document.takes.map((t) => `${t.modelPack.id} ${t.modelPack.version}`))],
        },
      });
      jobId = job.id;
      const end = job.state === 'uploading' ? await finished : job;
      if (end.state === 'failed') throw new ExportError(`The export was made (${file}) but publishing failed: ${end.message}`, 'unavailable');
      if (end.state !== 'published') throw new ExportError('publishing did not finish', 'unavailable');
      return end.post;
    } finally {
      unsubscribe();
    }
  }
}

export interface PlannedRender {
  document: ProjectDocument;
  prepared: PreparedSources;
  timeline: ExportTimeline;
  graph: RenderGraph;
  width: number;
  height: number;
}

/**
 * The render step's ffmpeg command for a project: opens it, resolves and probes what the timeline plays, plans the
 * segments and builds the graph. (The benchmark times this plus `renderWithFfmpeg` against a hand-written command.)
 */
export async function planRender(tools: MediaTools, projectDir: string, options: ExportOptions, watermarkPng = DEFAULT_WATERMARK_PNG): Promise<PlannedRender> {
  const { document } = await openForExport(projectDir);
  if (options.visibleWatermark) {
    await stat(watermarkPng).catch(() => {
      throw new ExportError(`the watermark art ${watermarkPng} is missing; reinstall Scenecast (or run npm run art:watermark in a checkout)`, 'unavailable');
    });
  }
  const prepared = await prepareSources(tools, projectDir, document);
  const timeline = planExportTimeline(document, prepared.video);
  const { width, height } = exportSize(options);
  const graph = buildRenderGraph({
    timeline,
    sources: prepared.video,
    audioInputs: prepared.audio,
    width,
    height,
    format: options.format,
    crossfadeFrames: options.crossfadeFrames,
    watermarkPng: options.visibleWatermark ? watermarkPng : null,
  });
  return { document, prepared, timeline, graph, width, height };
}

function openForExport(projectDir: string): ReturnType<typeof openProject> {
  return openProject(projectDir).catch((error: Error) => {
    throw new ExportError(`cannot open the project ${projectDir}: ${error.message}`, 'not_found');
  });
}

/**
 * The cameos in the video: those the caller named (checked usable by whoever exports, in the router) and those the
 * engine's record says the takes in the file were made with; for a cameo in both, the record's owner and consent hash.
 */
function mergeCameos(named: readonly CameoUse[], records: readonly TakeCameo[], usedTakeIds: readonly string[]): CameoUse[] {
  const used = new Set(usedTakeIds);
  const byId = new Map(named.map((c) => [c.cameoId, c]));
  for (const r of records) {
    if (used.has(r.takeId) && r.consentHash !== null) byId.set(r.cameo.id, { cameoId: r.cameo.id, ownerHandle: r.owner, consentHash: r.consentHash });
  }
  return [...byId.values()];
}

/** "Take 2 of scene 1 (<take id>)", as the storyboard numbers it; "The take <id>" for one no scene lists. */
function takeName(document: ProjectDocument, takeId: string): string {
  const take = document.takes.find((t) => t.id === takeId);
  const sceneIndex = take ? document.scenes.findIndex((s) => s.id === take.sceneId) : -1;
  const scene = sceneIndex >= 0 ? document.scenes[sceneIndex] : undefined;
  const takeNumber = scene ? scene.takeIds.indexOf(takeId) + 1 : 0;
  return scene ? `Take ${takeNumber > 0 ? `${takeNumber} ` : ''}of scene ${sceneIndex + 1} (${takeId})` : `The take ${takeId}`;
}

/** " (and 2 more takes on the timeline)" beyond the first of the takes named. */
function moreTakes(takes: readonly TakeCameo[]): string {
  const others = new Set(takes.map((t) => t.takeId)).size - 1;
  return others > 0 ? ` (and ${others} more take${others === 1 ? '' : 's'} on the timeline)` : '';
}

/** "Take 2 of scene 1 (…) was made with the cameo @x, which @owner has deleted: …" — the first flagged take, and how many more. */
function flaggedTakeMessage(document: ProjectDocument, flagged: readonly TakeCameo[]): string {
  const first = flagged[0]!;
  const why = first.flag!.reason === 'deleted' ? `which @${first.owner} has deleted` : `and @${first.owner} has revoked @${first.user}'s consent to use it`;
  return `${takeName(document, first.takeId)} on the timeline was made with the cameo @${first.cameo.handle}, ${why}${moreTakes(flagged)}. Remove it from the timeline, then export again.`;
}

/** "Take 1 of scene 2 (…) was made with the cameo @x, which @owner does not share with @you now: …" — and how many more. */
function unusableTakeMessage(document: ProjectDocument, refused: readonly TakeCameo[], why: CameoConsentError, user: string): string {
  const first = refused[0]!;
  const which = `${takeName(document, first.takeId)} on the timeline was made with the cameo @${first.cameo.handle}`;
  switch (why.reason) {
    case 'revoked':
      return `${which}, and @${first.owner} has revoked @${user}'s consent to use it${moreTakes(refused)}. Remove it from the timeline, then export again.`;
    case 'not_shared':
      return `${which}, which @${first.owner} does not share with @${user} now${moreTakes(refused)}. Ask @${first.owner} for access, or remove it from the timeline, then export again.`;
    default:
      return `${which}, which @${user} may not use now: ${why.message}${moreTakes(refused)}. Remove it from the timeline, then export again.`;
  }
}

/** The first call's promise, for every call. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= fn());
}

interface PreparedSources {
  video: Record<string, ExportSource>;
  audio: Record<string, MixInputAsset>;
  /** Take id → its render's absolute path (C2PA ingredient hashes). */
  takeFiles: Map<string, string>;
  /** Audio key → file (FCPXML). */
  audioFiles: Record<string, string>;
}

/** Resolves every file the timeline plays inside the project (no path leaves it) and learns what the plan needs. */
async function prepareSources(tools: MediaTools, dir: string, document: ProjectDocument): Promise<PreparedSources> {
  const kinds = new Map(document.tracks.map((t) => [t.id, t.kind]));
  const video: Record<string, ExportSource> = {};
  const audio: Record<string, MixInputAsset> = {};
  const audioFiles: Record<string, string> = {};
  const takeFiles = new Map<string, string>();
  const inProject = async (relative: string, what: string) => {
    try {
      const file = await resolveInProject(dir, relative);
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      return file;
    } catch (error) {
      throw new ExportError(`${what}: ${relative} cannot be read (${(error as Error).message}). Render it again or remove it from the timeline.`, 'not_found');
    }
  };
  for (const clip of document.clips) {
    const kind = kinds.get(clip.trackId);
    if (kind === 'video') {
      if (clip.takeId !== null) {
        const key = `take:${clip.takeId}`;
        if (video[key]) continue;
        const take = document.takes.find((t) => t.id === clip.takeId)!;
        if (take.status !== 'ready') throw new ExportError(`take ${take.id} on the timeline is ${take.status}, not ready; wait for it or remove its clip`);
        const file = await inProject(take.renderPath, `take ${take.id}`);
        takeFiles.set(take.id, file);
        video[key] = { path: file, fps: take.fps, frames: take.frames };
      } else {
        const key = `asset:${clip.assetId}`;
        if (video[key]) continue;
        const asset = document.assets.find((a) => a.id === clip.assetId);
        if (!asset) throw new ExportError(`clip ${clip.id} plays asset ${clip.assetId}, which the project does not list`);
        const file = await inProject(asset.path, `asset ${asset.name}`);
        const probe = await probeMedia(tools, file);
        if (!probe.video) throw new ExportError(`clip ${clip.id} on a video track plays ${asset.name}, which has no picture`);
        video[key] = { path: file, fps: Math.round(probe.video.fps) || document.fps, frames: probe.video.frameCount ?? Math.round((probe.durationSeconds ?? 0) * probe.video.fps) };
      }
    } else if (kind === 'audio') {
      if (clip.takeId !== null) {
        const key = audioSourceKey(clip);
        if (audio[key]) continue;
        const take = document.takes.find((t) => t.id === clip.takeId)!;
        if (!take.audioPath) throw new ExportError(`clip ${clip.id} on an audio track plays take ${take.id}, which has no sound`);
        const file = await inProject(take.audioPath, `the sound of take ${take.id}`);
        const probe = await probeMedia(tools, file);
        if (!probe.audio) throw new ExportError(`the sound of take ${take.id} (${take.audioPath}) has no audio stream`);
        audio[key] = { path: file, channels: probe.audio.channels };
        audioFiles[key] = file;
        takeFiles.set(take.id, takeFiles.get(take.id) ?? (await inProject(take.renderPath, `take ${take.id}`)));
      } else {
        const key = audioSourceKey(clip);
        if (audio[key]) continue;
        const asset = document.assets.find((a) => a.id === clip.assetId);
        if (!asset) throw new ExportError(`clip ${clip.id} plays asset ${clip.assetId}, which the project does not list`);
        audio[key] = { path: await inProject(asset.path, `asset ${asset.name}`), channels: asset.channels };
        audioFiles[key] = audio[key].path;
      }
    }
  }
  return { video, audio, takeFiles, audioFiles };
}

async function writeSidecars(outPath: string, document: ProjectDocument, timeline: ExportTimeline, prepared: PreparedSources, width: number, height: number): Promise<string[]> {
  const base = outPath.slice(0, -path.extname(outPath).length);
  const written: string[] = [];
  const fcpxml = buildFcpxml({ document, timeline, sources: prepared.video, audioFiles: prepared.audioFiles, width, height });
  await writeFileAtomic(`${base}.fcpxml`, fcpxml);
  written.push(`${base}.fcpxml`);
  const srt = buildMarkerSrt(document.markers, timeline.fps, timeline.totalFrames);
  if (srt) {
    await writeFileAtomic(`${base}.srt`, srt);
    written.push(`${base}.srt`);
  }
  return written;
}

function describeFailure(error: unknown): string {
  if (error instanceof ExportError || error instanceof ExportPlanError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  // ffmpeg's failures carry its stderr's last lines after the first: the earliest of them is usually the cause.
  const lines = message.split('\n').filter(Boolean);
  return lines.length > 1 ? `${lines[0]}: ${lines[1]!.replace(/^\[[^\]]+\] /, '')}` : (lines[0] ?? 'the export failed');
}
