import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/settings';
import { mediaRoots, resolveShellPaths } from './paths';

const base = { appPath: '/repo', resourcesPath: '/opt/Scenecast/resources', userDataPath: '/home/ada/.config/Scenecast', mainDir: '/repo/out/main' };

describe('resolveShellPaths', () => {
  it('uses the checkout in development and the resources folder when packaged', () => {
    expect(resolveShellPaths({ ...base, isPackaged: false }).modelsDir).toBe(path.join('/repo', 'models'));
    expect(resolveShellPaths({ ...base, isPackaged: true }).modelsDir).toBe(path.join('/opt/Scenecast/resources', 'models'));
    // The watermark art that exports overlay: electron-builder copies resources/ beside app.asar.
    expect(resolveShellPaths({ ...base, isPackaged: false }).resourcesDir).toBe(path.join('/repo', 'resources'));
    expect(resolveShellPaths({ ...base, isPackaged: true }).resourcesDir).toBe(path.join('/opt/Scenecast/resources', 'resources'));
  });

  it('finds the preload, renderer and worker beside the built main script', () => {
    const paths = resolveShellPaths({ ...base, isPackaged: false });
    expect(paths.preloadPath).toBe(path.join('/repo/out/preload/index.cjs'));
    expect(paths.feedPreloadPath).toBe(path.join('/repo/out/preload/feed-view.cjs'));
    expect(paths.rendererDir).toBe(path.join('/repo/out/renderer'));
    expect(paths.workerEntry).toBe(path.join('/repo/out/main/inference-worker.js'));
    expect(paths.logDir).toBe(path.join('/home/ada/.config/Scenecast/logs'));
  });
});

describe('mediaRoots', () => {
  const paths = { dataDir: '/data', modelsDir: '/repo/models' };
  it('defaults to the data folder projects, the renders and the models', () => {
    expect(mediaRoots(defaultSettings, paths)).toEqual([path.join('/data/projects'), path.join('/data/renders'), '/repo/models']);
  });

  it('follows the projects setting and includes recent projects opened from elsewhere, ignoring relative entries', () => {
    const settings = { ...defaultSettings, projectsDir: '/mnt/video', recentProjects: ['/media/usb/Trailer', 'relative/thing', '/mnt/video'] };
    expect(mediaRoots(settings, paths)).toEqual(['/mnt/video', path.join('/data/renders'), '/repo/models', '/media/usb/Trailer']);
  });
});
