import os from 'node:os';
import { createRequire } from 'node:module';
import { procedure, router } from '../trpc.js';
import type { MediaTools } from '../media/index.js';

export interface SystemInfo {
  app: { name: 'Scenecast'; version: string };
  platform: NodeJS.Platform;
  arch: string;
  cpus: number;
  memoryGiB: number;
  node: string;
  onnxRuntime: string;
  ffmpeg: { ok: true; path: string; source: string; version: string } | { ok: false; message: string };
}

export function systemRouter(deps: { appVersion: string; mediaTools: () => Promise<MediaTools> }) {
  return router({
    info: procedure.query(async (): Promise<SystemInfo> => {
      let ffmpeg: SystemInfo['ffmpeg'];
      try {
        const tools = await deps.mediaTools();
        ffmpeg = { ok: true, path: tools.ffmpeg, source: tools.source, version: tools.version };
      } catch (err) {
        ffmpeg = { ok: false, message: (err as Error).message };
      }
      return {
        app: { name: 'Scenecast', version: deps.appVersion },
        platform: process.platform,
        arch: process.arch,
        cpus: os.availableParallelism(),
        memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
        node: process.versions.node,
        onnxRuntime: ortVersion(),
        ffmpeg,
      };
    }),
  });
}

/** Read from the package so the main process never loads ONNX Runtime itself (inference lives in the worker). */
function ortVersion(): string {
  try {
    return (createRequire(import.meta.url)('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
