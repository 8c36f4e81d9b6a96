import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedClient } from '../src/client.js';
import { startFeedServer } from '../src/main.js';
import { videoFixtures } from './fixtures.js';

describe('server lifecycle', () => {
  it('close() lets an upload in flight finish, then shuts down promptly despite keep-alive connections', async () => {
    const videos = await videoFixtures();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-life-'));
    const server = await startFeedServer({ port: 0, dataDir, logLevel: 'silent' });
    const client = new FeedClient(server.url);
    await client.signUp({ handle: 'closer', displayName: 'C', password: 'a long enough password' });

    let closing: Promise<number> | undefined;
    const post = await client.publish(videos.ok, { title: 'Last one in' }, (sent, total) => {
      // The whole body is on the wire: the server is now checking the video.
      if (sent === total && !closing) {
        const asked = Date.now();
        closing = server.close().then(() => Date.now() - asked);
      }
    });
    expect(post.title).toBe('Last one in');
    expect(closing).toBeDefined();
    // Without draining idle keep-alive connections this waits for the client to drop them (5 s) or for Fastify's 72 s.
    expect(await closing!).toBeLessThan(2_000);
    await expect(client.feed()).rejects.toMatchObject({ code: 'network' });

    // The data survives a restart on the same folder.
    const again = await startFeedServer({ port: 0, dataDir, logLevel: 'silent' });
    const reader = new FeedClient(again.url);
    expect((await reader.feed({ mode: 'chronological' })).posts.map((p) => p.title)).toEqual(['Last one in']);
    await again.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start without ffprobe, saying what to install', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-life-'));
    await expect(startFeedServer({ port: 0, dataDir, ffprobePath: '/nonexistent/ffprobe' })).rejects.toThrow(/cannot run ffprobe.*apt-get install ffmpeg.*FFPROBE_PATH/);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});
