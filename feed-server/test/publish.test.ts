import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient } from '../src/client.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures, type VideoFixtures } from './fixtures.js';

const META = { title: 'Tide pools at dawn', prompt: 'slow pan over tide pools, golden hour', storyboardSummary: '1. wide shot 2. close-up of a crab' };

async function rawUpload(server: TestServer, client: FeedClient, file: Buffer, metadata: unknown, filename = 'clip.mp4'): Promise<Response> {
  const form = new FormData();
  form.set('metadata', JSON.stringify(metadata));
  form.set('video', new Blob([new Uint8Array(file)], { type: 'video/mp4' }), filename);
  return fetch(`${server.url}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${client.accessToken}` }, body: form });
}

describe.each(BACKENDS)('publishing and playback (%s)', (backend) => {
  let server: TestServer;
  let videos: VideoFixtures;
  let ana: FeedClient;
  let ben: FeedClient;

  beforeAll(async () => {
    [server, videos] = await Promise.all([startTestServer(backend, { maxUploadBytes: 512 * 1024 }), videoFixtures()]);
    ana = await server.user('ana');
    ben = await server.user('ben');
  });
  afterAll(async () => server?.close());

  it('publishes an MP4 with metadata, reports progress, makes a poster and plays with range requests', async () => {
    const progress: number[] = [];
    const provenance = { generator: 'scenecast 0.1.0', model: 'tiny-video', seed: 42 };
    const post = await ana.publish(videos.ok, { ...META, provenance }, (sent, total) => progress.push(sent / total));
    expect(post).toMatchObject({ title: META.title, prompt: META.prompt, storyboardSummary: META.storyboardSummary, author: { handle: 'ana' } });
    expect(post.durationMs).toBeGreaterThan(1900);
    expect(post.durationMs).toBeLessThan(2100);
    expect([post.width, post.height]).toEqual([160, 120]);
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(1);
    expect(await ana.request('GET', `/api/posts/${post.id}/provenance`)).toEqual(provenance);

    const original = await fs.readFile(videos.ok);
    const full = await fetch(`${server.url}${post.videoUrl}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await full.arrayBuffer()).equals(original)).toBe(true);

    const part = await fetch(`${server.url}${post.videoUrl}`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${original.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(original.subarray(100, 200))).toBe(true);

    const suffix = await fetch(`${server.url}${post.videoUrl}`, { headers: { range: 'bytes=-10' } });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(original.subarray(original.length - 10))).toBe(true);

    const beyond = await fetch(`${server.url}${post.videoUrl}`, { headers: { range: `bytes=${original.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${original.length}`);

    const poster = await fetch(`${server.url}${post.posterUrl}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('image/jpeg');
    const jpeg = Buffer.from(await poster.arrayBuffer());
    expect(jpeg.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);
  });

  it('rejects bad uploads and leaves nothing behind', async () => {
    const before = await server.storedFiles();
    const cases: { file: string; name?: string; status: number; code: string }[] = [
      { file: videos.textAsMp4, status: 422, code: 'video_not_mp4' },
      { file: videos.pngAsMp4, name: 'holiday.mp4', status: 422, code: 'video_not_mp4' },
      { file: videos.notH264, status: 422, code: 'video_not_h264' },
      { file: videos.truncated, status: 422, code: 'video_truncated' },
      { file: videos.tooLong, status: 422, code: 'video_too_long' },
    ];
    for (const c of cases) {
      const res = await rawUpload(server, ana, await fs.readFile(c.file), META, c.name);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect({ file: c.file, status: res.status, code: body.error.code }).toEqual({ file: c.file, status: c.status, code: c.code });
    }
    // Oversize: bigger than this server's 512 KiB limit, even though it starts like an MP4.
    const big = Buffer.concat([await fs.readFile(videos.ok), Buffer.alloc(700 * 1024, 7)]);
    const oversize = await rawUpload(server, ana, big, META);
    expect(oversize.status).toBe(413);
    // Just over the limit: gets past the Content-Length precheck and is stopped while streaming.
    const ok = await fs.readFile(videos.ok);
    const slightlyOver = Buffer.concat([ok, Buffer.alloc(512 * 1024 + 10 * 1024 - ok.length, 7)]);
    const streamed = await rawUpload(server, ana, slightlyOver, META);
    expect(streamed.status).toBe(413);

    expect(await server.storedFiles()).toEqual(before);
    const page = (await ana.request<{ posts: { title: string }[] }>('GET', '/api/users/ana/posts')).posts;
    expect(page).toHaveLength(1); // only the good post from the first test
  });

  it('validates metadata and needs a signed-in author', async () => {
    const bytes = await fs.readFile(videos.ok);
    const noTitle = await rawUpload(server, ana, bytes, { ...META, title: '' });
    expect(noTitle.status).toBe(400);
    const badCameo = await rawUpload(server, ana, bytes, { ...META, cameoIds: ['../../etc/passwd'] });
    expect(badCameo.status).toBe(400);
    const unknownCameo = await rawUpload(server, ana, bytes, { ...META, cameoIds: ['cameo_never_registered'] });
    expect(unknownCameo.status).toBe(400);
    const two = new FormData();
    two.set('metadata', JSON.stringify(META));
    two.append('video', new Blob([new Uint8Array(bytes)]), 'a.mp4');
    two.append('video', new Blob([new Uint8Array(bytes)]), 'b.mp4');
    const twoFiles = await fetch(`${server.url}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${ana.accessToken}` }, body: two });
    expect(twoFiles.status).toBe(400);
    const wrongField = new FormData();
    wrongField.set('metadata', JSON.stringify(META));
    wrongField.set('../../video', new Blob([new Uint8Array(bytes)]), '../../../etc/passwd');
    const wrong = await fetch(`${server.url}/api/posts`, { method: 'POST', headers: { authorization: `Bearer ${ana.accessToken}` }, body: wrongField });
    expect(wrong.status).toBe(400);
    const form = new FormData();
    form.set('metadata', JSON.stringify(META));
    form.set('video', new Blob([new Uint8Array(bytes)]), 'clip.mp4');
    const anonymous = await fetch(`${server.url}/api/posts`, { method: 'POST', body: form });
    expect(anonymous.status).toBe(401);
    expect(await server.storedFiles()).toHaveLength(2); // still just the first post's video and poster
  });

  it('only the author can change or delete a post', async () => {
    const post = await ana.publish(videos.ok, { ...META, title: 'Mine' });
    await expect(ben.request('PATCH', `/api/posts/${post.id}`, { title: 'Hijacked' })).rejects.toMatchObject({ status: 403 });
    await expect(ben.request('DELETE', `/api/posts/${post.id}`)).rejects.toMatchObject({ status: 403 });
    expect((await ben.post(post.id)).title).toBe('Mine');
    expect((await ana.request<{ title: string }>('PATCH', `/api/posts/${post.id}`, { title: 'Renamed' })).title).toBe('Renamed');
    await ana.request('DELETE', `/api/posts/${post.id}`);
    await expect(ben.post(post.id)).rejects.toMatchObject({ status: 404 });
    expect((await fetch(`${server.url}${post.videoUrl}`)).status).toBe(404);
  });

  it('ids and media paths cannot climb out of storage', async () => {
    for (const p of [
      '/media/..%2F..%2F..%2Fetc%2Fpasswd/video.mp4',
      '/media/%2E%2E/poster.jpg',
      '/media/....//....//etc/video.mp4',
      '/api/posts/..%2Ffeed.sqlite',
      '/api/posts/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd/comments',
    ]) {
      const res = await fetch(`${server.url}${p}`);
      expect({ p, status: res.status }).toEqual({ p, status: 404 });
    }
  });
});

describe('publish rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { rateLimits: { signInPerMinute: 100, signUpPerHour: 100, publishPerHour: 2 } });
  });
  afterAll(async () => server?.close());

  it('answers 429 once an author has published too often', async () => {
    const videos = await videoFixtures();
    const cat = await server.user('cat');
    await cat.publish(videos.ok, { title: 'one' });
    await cat.publish(videos.ok, { title: 'two' });
    await expect(cat.publish(videos.ok, { title: 'three' })).rejects.toMatchObject({ status: 429 });
  });
});
