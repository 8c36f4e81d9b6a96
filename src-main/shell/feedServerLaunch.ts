/**
 * How the desktop app runs its embedded feed server (a process of its own, EngineHost.startFeedServer).
 *
 * Packaged: Electron's own binary as Node (ELECTRON_RUN_AS_NODE=1) on the feed server built by electron-vite
 * (out/main/feed-server.js), with the web UI built ahead (out/feed-web, FEED_WEB_ASSETS). No second runtime ships,
 * it is signed with the app and updated with Electron. Its native modules must be Electron's ABI: argon2 is N-API,
 * better-sqlite3 is not, and `npm run package` puts an Electron build of it into the package
 * (scripts/package/electron-native.cjs). The RunAsNode fuse must stay enabled for this.
 *
 * Development (`npm start` from a checkout): node_modules holds better-sqlite3 built for plain Node 22 (the tests use
 * it), which Electron cannot load, so the server runs on a Node 22 from the PATH (or SCENECAST_FEED_NODE) from its
 * TypeScript sources through tsx, as web mode does.
 *
 * Electron-free, so it is tested.
 */
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import type { SpawnFeedServerOptions } from '../../feed-server/src/spawn.js';

export interface FeedServerLaunchInput {
  isPackaged: boolean;
  /** `process.execPath`: the Electron binary. */
  execPath: string;
  /** The folder of the built main script (out/main). */
  mainDir: string;
  /** `app.getAppPath()`: the repo root in development. */
  appPath: string;
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Whether a file is an executable (injectable for tests). */
  isExecutable?: (file: string) => boolean;
}

export interface FeedServerLaunch {
  nodePath: string;
  entry: string;
  execArgv: string[];
  /** Unset when packaged: the app folder may be an asar archive, which cannot be a working directory. */
  cwd?: string;
  env: Record<string, string>;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first `node` on PATH, as a shell would find it. */
export function findNodeOnPath(env: FeedServerLaunchInput['env'], platform: NodeJS.Platform, isExecutable = executable): string | undefined {
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const separator = platform === 'win32' ? ';' : ':';
  const name = platform === 'win32' ? 'node.exe' : 'node';
  for (const dir of (env.PATH ?? env.Path ?? '').split(separator)) {
    // A relative PATH entry would depend on the working directory: skip it, as a careful shell does.
    if (!dir || !paths.isAbsolute(dir)) continue;
    const candidate = paths.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function feedServerLaunch(input: FeedServerLaunchInput): FeedServerLaunch {
  const env = { FEED_LOG_LEVEL: 'warn' };
  if (input.isPackaged) {
    return {
      nodePath: input.execPath,
      entry: path.join(input.mainDir, 'feed-server.js'),
      execArgv: [],
      env: { ...env, ELECTRON_RUN_AS_NODE: '1', FEED_WEB_ASSETS: path.join(input.mainDir, '..', 'feed-web') },
    };
  }
  const isExecutable = input.isExecutable ?? executable;
  const override = input.env.SCENECAST_FEED_NODE;
  if (override !== undefined && override !== '') {
    if (!path.isAbsolute(override) || !isExecutable(override)) {
      throw new Error(`SCENECAST_FEED_NODE is "${override}", which is not an absolute path to an executable Node.js 22; fix it or unset it to use the node on the PATH.`);
    }
  }
  const nodePath = override || findNodeOnPath(input.env, input.platform, isExecutable);
  if (!nodePath) {
    throw new Error('The local feed server needs Node.js 22 when Scenecast runs from a checkout: put it on the PATH (`. scripts/setup-node.sh`) or set SCENECAST_FEED_NODE.');
  }
  return {
    nodePath,
    entry: path.join(input.appPath, 'feed-server', 'src', 'main.ts'),
    execArgv: ['--import', 'tsx'],
    cwd: input.appPath,
    env,
  };
}

/** What spawnFeedServer gets: the launch, the data folder, and the studio's own ffmpeg/ffprobe when it found them. */
export function feedServerSpawnOptions(launch: FeedServerLaunch, dataDir: string, mediaTools?: { ffmpeg: string; ffprobe: string }): SpawnFeedServerOptions {
  return {
    dataDir,
    port: 0,
    host: '127.0.0.1',
    nodePath: launch.nodePath,
    entry: launch.entry,
    execArgv: launch.execArgv,
    ...(launch.cwd ? { cwd: launch.cwd } : {}),
    env: { ...launch.env, ...(mediaTools ? { FFMPEG_PATH: mediaTools.ffmpeg, FFPROBE_PATH: mediaTools.ffprobe } : {}) },
  };
}
