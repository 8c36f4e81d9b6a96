import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, fileResponse, parseRange } from './mediaFile';
import { mediaPathFromUrl, mediaUrlFor } from './mediaUrl';

describe('parseRange', () => {
  it.each([
    [null, 100, null],
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=50-5000', 100, { start: 50, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=9-3', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=0-1,5-9', 100, null],
    ['items=0-9', 100, null],
  ] as const)('%s of %d bytes → %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('fileResponse', () => {
  let dir: string;
  let clip: string;
  const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenecast-media-'));
    clip = path.join(dir, 'take.mp4');
    await writeFile(clip, bytes);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the whole file with its type and length', async () => {
    const response = await fileResponse(clip, { method: 'GET', rangeHeader: null });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe('1000');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('serves a byte range as 206 with Content-Range', async () => {
    const response = await fileResponse(clip, { method: 'GET', rangeHeader: 'bytes=100-199' });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(response.headers.get('content-length')).toBe('100');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes.subarray(100, 200));
  });

  it('answers an unsatisfiable range with 416', async () => {
    const response = await fileResponse(clip, { method: 'GET', rangeHeader: 'bytes=5000-' });
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD without a body, a missing file with 404, and POST with 405', async () => {
    const head = await fileResponse(clip, { method: 'HEAD', rangeHeader: null });
    expect(head.status).toBe(200);
    expect(head.body).toBeNull();
    expect((await fileResponse(path.join(dir, 'gone.mp4'), { method: 'GET', rangeHeader: null })).status).toBe(404);
    expect((await fileResponse(clip, { method: 'POST', rangeHeader: null })).status).toBe(405);
  });

  it('adds caller headers (e.g. a CSP) to every answer', async () => {
    const response = await fileResponse(clip, { method: 'HEAD', rangeHeader: null, headers: { 'Content-Security-Policy': "default-src 'none'" } });
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'");
  });

  it('knows common media types', () => {
    expect(contentTypeFor('/x/a.WEBM')).toBe('video/webm');
    expect(contentTypeFor('/x/a.wav')).toBe('audio/wav');
    expect(contentTypeFor('/x/a.bin')).toBe('application/octet-stream');
  });
});

describe('media URLs', () => {
  it('round-trips an absolute path with spaces and unicode', () => {
    const file = path.resolve('/home/ada/Scenecast Projects/Été/renders/take 1.mp4');
    const url = mediaUrlFor(file);
    expect(url.startsWith('scenecast-media://local/')).toBe(true);
    expect(url).not.toContain(' ');
    expect(mediaPathFromUrl(url)).toBe(file);
  });

  it('resolves dot segments in the URL before the guard sees them (the guard still checks the result)', () => {
    expect(mediaPathFromUrl('scenecast-media://local/home/ada/p/../../../etc/passwd')).toBe(path.resolve('/etc/passwd'));
  });

  it('rejects other schemes, other hosts, encoded separators and garbage', () => {
    expect(mediaPathFromUrl('file:///etc/passwd')).toBeNull();
    expect(mediaPathFromUrl('scenecast-media://evil/etc/passwd')).toBeNull();
    expect(mediaPathFromUrl('scenecast-media://local/home/ada%2F..%2F..%2Fetc/passwd')).toBeNull();
    expect(mediaPathFromUrl('not a url')).toBeNull();
  });
});
