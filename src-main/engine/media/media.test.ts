import { mkdtemp, readdir, rm, stat, utimes, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MediaOutputError,
  MediaProcessError,
  MediaToolMissingError,
  PeaksCache,
  computePeaks,
  createVideoEncoder,
  frameMd5,
  locateMediaTools,
  makePoster,
  probeMedia,
  type MediaTools,
} from './index.js';

let tools: MediaTools;
let dir: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-media-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A moving diagonal gradient with a bright square: every frame differs, so frame counting and hashing mean something. */
function syntheticFrame(width: number, height: number, index: number): Uint8Array {
  const frame = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      frame[o] = (x * 4 + index * 8) & 255;
      frame[o + 1] = (y * 4) & 255;
      frame[o + 2] = x >= index * 2 && x < index * 2 + 8 && y >= 8 && y < 16 ? 255 : 32;
    }
  }
  return frame;
}

async function encodeSynthetic(outPath: string, options: { width?: number; height?: number; frames?: number; fps?: number } = {}) {
  const { width = 64, height = 48, frames = 12, fps = 24 } = options;
  const encoder = await createVideoEncoder({ tools, width, height, fps, outPath });
  for (let i = 0; i < frames; i++) await encoder.writeFrame(syntheticFrame(width, height, i));
  return encoder.finish();
}

async function leftovers(folder: string): Promise<string[]> {
  return (await readdir(folder)).filter((name) => name.includes('.partial'));
}

