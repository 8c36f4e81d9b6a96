/** Where the desktop app finds its parts and keeps its data. Pure, so the rules are testable without Electron. */
import path from 'node:path';
import type { Settings } from '../../src-shared/settings.js';

export interface ShellPathsInput {
  isPackaged: boolean;
  /** `app.getAppPath()`: the repo root in development, app.asar when packaged. */
  appPath: string;
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string;
  /** `app.getPath('userData')`. */
  userDataPath: string;
  /** The folder of the built main script (out/main). */
  mainDir: string;
}

export interface ShellPaths {
  dataDir: string;
  logDir: string;
  modelsDir: string;
  /** App resources (watermark art, icons): resources/ of the checkout, or beside app.asar when packaged. */
  resourcesDir: string;
  preloadPath: string;
  /** The feed view's own preload (remix only). */
  feedPreloadPath: string;
  rendererDir: string;
  workerEntry: string;
}

export function resolveShellPaths(input: ShellPathsInput): ShellPaths {
  return {
    dataDir: input.userDataPath,
    logDir: path.join(input.userDataPath, 'logs'),
    modelsDir: input.isPackaged ? path.join(input.resourcesPath, 'models') : path.join(input.appPath, 'models'),
    resourcesDir: input.isPackaged ? path.join(input.resourcesPath, 'resources') : path.join(input.appPath, 'resources'),
    preloadPath: path.join(input.mainDir, '..', 'preload', 'index.cjs'),
    feedPreloadPath: path.join(input.mainDir, '..', 'preload', 'feed-view.cjs'),
    rendererDir: path.join(input.mainDir, '..', 'renderer'),
    workerEntry: path.join(input.mainDir, 'inference-worker.js'),
  };
}

/**
 * Folders the media protocol may serve from: the projects folder, the engine's renders, the model packs, and project
 * folders the user opened from elsewhere (recent projects).
 */
export function mediaRoots(settings: Settings, paths: Pick<ShellPaths, 'dataDir' | 'modelsDir'>): string[] {
  const roots = [
    settings.projectsDir || path.join(paths.dataDir, 'projects'),
    path.join(paths.dataDir, 'renders'),
    paths.modelsDir,
    ...settings.recentProjects,
  ];
  return [...new Set(roots.filter((root) => path.isAbsolute(root)))];
}
