import { mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools, type MediaTools } from '../media/index.js';
import { makeSyncClip } from '../testing/syncClip.js';
import { trpcError } from '../testing/trpcError.js';
import { audioRouter } from './router.js';
import { encodeWavFloat32 } from './wav.js';

let tools: MediaTools;
let dir: string;
let media: string;
let caller: ReturnType<ReturnType<typeof audioRouter>['createCaller']>;
let wav: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-audio-router-'));
  media = path.join(dir, 'media');
  await mkdir(media);
  caller = audioRouter({ mediaTools: async () => tools, peaksCacheDir: path.join(dir, 'cache', 'peaks') }).createCaller({ clientId: 't' });
  wav = path.join(media, 'tone.wav');
  const left = new Float32Array(48_000 * 2).map((_, i) => 0.5 * Math.sin(i / 20));
  await writeFile(wav, encodeWavFloat32([left, left], 48_000));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('audio.probe and audio.peaks', () => {
  it('probes duration, channels and rate', async () => {
    expect(await caller.probe({ path: wav })).toMatchObject({ durationSeconds: 2, channels: 2, sampleRate: 48_000, hasVideo: false });
  });

  it('computes peaks once and serves them from the cache after that', async () => {
    const first = await caller.peaks({ path: wav, peaksPerSecond: 50 });
    expect(first).toMatchObject({ peaksPerSecond: 50, sampleRate: 48_000, sampleCount: 96_000 });
    expect(first.max).toHaveLength(100);
    expect(Math.max(...first.max)).toBeCloseTo(0.5, 3);
    const cacheDir = path.join(dir, 'cache', 'peaks');
    const [cached] = await readdir(cacheDir);
    const before = await stat(path.join(cacheDir, cached!));
    const second = await caller.peaks({ path: wav, peaksPerSecond: 50 });
    expect(second).toEqual(first);
    expect(await readdir(cacheDir)).toEqual([cached]);
    expect((await stat(path.join(cacheDir, cached!))).mtimeMs).toBe(before.mtimeMs);
  });

  it('reports a file ffmpeg cannot read as UNPROCESSABLE_CONTENT, with the reason', async () => {
    const bad = path.join(media, 'broken.wav');
    await writeFile(bad, 'RIFF....WAVEjunk');
    const e = await trpcError(caller.probe({ path: bad }));
    expect(e.code).toBe('UNPROCESSABLE_CONTENT');
    expect(e.message).toContain('broken.wav');
  });
});

describe('paths from a UI', () => {
  it.each([
    ['a relative path', 'media/tone.wav', 'BAD_REQUEST', /absolute/],
    ['a ".." segment', '/tmp/../etc/passwd', 'BAD_REQUEST', /\.\./],
    ['a URL', 'http://example.com/a.wav', 'BAD_REQUEST', /absolute|URL/],
    ['a NUL character', '/tmp/a\0.wav', 'BAD_REQUEST', /NUL/],
    ['a network path', '//server/share/a.wav', 'BAD_REQUEST', /network/],
  ])('refuses %s', async (_what, p, code, message) => {
    const e = await trpcError(caller.probe({ path: p }));
    expect(e.code).toBe(code);
    expect(`${e.message} ${JSON.stringify(e.cause ?? '')}`).toMatch(message);
  });

  it('refuses missing files, folders, non-media files, playlists and links to them', async () => {
    expect((await trpcError(caller.probe({ path: path.join(media, 'nope.wav') }))).code).toBe('NOT_FOUND');
    const folder = path.join(media, 'folder.wav');
    await mkdir(folder);
    expect((await trpcError(caller.probe({ path: folder }))).message).toMatch(/not a regular file/);
    const link = path.join(media, 'passwd.wav');
    await symlink('/etc/passwd', link);
    expect((await trpcError(caller.peaks({ path: link }))).message).toMatch(/not a media file type/);
    const playlist = path.join(media, 'list.mp3');
    await writeFile(playlist, '#EXTM3U\n#EXTINF:1,\nhttp://example.com/x.ts\n');
    expect((await trpcError(caller.peaks({ path: playlist }))).message).toMatch(/playlist/);
    expect((await trpcError(caller.probe({ path: wav, extra: 1 } as never))).code).toBe('BAD_REQUEST');
  });

  it('keeps to the allowed roots when the host gives them, through links too', async () => {
    const inside = path.join(dir, 'project');
    await mkdir(inside);
    const linked = path.join(inside, 'linked.wav');
    await symlink(wav, linked);
    const restricted = audioRouter({ mediaTools: async () => tools, peaksCacheDir: path.join(dir, 'cache2'), allowedRoots: () => [inside] }).createCaller({ clientId: 't' });
    expect((await trpcError(restricted.probe({ path: linked }))).message).toMatch(/outside the folders/);
    await writeFile(path.join(inside, 'own.wav'), encodeWavFloat32([new Float32Array(4800)], 48_000));
    expect((await restricted.probe({ path: path.join(inside, 'own.wav') })).channels).toBe(1);
  });
});

