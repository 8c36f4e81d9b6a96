/**
 * The bundled pack's sound follows its picture: in generated clips of a bouncing ball, floor contacts that the frames
 * show have audio onsets at the same frame. Real pack, real ONNX Runtime, real ffmpeg; the contacts are found in the
 * decoded frames and the onsets in the decoded sound (the engine's own onset detector, the one auto-sync uses).
 *
 * The goal is an impact at every visible contact. The pack is close but not there: its audio decoder finds impacts as
 * events (an impact head per frame, rendered as bursts), tuned on the pack's own generated clips with the contacts their
 * frames show, and on the held-out prompts of its model card, over five sets of noise seeds, 89 % of contacts have an
 * onset within one frame (median offset 0.40 frames; pack 1.4.0: 87.5 %). This test keeps that from getting worse on
 * eight clips of one prompt: at least 80 % of their contacts must have an onset within one frame, and every clip with a
 * contact must make some sound event. With pack 1.5.0, 12 of the 13 contacts over the eight seeds are matched (92 %, as
 * 1.4.0; 1.3.0: 11 of 13; 1.2.0: 10 of 13); the miss (seed 8, frame 9) is the ball pausing at the top of its rebound,
 * 22 pixel rows above where it met the floor, which the contact rule below counts and the decoder leaves silent.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONSET_SAMPLE_RATE, detectOnsets } from '../audio/onsets.js';
import { createEngine, type Engine } from '../index.js';
import { decodeAudioMono, decodeVideoFrames, locateMediaTools, type MediaTools } from '../media/index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';

let engine: Engine;
let tools: MediaTools;

beforeAll(async () => {
  const root = await makeTempDir('bundled-sound');
  const host = createNodeHost({ dataDir: path.join(root, 'data') });
  host.settings.update({ executionProvider: 'cpu' });
  engine = await createEngine(host);
  tools = await locateMediaTools({ env: process.env });
});

afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

/** Vertical centre (pixel rows) of the red object per frame; NaN where too little of it is visible. */
function redObjectRows(frame: Uint8Array, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const r = frame[i]!;
      const g = frame[i + 1]!;
      const b = frame[i + 2]!;
      if (r > 140 && r - g > 80 && r - b > 80) {
        sum += y;
        count++;
      }
    }
  }
  return count >= 6 ? sum / count : Number.NaN;
}

/** Frames where the object hits the floor: it was moving down (rows grow) and then stops or turns back up. */
function contactFrames(rows: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < rows.length - 1; i++) {
    const [a, b, c] = [rows[i - 1]!, rows[i]!, rows[i + 1]!];
    if ([a, b, c].some(Number.isNaN)) continue;
    if (b - a > 1.5 && c - b <= 0.5) out.push(i);
  }
  return out;
}

describe('the bundled pack makes the sound of what it shows', () => {
  it('visible bounces of a generated ball have audible impacts at the same frame', { timeout: 360_000 }, async () => {
    const offsets: number[] = [];
    const silent: number[] = [];
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const job = await engine.queue.enqueue({ prompt: 'a red ball bouncing on the studio floor', seconds: 2, seed });
      const done = await engine.queue.wait(job.id);
      expect(done.status, JSON.stringify(done)).toBe('complete');
      if (done.status !== 'complete') return;
      expect(done.output.audio, 'the bundled pack makes sound').toBeDefined();
      const { fps, width, height } = done.output;
      const rows: number[] = [];
      for await (const frame of decodeVideoFrames(tools, done.output.path, { pixelFormat: 'rgb24' })) {
        rows.push(redObjectRows(frame.data, width, height));
      }
      const audio = await decodeAudioMono(tools, done.output.audio!.path, { sampleRate: ONSET_SAMPLE_RATE });
      // The detector's floor is absolute; the pack's sound is quiet, so bring its peak to full scale first.
      const peak = audio.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-9);
      const onsets = detectOnsets(audio.samples.map((v) => (v / peak) * 0.9)).onsets.map((o) => o.seconds * fps);
      const contacts = contactFrames(rows);
      if (contacts.length > 0 && onsets.length === 0) silent.push(seed);
      for (const contact of contacts) {
        offsets.push(onsets.reduce((best, t) => (Math.abs(t - contact) < Math.abs(best) ? t - contact : best), Number.POSITIVE_INFINITY));
      }
    }
    // The clips must show bounces for the check to mean anything.
    expect(offsets.length).toBeGreaterThanOrEqual(8);
    expect(silent, 'clips with contacts but no sound event (seeds)').toEqual([]);
    const matched = offsets.filter((o) => Math.abs(o) <= 1).length;
    expect(matched / offsets.length, `onset offsets in frames: ${offsets.map((o) => o.toFixed(2)).join(', ')}`).toBeGreaterThanOrEqual(0.8);
  });
});
