import { audioRouter } from './audio/router.js';
import type { CameoDomain, CameoIdentity } from './cameos/index.js';
import { cameosRouter } from './cameos/router.js';
import { exportRouter } from './export/router.js';
import type { ExportService } from './export/service.js';
import { feedRouter } from './feed/router.js';
import type { FeedService } from './feed/service.js';
import { router } from './trpc.js';
import { inferenceRouter } from './inference/router.js';
import type { GenerationQueue } from './inference/generation.js';
import type { PackRegistry } from './inference/packs.js';
import type { MediaTools } from './media/index.js';
import { projectsRouter } from './projects/router.js';
import { takesRouter } from './projects/takes.js';
import type { ProjectService } from './projects/service.js';
import { settingsRouter } from './settings/router.js';
import type { SettingsStore } from './settings/store.js';
import { systemRouter } from './system/router.js';

export interface RouterDeps {
  appVersion: string;
  settings: SettingsStore;
  queue: GenerationQueue;
  packs: PackRegistry;
  mediaTools: () => Promise<MediaTools>;
  projects: ProjectService;
  /** The URL a UI loads a local file from (custom protocol in Electron, capability URL in web mode). */
  mediaUrl: (absolutePath: string) => string;
  /** Folder for cached waveform peaks (`<data dir>/cache/peaks`). */
  peaksCacheDir: string;
  feed: FeedService;
  cameos: CameoDomain;
  /** Who is acting on the cameo library (the signed-in feed account). */
  cameoIdentity: CameoIdentity;
  exports: ExportService;
}

/** The one typed contract between every UI and the engine, composed from each domain's router. */
export function createAppRouter(deps: RouterDeps) {
  const inference = inferenceRouter(deps);
  return router({
    system: systemRouter(deps),
    settings: settingsRouter(deps.settings),
    models: inference.models,
    generation: inference.generation,
    projects: projectsRouter(deps.projects),
    takes: takesRouter(deps),
    audio: audioRouter({ mediaTools: deps.mediaTools, peaksCacheDir: deps.peaksCacheDir }),
    feed: feedRouter(deps.feed),
    cameos: cameosRouter({ cameos: deps.cameos, identity: deps.cameoIdentity, accountChanges: (listener) => deps.feed.onAccountChange(listener) }),
    export: exportRouter({
      exports: deps.exports,
      cameoConsent: async (ctx, ids) => deps.cameos.library.consentForUse(ids, await deps.cameoIdentity(ctx)),
      exporter: (ctx) => deps.cameoIdentity(ctx),
      cameoUsed: async (ctx, ids, use) => {
        const user = await deps.cameoIdentity(ctx);
        for (const cameoId of new Set(ids)) await deps.cameos.library.recordUse({ cameoId, user, ...use });
      },
    }),
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;
