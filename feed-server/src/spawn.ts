import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FeedServerMessage, RunningFeedServer } from './main.js';

export interface SpawnFeedServerOptions {
  port?: number;
  host?: string;
  dataDir: string;
  databaseUrl?: string;
  /**
   * The Node.js binary to run it with (default: this process's). Its native modules (better-sqlite3, argon2) must be
   * built for that runtime: the desktop app runs Electron's own binary as Node (ELECTRON_RUN_AS_NODE in `env`) with
   * modules built for Electron; see src-main/shell/feedServerLaunch.ts.
   */
  nodePath?: string;
  /** The script to run (default: main.ts beside this file, through tsx) and the runtime flags it needs. */
  entry?: string;
  execArgv?: string[];
  cwd?: string;
  /** Extra environment (FEED_LOG_LEVEL, FEED_MAX_UPLOAD_BYTES, …). */
  env?: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

const MAIN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');

/**
 * Runs the feed server in its own process (the studio's embedded default), so a crash or a long request there never
 * blocks the studio. Resolves once it listens; `close()` stops it gracefully (SIGTERM, then SIGKILL after 15 s).
 */
export function spawnFeedServer(options: SpawnFeedServerOptions): Promise<RunningFeedServer & { pid: number }> {
  const child = fork(options.entry ?? MAIN, [], {
    execPath: options.nodePath ?? process.execPath,
    execArgv: options.execArgv ?? (options.entry ? [] : ['--import', 'tsx']),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env: {
      ...process.env,
      ...options.env,
      FEED_PORT: String(options.port ?? 0),
      FEED_HOST: options.host ?? '127.0.0.1',
      FEED_DATA_DIR: options.dataDir,
      DATABASE_URL: options.databaseUrl ?? '',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const close = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void close();
      reject(new Error(`feed server: did not start within ${options.startTimeoutMs ?? 30_000} ms`));
    }, options.startTimeoutMs ?? 30_000);
    child.on('message', (message: FeedServerMessage) => {
      if (message.type === 'scenecast-feed:listening') {
        clearTimeout(timer);
        resolve({ url: message.url, pid: child.pid!, close });
      } else if (message.type === 'scenecast-feed:failed') {
        clearTimeout(timer);
        reject(new Error(message.message));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`feed server: process exited (code ${code}) before it was listening`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`feed server: could not start a process with ${options.nodePath ?? process.execPath}: ${error.message}`));
    });
  });
}
