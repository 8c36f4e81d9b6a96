import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineHost } from '../host.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { nodeWorkerSpawner } from './nodeWorkerSpawner.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Per-user data folder outside Electron: SCENECAST_DATA_DIR, else the platform's usual place. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SCENECAST_DATA_DIR) return path.resolve(env.SCENECAST_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Scenecast');
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Scenecast');
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'Scenecast');
}

/** The engine host for plain Node (CLI, web mode, tests): a settings file, forked workers, models from the checkout. */
export function createNodeHost(options: { dataDir?: string; mediaUrl?: (p: string) => string; modelsDir?: string } = {}): EngineHost & {
  settings: FileSettingsStore;
} {
  const dataDir = options.dataDir ?? defaultDataDir();
  return {
    dataDir,
    modelsDir: options.modelsDir ?? path.join(repoRoot, 'models'),
    workerEntry: path.join(repoRoot, 'src-main', 'engine', 'inference', 'worker', 'entry.ts'),
    spawnWorker: nodeWorkerSpawner,
    mediaUrl: options.mediaUrl ?? ((p) => new URL(`file://${path.resolve(p)}`).href),
    settings: new FileSettingsStore(path.join(dataDir, 'settings.json')),
  };
}
