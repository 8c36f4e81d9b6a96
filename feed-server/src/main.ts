import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { buildFeedApp } from './app.js';
import { configFromEnv, parseFeedConfig, type FeedConfigInput } from './config.js';

export interface StartFeedServerOptions extends Partial<FeedConfigInput> {
  port?: number;
  dataDir: string;
  databaseUrl?: string;
  logStream?: Writable;
}

export interface RunningFeedServer {
  url: string;
  close(): Promise<void>;
}

/** Starts a feed server (the studio embeds one this way). `port: 0` picks a free port; the URL says which. */
export async function startFeedServer(options: StartFeedServerOptions): Promise<RunningFeedServer> {
  const { logStream, ...input } = options;
  const config = parseFeedConfig({ logLevel: 'warn', ...input });
  const { app } = await buildFeedApp(config, logStream ? { logStream } : {});
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await app.close();
    throw new Error(`feed server: could not listen on ${config.host}:${config.port}: ${(error as Error).message}`, { cause: error });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}

/** What a feed server started as a child process (see spawn.ts) tells its parent over IPC. */
export type FeedServerMessage = { type: 'scenecast-feed:listening'; url: string } | { type: 'scenecast-feed:failed'; message: string };

async function runFromCommandLine(): Promise<void> {
  const config = configFromEnv(process.env);
  const { app } = await buildFeedApp(config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  process.send?.({ type: 'scenecast-feed:listening', url: `http://${config.host}:${port}` } satisfies FeedServerMessage);
  const stop = async () => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Spawned with IPC: when the parent goes away, so does the feed server.
  process.once('disconnect', stop);
}

const invokedDirectly = process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) {
  runFromCommandLine().catch((error: unknown) => {
    const message = `feed server failed to start: ${(error as Error).message}`;
    console.error(message);
    // Exit only once the parent has the message (a plain exit can drop it).
    if (process.send) process.send({ type: 'scenecast-feed:failed', message } satisfies FeedServerMessage, () => process.exit(1));
    else process.exit(1);
  });
}