describe('locateMediaTools', () => {
  it('finds ffmpeg and ffprobe on PATH and verifies them', async () => {
    expect(tools.source).toBe('path');
    expect(tools.version).toMatch(/^ffmpeg version/);
    expect(path.basename(tools.ffprobe)).toBe('ffprobe');
  });

  it('prefers the setting, and finds ffprobe beside it', async () => {
    const found = await locateMediaTools({ settingPath: tools.ffmpeg, env: { PATH: '' } });
    expect(found).toMatchObject({ source: 'setting', ffmpeg: tools.ffmpeg, ffprobe: tools.ffprobe });
  });

  it('uses FFMPEG_PATH / FFPROBE_PATH before PATH', async () => {
    const found = await locateMediaTools({ env: { FFMPEG_PATH: tools.ffmpeg, FFPROBE_PATH: tools.ffprobe, PATH: '' } });
    expect(found.source).toBe('env');
  });

  it('uses a bundled folder before PATH', async () => {
    const found = await locateMediaTools({ env: { PATH: path.dirname(tools.ffmpeg) }, bundledDir: path.dirname(tools.ffmpeg) });
    expect(found.source).toBe('bundled');
  });

  it('falls through a broken setting to PATH', async () => {
    const found = await locateMediaTools({ settingPath: path.join(dir, 'nope', 'ffmpeg'), env: { PATH: path.dirname(tools.ffmpeg) } });
    expect(found.source).toBe('path');
  });

  it('rejects a binary that is not ffmpeg', async () => {
    const fake = path.join(dir, 'fake-bin');
    await rm(fake, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(fake));
    await writeFile(path.join(fake, 'ffmpeg'), '#!/bin/sh\necho "hello"\n', { mode: 0o755 });
    await expect(locateMediaTools({ env: { FFMPEG_PATH: path.join(fake, 'ffmpeg'), PATH: '' } })).rejects.toThrow(/is not ffmpeg/);
  });

  it('throws MediaToolMissingError saying what was tried and how to fix it', async () => {
    const missing = path.join(dir, 'does-not-exist', 'ffmpeg');
    const error = await locateMediaTools({ settingPath: missing, env: { PATH: '' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaToolMissingError);
    const message = (error as Error).message;
    expect(message).toContain(missing);
    expect(message).toContain('not found');
    expect(message).toContain('FFMPEG_PATH');
    expect(message).toContain('PATH: empty');
    expect(message).toMatch(/install ffmpeg/i);
  });
});

describe('createVideoEncoder', () => {
  it('encodes raw RGB frames to H.264 yuv420p MP4 that ffprobe reads back', async () => {
    const out = path.join(dir, 'clip.mp4');
    const encoded = await encodeSynthetic(out, { frames: 12, fps: 24 });
    expect(encoded).toMatchObject({ path: out, width: 64, height: 48, fps: 24, frameCount: 12 });
    const probe = await probeMedia(tools, out, { countFrames: true });
    expect(probe.container).toContain('mp4');
    expect(probe.video).toMatchObject({ codec: 'h264', pixelFormat: 'yuv420p', width: 64, height: 48, fps: 24, frameCount: 12 });
    expect(probe.durationSeconds).toBeCloseTo(0.5, 2);
    expect(probe.audio).toBeNull();
    expect(await leftovers(dir)).toEqual([]);
  });

  it('puts the index at the front of the file (+faststart)', async () => {
    const out = path.join(dir, 'faststart.mp4');
    await encodeSynthetic(out);
    const head = (await readFile(out)).subarray(0, 4096).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat'));
  });

  it('is deterministic: the same frames give the same decoded frames (and the same bytes)', async () => {
    const a = path.join(dir, 'det-a.mp4');
    const b = path.join(dir, 'det-b.mp4');
    await encodeSynthetic(a, { frames: 24 });
    await encodeSynthetic(b, { frames: 24 });
    const [hashesA, hashesB] = await Promise.all([frameMd5(tools, a), frameMd5(tools, b)]);
    expect(hashesA).toHaveLength(24);
    expect(new Set(hashesA).size).toBe(24);
    expect(hashesB).toEqual(hashesA);
    expect(Buffer.compare(await readFile(a), await readFile(b))).toBe(0);
  });

  it('pads odd sizes up to even ones', async () => {
    const out = path.join(dir, 'odd.mp4');
    const encoded = await encodeSynthetic(out, { width: 33, height: 17, frames: 3 });
    expect(encoded).toMatchObject({ width: 34, height: 18, sourceWidth: 33, sourceHeight: 17 });
    const probe = await probeMedia(tools, out);
    expect(probe.video).toMatchObject({ width: 34, height: 18 });
  });

  it('respects backpressure: many large frames stream through without piling up in memory', async () => {
    const out = path.join(dir, 'big.mp4');
    const width = 640;
    const height = 480;
    const encoder = await createVideoEncoder({ tools, width, height, fps: 30, outPath: out, preset: 'ultrafast' });
    const frame = syntheticFrame(width, height, 1);
    let waited = 0;
    for (let i = 0; i < 60; i++) {
      const started = encoder.writeFrame(frame);
      let settled = false;
      void started.then(() => (settled = true));
      await Promise.resolve();
      if (!settled) waited += 1;
      await started;
    }
    await encoder.finish();
    // 900 KB frames exceed the pipe buffer, so at least some writes must have waited for 'drain'.
    expect(waited).toBeGreaterThan(0);
  });

  it('refuses a wrong-sized frame', async () => {
    const encoder = await createVideoEncoder({ tools, width: 8, height: 8, fps: 24, outPath: path.join(dir, 'wrong.mp4') });
    await expect(encoder.writeFrame(new Uint8Array(10))).rejects.toThrow(/8x8 RGB24 frame is 192 bytes, got 10/);
    await encoder.abort();
  });

  it('fails clearly, before starting ffmpeg, when the output folder is a file', async () => {
    const file = path.join(dir, 'a-file');
    await writeFile(file, 'not a folder');
    const out = path.join(file, 'clip.mp4');
    const error = await createVideoEncoder({ tools, width: 8, height: 8, fps: 24, outPath: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaOutputError);
    expect((error as Error).message).toContain(out);
    expect((error as Error).message).toMatch(/not a folder/);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('fails clearly when the output folder does not exist', async () => {
    const out = path.join(dir, 'missing', 'clip.mp4');
    await expect(createVideoEncoder({ tools, width: 8, height: 8, fps: 24, outPath: out })).rejects.toThrow(/does not exist/);
  });

  it('abort kills ffmpeg and removes the partial file', async () => {
    const folder = await mkdtemp(path.join(dir, 'abort-'));
    const out = path.join(folder, 'aborted.mp4');
    const encoder = await createVideoEncoder({ tools, width: 64, height: 48, fps: 24, outPath: out });
    for (let i = 0; i < 5; i++) await encoder.writeFrame(syntheticFrame(64, 48, i));
    expect(await leftovers(folder)).toHaveLength(1);
    await encoder.abort();
    await encoder.abort();
    expect(await readdir(folder)).toEqual([]);
    await expect(encoder.writeFrame(syntheticFrame(64, 48, 0))).rejects.toThrow(/after aborted/);
  });

  it("surfaces ffmpeg's own error lines when ffmpeg fails", async () => {
    const folder = await mkdtemp(path.join(dir, 'fail-'));
    // An unknown preset makes libx264 refuse to open: a real ffmpeg failure with a real message.
    const encoder = await createVideoEncoder({
      tools, width: 8, height: 8, fps: 24, outPath: path.join(folder, 'x.mp4'),
      preset: 'no-such-preset' as 'medium',
    });
    const error = await (async () => {
      for (let i = 0; i < 50; i++) await encoder.writeFrame(new Uint8Array(192));
      return encoder.finish();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaProcessError);
    expect((error as MediaProcessError).stderrTail).toMatch(/preset|Error/i);
    expect((error as Error).message).toContain((error as MediaProcessError).stderrTail);
    expect(await readdir(folder)).toEqual([]);
  });
});

describe('probeMedia', () => {
  it('names the file when it does not exist', async () => {
    await expect(probeMedia(tools, path.join(dir, 'ghost.mp4'))).rejects.toThrow(/ghost\.mp4.*does not exist/);
  });

  it('reports ffprobe failures on a file that is not media', async () => {
    const junk = path.join(dir, 'junk.mp4');
    await writeFile(junk, 'definitely not a video');
    await expect(probeMedia(tools, junk)).rejects.toBeInstanceOf(MediaProcessError);
  });
});

describe('makePoster', () => {
  it('writes a PNG and a JPEG poster at the requested width', async () => {
    const video = path.join(dir, 'poster-src.mp4');
    await encodeSynthetic(video, { frames: 24 });
    const png = await makePoster(tools, video, path.join(dir, 'poster.png'), { atSeconds: 0.5, width: 32 });
    expect(png).toMatchObject({ width: 32, height: 24 });
    expect((await readFile(png.path)).subarray(1, 4).toString('latin1')).toBe('PNG');
    const jpg = await makePoster(tools, video, path.join(dir, 'poster.jpg'), { atSeconds: 99, width: 64 });
    expect(jpg).toMatchObject({ width: 64, height: 48 });
    expect((await readFile(jpg.path))[0]).toBe(0xff);
    expect(await leftovers(dir)).toEqual([]);
  });

  it('refuses an unknown image extension', async () => {
    await expect(makePoster(tools, path.join(dir, 'clip.mp4'), path.join(dir, 'poster.gif'), { atSeconds: 0, width: 32 })).rejects.toThrow(/\.png or \.jpg/);
  });
});

/** 16-bit mono PCM WAV. */
function wav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe('waveform peaks', () => {
  const sampleRate = 8000;
  let wavPath: string;

  beforeAll(async () => {
    // 2 s: silence with a +0.9 click at 0.55 s and a -0.7 click at 1.25 s, then a 0.5-amplitude 440 Hz tone from 1.5 s.
    const samples = new Float32Array(sampleRate * 2);
    samples[Math.round(0.55 * sampleRate)] = 0.9;
    samples[Math.round(1.25 * sampleRate)] = -0.7;
    for (let i = 1.5 * sampleRate; i < samples.length; i++) samples[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate);
    wavPath = path.join(dir, 'clicks.wav');
    await writeFile(wavPath, wav(samples, sampleRate));
  });

  it('finds the clicks and the tone in the right buckets', async () => {
    const peaks = await computePeaks(tools, wavPath, { peaksPerSecond: 10 });
    expect(peaks).toMatchObject({ sampleRate, sampleCount: 16000, peaksPerSecond: 10 });
    expect(peaks.durationSeconds).toBeCloseTo(2, 6);
    expect(peaks.max).toHaveLength(20);
    const loudest = peaks.max.indexOf(Math.max(...peaks.max.slice(0, 15)));
    const deepest = peaks.min.indexOf(Math.min(...peaks.min.slice(0, 15)));
    expect(loudest).toBe(5);
    expect(peaks.max[5]).toBeCloseTo(0.9, 3);
    expect(deepest).toBe(12);
    expect(peaks.min[12]).toBeCloseTo(-0.7, 3);
    for (let i = 0; i < 15; i++) {
      if (i === 5 || i === 12) continue;
      expect(peaks.max[i]).toBe(0);
      expect(peaks.min[i]).toBe(0);
    }
    for (let i = 15; i < 20; i++) {
      expect(peaks.max[i]).toBeCloseTo(0.5, 2);
      expect(peaks.min[i]).toBeCloseTo(-0.5, 2);
    }
  });

  it('refuses a file without audio', async () => {
    const video = path.join(dir, 'silent.mp4');
    await encodeSynthetic(video, { frames: 2 });
    await expect(computePeaks(tools, video, { peaksPerSecond: 10 })).rejects.toThrow(/no audio stream/);
  });

  it('caches peaks on disk per asset and recomputes when the file changes', async () => {
    const cacheDir = path.join(dir, 'peaks-cache');
    const cache = new PeaksCache(tools, cacheDir);
    const [first, concurrent] = await Promise.all([cache.get(wavPath, { peaksPerSecond: 10 }), cache.get(wavPath, { peaksPerSecond: 10 })]);
    expect(cache.stats).toEqual({ hits: 0, misses: 1 });
    expect(concurrent).toBe(first);
    expect((await readdir(cacheDir)).filter((f) => f.endsWith('.peaks.json'))).toHaveLength(1);

    // A fresh cache object (a new app session) reads the file instead of running ffmpeg.
    const again = new PeaksCache({ ffmpeg: '/nonexistent/ffmpeg', ffprobe: '/nonexistent/ffprobe' }, cacheDir);
    const second = await again.get(wavPath, { peaksPerSecond: 10 });
    expect(again.stats).toEqual({ hits: 1, misses: 0 });
    expect(Array.from(second.max)).toEqual(Array.from(first.max));
    expect(Array.from(second.min)).toEqual(Array.from(first.min));

    const later = new Date(Date.now() + 5000);
    await utimes(wavPath, later, later);
    await cache.get(wavPath, { peaksPerSecond: 10 });
    expect(cache.stats).toEqual({ hits: 0, misses: 2 });
    await cache.get(wavPath, { peaksPerSecond: 20 });
    expect(cache.stats.misses).toBe(3);
    expect((await stat(cacheDir)).isDirectory()).toBe(true);
  });
});
