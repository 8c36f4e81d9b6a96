import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoEncoder, decodeVideoFrames, locateMediaTools, probeMedia, rawFrameBytes, rewriteVideoFrames, type MediaTools } from './index.js';
import { runTool } from './process.js';

let tools: MediaTools;
let dir: string;
let clip: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-frames-'));
  clip = path.join(dir, 'clip.mp4');
  const encoder = await createVideoEncoder({ tools, width: 64, height: 48, fps: 24, outPath: clip, preset: 'veryfast' });
  for (let f = 0; f < 10; f++) await encoder.writeFrame(new Uint8Array(64 * 48 * 3).fill(10 + 20 * f));
  await encoder.finish();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeVideoFrames', () => {
  it('streams every frame in order, in the asked layout and size', async () => {
    const gray = [];
    for await (const frame of decodeVideoFrames(tools, clip, { pixelFormat: 'gray' })) gray.push(frame);
    expect(gray.map((f) => f.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(gray[0]).toMatchObject({ width: 64, height: 48, format: 'gray' });
    expect(gray[0]!.data.length).toBe(64 * 48);
    // Brightness rises frame by frame as it was encoded.
    const mean = (d: Uint8Array) => d.reduce((s, v) => s + v, 0) / d.length;
    expect(mean(gray[9]!.data)).toBeGreaterThan(mean(gray[0]!.data) + 100);
    const small = [];
    for await (const frame of decodeVideoFrames(tools, clip, { width: 32, pixelFormat: 'yuv420p', maxFrames: 3 })) small.push(frame);
    expect(small).toHaveLength(3);
    expect(small[0]).toMatchObject({ width: 32, height: 24 });
    expect(small[0]!.data.length).toBe(rawFrameBytes(32, 24, 'yuv420p'));
  });

  it('stops ffmpeg when the reader stops early, and names a file without video', async () => {
    for await (const frame of decodeVideoFrames(tools, clip)) {
      expect(frame.data.length).toBe(64 * 48 * 3);
      break;
    }
    const wav = path.join(dir, 'tone.wav');
    await runTool(tools.ffmpeg, ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=d=0.2', wav], 'tone');
    await expect(decodeVideoFrames(tools, wav).next()).rejects.toThrow(/has no video stream/);
  });
});

describe('rewriteVideoFrames', () => {
  it('passes every frame through the transform and writes a complete H.264 file, leaving no temp file', async () => {
    const out = path.join(dir, 'inverted.mp4');
    const result = await rewriteVideoFrames({
      tools,
      inPath: clip,
      outPath: out,
      preset: 'veryfast',
      transform: (frame) => {
        const y = frame.data.subarray(0, frame.width * frame.height);
        for (let i = 0; i < y.length; i++) y[i] = 255 - y[i]!;
      },
    });
    expect(result.frameCount).toBe(10);
    expect((await probeMedia(tools, out, { countFrames: true })).video).toMatchObject({ codec: 'h264', width: 64, height: 48, frameCount: 10 });
    const first = await decodeVideoFrames(tools, out, { pixelFormat: 'gray', maxFrames: 1 }).next();
    expect(first.value!.data[0]).toBeGreaterThan(200);
    expect((await readdir(dir)).filter((n) => n.includes('.partial'))).toEqual([]);
  });

  it('refuses to overwrite its own input', async () => {
    await expect(rewriteVideoFrames({ tools, inPath: clip, outPath: clip, transform: () => {} })).rejects.toThrow(/onto itself/);
  });
});
