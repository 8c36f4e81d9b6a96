import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { Writable } from 'node:stream';
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

  it('close() waits for work whose client already hung up before closing the database', async () => {
    const videos = await videoFixtures();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-life-'));
    let logs = '';
    const logStream = new Writable({ write: (chunk: Buffer, _e, done) => ((logs += chunk.toString()), done()) });
    const server = await startFeedServer({ port: 0, dataDir, logLevel: 'info', logStream });
    const client = new FeedClient(server.url);
    await client.signUp({ handle: 'quitter', displayName: 'Q', password: 'a long enough password' });

    // Send a whole upload, then hang up without waiting for the answer, and shut the server down at once.
    const boundary = 'xxBOUNDARYxx';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"title":"Orphan"}\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="video"; filename="a.mp4"\r\n\r\n`),
      await fs.readFile(videos.ok),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const videoSize = (await fs.stat(videos.ok)).size;
    const req = http.request(`${server.url}/api/posts`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': body.length, authorization: `Bearer ${client.accessToken}` },
    });
    req.on('error', () => undefined);
    req.end(body);
    // Wait until the server has the whole video in its temp folder (it is now checking it), then hang up.
    const tmp = path.join(dataDir, 'tmp');
    for (let i = 0; i < 200; i++) {
      const sizes = await Promise.all((await fs.readdir(tmp)).filter((f) => f.startsWith('upload-')).map((f) => fs.stat(path.join(tmp, f)).then((st) => st.size, () => 0)));
      if (sizes.some((size) => size >= videoSize)) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    req.destroy();
    await server.close();

    // close() returned only after the orphaned upload was dealt with (its temp file is gone)…
    expect((await fs.readdir(tmp)).filter((f) => f.startsWith('upload-'))).toEqual([]);
    // …and nothing ran into a closed database afterwards.
    await new Promise((r) => setTimeout(r, 1000));
    const errors = logs.split('\n').filter((line) => line.includes('"level":50'));
    expect(errors).toEqual([]);
    // The abandoned upload either finished (a post with its files) or left nothing; never half of it.
    const again = await startFeedServer({ port: 0, dataDir, logLevel: 'silent' });
    const posts = (await new FeedClient(again.url).feed({ mode: 'chronological' })).posts;
    const media = (await fs.readdir(path.join(dataDir, 'media'), { recursive: true })).filter((f) => f.endsWith('.mp4') || f.endsWith('.jpg'));
    expect(media.length).toBe(posts.length * 2);
    await again.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});
