import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWavFloat32 } from '../audio/wav.js';
import { runTool } from './process.js';
import { computePeaks, createVideoEncoder, decodeAudioMono, decodeVideoLuma, locateMediaTools, streamAudioMono, MediaProcessError, type MediaTools } from './index.js';

let tools: MediaTools;
let dir: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-decode-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('decodeAudioMono', () => {
  it('averages channels and starts at the exact sample asked for', async () => {
    const n = 48_000;
    const left = new Float32Array(n).map((_, i) => (i % 1000) / 1000);
    const right = new Float32Array(n).map((_, i) => -(i % 1000) / 2000);
    const file = path.join(dir, 'ramp.wav');
    await writeFile(file, encodeWavFloat32([left, right], 48_000));
    const all = await decodeAudioMono(tools, file, { sampleRate: 48_000 });
    expect(all.samples.length).toBe(n);
    expect(all.samples[999]).toBeCloseTo(0.999 / 4, 5);
    const part = await decodeAudioMono(tools, file, { sampleRate: 48_000, startSeconds: 0.25, durationSeconds: 0.5 });
    expect(part.samples.length).toBe(24_000);
    // Sample 12000 of the file is 0 in the ramp; 12001 is 0.001 → mono 0.00025.
    expect(part.samples[0]).toBeCloseTo(0, 6);
    expect(part.samples[1]).toBeCloseTo(0.00025, 6);
  });

  it('streams in chunks that add up to the whole, at another rate', async () => {
    const file = path.join(dir, 'tone.wav');
    await writeFile(file, encodeWavFloat32([new Float32Array(44_100 * 3).map((_, i) => 0.5 * Math.sin(i / 10))], 44_100));
    const sizes: number[] = [];
    const done = await streamAudioMono(tools, file, { sampleRate: 16_000 }, (chunk) => sizes.push(chunk.length));
    expect(done.sampleCount).toBe(48_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(48_000);
    expect(sizes.length).toBeGreaterThan(1);
  });

  it('says when a file has no audio', async () => {
    const file = path.join(dir, 'silent.mp4');
    const encoder = await createVideoEncoder({ tools, width: 16, height: 16, fps: 24, outPath: file, preset: 'ultrafast' });
    await encoder.writeFrame(new Uint8Array(16 * 16 * 3));
    await encoder.finish();
    await expect(decodeAudioMono(tools, file, { sampleRate: 16_000 })).rejects.toThrow(MediaProcessError);
    await expect(decodeAudioMono(tools, file, { sampleRate: 16_000 })).rejects.toThrow(/no audio stream/);
  });
});

describe('decodeVideoLuma', () => {
  it('hands out one small gray frame per video frame, in order', async () => {
    const file = path.join(dir, 'steps.mp4');
    const encoder = await createVideoEncoder({ tools, width: 64, height: 48, fps: 30, outPath: file, preset: 'ultrafast', crf: 1 });
    for (let i = 0; i < 20; i++) await encoder.writeFrame(new Uint8Array(64 * 48 * 3).fill(i * 10 + 20));
    await encoder.finish();
    const means: number[] = [];
    const info = await decodeVideoLuma(tools, file, { width: 16, height: 12 }, (luma) => means.push(luma.reduce((a, b) => a + b, 0) / luma.length));
    expect(info).toMatchObject({ fps: 30, frameCount: 20, width: 16, height: 12 });
    // Gray RGB v becomes limited-range luma 16 + v·219/255 and back to full range: monotonic steps of about 10.
    means.forEach((m, i) => expect(Math.abs(m - (i * 10 + 20))).toBeLessThan(3));
  });
});

describe('computePeaks on stereo', () => {
  it('averages the channels, so a signal in both reads at its own level', async () => {
    const file = path.join(dir, 'stereo-peaks.wav');
    const tone = new Float32Array(48_000).map((_, i) => 0.5 * Math.sin(i / 20));
    await writeFile(file, encodeWavFloat32([tone, tone], 48_000));
    const peaks = await computePeaks(tools, file, { peaksPerSecond: 10 });
    expect(Math.max(...peaks.max)).toBeCloseTo(0.5, 3);
    expect(Math.min(...peaks.min)).toBeCloseTo(-0.5, 3);
  });
});

describe('decodeAudioMono far into a file', () => {
  it('seeks coarsely and trims to the same samples a full decode gives (WAV and AAC)', async () => {
    const rate = 16_000;
    const seconds = 40;
    const signal = new Float32Array(rate * seconds).map((_, i) => 0.4 * Math.sin(i / 7) * Math.sin(i / 5003));
    const wavPath = path.join(dir, 'long.wav');
    await writeFile(wavPath, encodeWavFloat32([signal], rate));
    const aacPath = path.join(dir, 'long.m4a');
    await runTool(tools.ffmpeg, ['-v', 'error', '-y', '-i', wavPath, '-c:a', 'aac', '-b:a', '96k', aacPath], 'encoding test AAC');
    for (const file of [wavPath, aacPath]) {
      const whole = await decodeAudioMono(tools, file, { sampleRate: rate });
      const part = await decodeAudioMono(tools, file, { sampleRate: rate, startSeconds: 31.2345, durationSeconds: 2 });
      const first = Math.round(31.2345 * rate);
      expect(part.samples.length).toBe(2 * rate);
      let worst = 0;
      for (let i = 0; i < part.samples.length; i++) worst = Math.max(worst, Math.abs(part.samples[i]! - whole.samples[first + i]!));
      expect(worst, file).toBeLessThan(1e-4);
    }
  });
});
