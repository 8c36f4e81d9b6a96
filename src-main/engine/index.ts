import { createRequire } from 'node:module';
import path from 'node:path';
import { CameoLibraryError, captureVerifier, createCameoDomain, type CameoDomain, feedCameoHooks, feedFollowGraph, keyFileSource, studioFeedAccount } from './cameos/index.js';
import { ExportService } from './export/service.js';
import { FeedService } from './feed/service.js';
import type { EngineHost } from './host.js';
import { GenerationQueue } from './inference/generation.js';
import { PackRegistry } from './inference/packs.js';
import { InferenceWorker } from './inference/worker/supervisor.js';
import { locateMediaTools, type MediaTools } from './media/index.js';
import { ProjectService } from './projects/service.js';
import { createAppRouter, type AppRouter } from './router.js';
import type { EngineContext, EngineTransport } from './trpc.js';

export type { AppRouter } from './router.js';
export type { EngineContext, EngineTransport } from './trpc.js';
export type { EngineHost, WorkerChannel, WorkerSpawner } from './host.js';

export interface Engine {
  router: AppRouter;
  createContext(opts: { clientId: string; transport?: EngineTransport }): EngineContext;
  queue: GenerationQueue;
  packs: PackRegistry;
  mediaTools(): Promise<MediaTools>;
  /** The cameo library (consent checks for other domains, e.g. `cameos.library.assertCameosUsable`). */
  cameos: CameoDomain;
  /** The inference worker's process id while one is running (diagnostics and tests). */
  workerPid(): number | undefined;
  dispose(): Promise<void>;
}

const appVersion = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/** The composition root: builds every engine service from what the host provides. */
export async function createEngine(host: EngineHost): Promise<Engine> {
  let tools: Promise<MediaTools> | null = null;
  const mediaTools = () => {
    tools ??= locateMediaTools({ settingPath: host.settings.get().ffmpegPath, env: process.env });
    // A failed search is retried next time (the user may have installed ffmpeg meanwhile).
    tools.catch(() => (tools = null));
    return tools;
  };
  host.settings.onChange(() => (tools = null));

  const packs = new PackRegistry(host.modelsDir, () => host.settings.get().modelPack);
  const worker = new InferenceWorker(host.spawnWorker, host.workerEntry);
  const queue = new GenerationQueue({
    admission: { admit: (request, placement) => cameos.generations.admit(request, placement) },
    packs,
    worker,
    mediaTools,
    settings: () => host.settings.get(),
    rendersDir: path.join(host.dataDir, 'renders'),
    mediaUrl: (p) => host.mediaUrl(p),
  });
  const projects = new ProjectService({
    defaultParent: () => host.settings.get().projectsDir || path.join(host.dataDir, 'projects'),
    settings: host.settings,
  });
  const feed = new FeedService({ dataDir: host.dataDir, settings: host.settings, projects, startEmbedded: host.startFeedServer });
  const feedAccount = studioFeedAccount(feed, host.dataDir);
  const cameos = createCameoDomain({
    dataDir: host.dataDir,
    keySource: host.cameoKey ?? keyFileSource(path.join(host.dataDir, 'cameos', 'key')),
    follows: feedFollowGraph(feedAccount),
    feed: feedCameoHooks(feedAccount),
    verifyCapture: captureVerifier(mediaTools),
  });
  cameos.generations.attach(queue);
  const cameoIdentity = async () => {
    const account = await feedAccount();
    if (!account) throw new CameoLibraryError('Sign in to the feed first: a cameo belongs to your account.', 'forbidden');
    return account.handle.toLowerCase();
  };
  const exports = new ExportService({
    dataDir: host.dataDir,
    appVersion,
    mediaTools,
    settings: host.settings,
    mediaUrl: (p) => host.mediaUrl(p),
    feed,
    // The same library generation records takes in: every export checks its timeline's takes against it.
    cameos: cameos.library,
    watermarkPng: host.resourcesDir ? path.join(host.resourcesDir, 'watermark', 'scenecast-watermark.png') : undefined,
  });
  const router = createAppRouter({
    appVersion,
    settings: host.settings,
    queue,
    packs,
    mediaTools,
    projects,
    mediaUrl: (p) => host.mediaUrl(p),
    peaksCacheDir: path.join(host.dataDir, 'cache', 'peaks'),
    feed,
    cameos,
    cameoIdentity,
    exports,
  });
  return {
    router,
    createContext: ({ clientId, transport }) => (transport ? { clientId, transport } : { clientId }),
    queue,
    packs,
    mediaTools,
    cameos,
    workerPid: () => worker.pid,
    // The embedded feed server is a child process: stop it with the engine.
    dispose: async () => {
      await Promise.all([queue.dispose(), exports.dispose(), feed.dispose()]);
    },
  };
}
