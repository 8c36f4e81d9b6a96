import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedClient } from './client.js';
import { spawnFeedServer } from './spawn.js';

describe('spawnFeedServer', () => {
  it('runs the feed server in its own process and stops it', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-spawn-'));
    const server = await spawnFeedServer({ dataDir, env: { FEED_LOG_LEVEL: 'warn' } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.pid).not.toBe(process.pid);
    const client = new FeedClient(server.url);
    await client.signUp({ handle: 'spawned', displayName: 'S', password: 'long enough password' });
    expect((await client.feed()).posts).toEqual([]);
    await server.close();
    expect(() => process.kill(server.pid, 0)).toThrow(); // the process is gone
    await expect(client.feed()).rejects.toMatchObject({ code: 'network' });
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('reports a bad configuration instead of hanging', async () => {
    await expect(spawnFeedServer({ dataDir: os.tmpdir(), databaseUrl: 'mysql://nope' })).rejects.toThrow(/DATABASE_URL must be a postgres/);
  });
});