describe('audio.autosync', () => {
  it('finds the offset of a bouncing ball’s knocks within a frame', async () => {
    const fps = 24;
    const { videoPath: video, audioPath: audio } = await makeSyncClip({ tools, dir: media, fps, offsetMs: -120 });
    const result = await caller.autosync({ videoPath: video, audioPath: audio, fps });
    expect(result.status).toBe('synced');
    if (result.status === 'synced') {
      expect(Math.abs(result.offsetMs + 120)).toBeLessThanOrEqual(1000 / fps);
      expect(result.offsetFrames).toBe(-3);
    }
    expect((await trpcError(caller.autosync({ videoPath: audio, audioPath: audio, fps }))).message).toMatch(/not a media file type/);
    expect((await trpcError(caller.autosync({ videoPath: video, audioPath: audio, fps: 0 }))).code).toBe('BAD_REQUEST');
  });
});

describe('audio.import', () => {
  let project: string;
  beforeAll(async () => {
    project = path.join(dir, 'project');
    await mkdir(path.join(project, 'assets'), { recursive: true });
    await writeFile(path.join(project, 'project.json'), '{}');
  });

  it('copies a sound into the project assets with its probe, leaving the original alone', async () => {
    const asset = await caller.import({ dir: project, path: wav, name: 'Room Tone (take 2).wav' });
    expect(asset).toMatchObject({ kind: 'audio', name: 'Room Tone (take 2).wav', durationSeconds: 2, sampleRate: 48_000, channels: 2 });
    expect(asset.path).toBe(`assets/${asset.id}-Room-Tone-take-2.wav`);
    expect((await stat(path.join(project, asset.path))).size).toBe((await stat(wav)).size);
    expect((await stat(wav)).isFile()).toBe(true);
  });

  it('refuses a damaged file with the reason and leaves nothing in assets/', async () => {
    const before = await readdir(path.join(project, 'assets'));
    const bad = path.join(media, 'damaged.wav');
    await writeFile(bad, Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(400, 7)]));
    const e = await trpcError(caller.import({ dir: project, path: bad, name: 'Field recording.wav' }));
    expect(e.code).toBe('UNPROCESSABLE_CONTENT');
    expect(e.message).toMatch(/^Field recording\.wav: this file cannot be read as sound \(.+\)$/);
    expect(e.message).not.toContain(media);
    expect(await readdir(path.join(project, 'assets'))).toEqual(before);
  });

  it('refuses files that are not sound, paths that climb out, and folders that are not projects', async () => {
    const text = path.join(media, 'notes.txt');
    await writeFile(text, 'hello');
    expect((await trpcError(caller.import({ dir: project, path: text }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.import({ dir: project, path: `${media}/../media/tone.wav` }))).code).toBe('BAD_REQUEST');
    expect((await trpcError(caller.import({ dir: media, path: wav }))).code).toBe('NOT_FOUND');
    const silentVideo = await makeSyncClip({ tools, dir: media, name: 'silent', fps: 12, offsetMs: 0, seconds: 1 });
    const e = await trpcError(caller.import({ dir: project, path: silentVideo.videoPath }));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/no sound/);
  });
});
