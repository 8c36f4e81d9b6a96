/**
 * The desktop app's feed server launch: the arguments for a packaged app and a checkout, and both layouts started for
 * real. The packaged one runs here on plain Node standing in for Electron-as-Node (the Electron binary cannot run on
 * this machine): the same bundled entry and prebuilt web UI the package holds, with ELECTRON_RUN_AS_NODE set.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../../feed-server/src/client.js';
import { spawnFeedServer } from '../../feed-server/src/spawn.js';
import { writeWebAssets } from '../../feed-server/src/web/routes.js';
import { feedServerLaunch, feedServerSpawnOptions, findNodeOnPath } from './feedServerLaunch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const base = { execPath: '/opt/Scenecast/scenecast', mainDir: '/opt/Scenecast/resources/app.asar/out/main', appPath: '/opt/Scenecast/resources/app.asar', platform: 'linux' as const };

describe('feed server launch arguments', () => {
  it('packaged: Electron\'s own binary as Node, on the bundled entry and the prebuilt web UI', () => {
    const launch = feedServerLaunch({ ...base, isPackaged: true, env: { PATH: '/usr/bin' } });
    expect(launch).toEqual({
      nodePath: '/opt/Scenecast/scenecast',
      entry: '/opt/Scenecast/resources/app.asar/out/main/feed-server.js',
      execArgv: [],
      env: { FEED_LOG_LEVEL: 'warn', ELECTRON_RUN_AS_NODE: '1', FEED_WEB_ASSETS: '/opt/Scenecast/resources/app.asar/out/feed-web' },
    });
    expect(launch.cwd).toBeUndefined();
  });

  it('from a checkout: the Node 22 on the PATH (or SCENECAST_FEED_NODE) on the TypeScript sources', () => {
    const executables = new Set(['/opt/node22/bin/node', '/usr/local/bin/node', '/custom/node']);
    const isExecutable = (file: string) => executables.has(file);
    const dev = { ...base, isPackaged: false, appPath: '/src/scenecast', isExecutable };
    expect(feedServerLaunch({ ...dev, env: { PATH: 'relative/bin:/nowhere:/opt/node22/bin:/usr/local/bin' } })).toEqual({
      nodePath: '/opt/node22/bin/node',
      entry: '/src/scenecast/feed-server/src/main.ts',
      execArgv: ['--import', 'tsx'],
      cwd: '/src/scenecast',
      env: { FEED_LOG_LEVEL: 'warn' },
    });
    expect(feedServerLaunch({ ...dev, env: { PATH: '/usr/local/bin', SCENECAST_FEED_NODE: '/custom/node' } }).nodePath).toBe('/custom/node');
    expect(() => feedServerLaunch({ ...dev, env: { PATH: '/usr/local/bin', SCENECAST_FEED_NODE: 'node' } })).toThrow(/SCENECAST_FEED_NODE is "node", which is not an absolute path/);
    expect(() => feedServerLaunch({ ...dev, env: { PATH: '/usr/local/bin', SCENECAST_FEED_NODE: '/missing/node' } })).toThrow(/SCENECAST_FEED_NODE/);
    expect(() => feedServerLaunch({ ...dev, env: { PATH: '/nowhere' } })).toThrow(/needs Node\.js 22 .*PATH.*SCENECAST_FEED_NODE/);
  });

  it('finds node.exe on a Windows Path', () => {
    const found = findNodeOnPath({ Path: 'C:\\Windows;C:\\Program Files\\nodejs' }, 'win32', (file) => file === 'C:\\Program Files\\nodejs\\node.exe');
    expect(found).toBe('C:\\Program Files\\nodejs\\node.exe');
  });

  it('passes the studio\'s ffmpeg on, and never a port other than a free loopback one', () => {
    const launch = feedServerLaunch({ ...base, isPackaged: true, env: {} });
    const options = feedServerSpawnOptions(launch, '/data/feed', { ffmpeg: '/opt/ff/ffmpeg', ffprobe: '/opt/ff/ffprobe' });
    expect(options).toMatchObject({ dataDir: '/data/feed', port: 0, host: '127.0.0.1', nodePath: base.execPath, entry: launch.entry, execArgv: [] });
    expect(options.env).toMatchObject({ ELECTRON_RUN_AS_NODE: '1', FFMPEG_PATH: '/opt/ff/ffmpeg', FFPROBE_PATH: '/opt/ff/ffprobe' });
    expect(feedServerSpawnOptions(launch, '/data/feed').env).not.toHaveProperty('FFMPEG_PATH');
  });
});

describe('feed server launch, started for real', () => {
  const temp: string[] = [];
  afterAll(() => {
    for (const dir of temp) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = (parent: string, prefix: string) => {
    const dir = mkdtempSync(path.join(parent, prefix));
    temp.push(dir);
    return dir;
  };

  async function expectWorkingFeed(options: Parameters<typeof spawnFeedServer>[0]) {
    const server = await spawnFeedServer(options);
    try {
      const page = await fetch(`${server.url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('app.js');
      expect(await (await fetch(`${server.url}/app.js`)).text()).toContain('scenecast:remix');
      const client = new FeedClient(server.url);
      await client.signUp({ handle: 'launched', displayName: 'L', password: 'long enough password' });
      expect((await client.feed()).posts).toEqual([]);
    } finally {
      await server.close();
    }
  }

  it('from a checkout', async () => {
    const launch = feedServerLaunch({ isPackaged: false, execPath: '/no/electron', mainDir: path.join(root, 'out', 'main'), appPath: root, env: process.env, platform: process.platform });
    await expectWorkingFeed(feedServerSpawnOptions(launch, tempDir(os.tmpdir(), 'feed-launch-dev-')));
  });

  it('as packaged: the bundled entry with the prebuilt web UI, and no feed-server/web beside it', async () => {
    // Under node_modules so the bundle's external packages resolve as they do from app.asar's node_modules.
    const cache = path.join(root, 'node_modules', '.cache');
    await mkdir(cache, { recursive: true });
    const app = tempDir(cache, 'feed-launch-packaged-');
    const mainDir = path.join(app, 'out', 'main');
    await build({ entryPoints: [path.join(root, 'feed-server', 'src', 'main.ts')], outfile: path.join(mainDir, 'feed-server.js'), bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent' });
    await writeWebAssets(path.join(app, 'out', 'feed-web'));
    const launch = feedServerLaunch({ isPackaged: true, execPath: process.execPath, mainDir, appPath: app, env: {}, platform: process.platform });
    await expectWorkingFeed(feedServerSpawnOptions(launch, tempDir(os.tmpdir(), 'feed-launch-packaged-data-')));
  });
});
