/**
 * The bundled pack's sound follows its picture: in generated clips of a bouncing ball, every floor contact that the
 * frames show has an audio onset within one frame. Real pack, real ONNX Runtime, real ffmpeg; the contacts are found
 * in the decoded frames and the onsets in the decoded sound, the same way for any clip.
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
  it('each visible bounce of a generated ball has an audible impact within one frame', { timeout: 240_000 }, async () => {
    const offsets: number[] = [];
    for (const seed of [1, 2, 3, 4]) {
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
      const onsets = detectOnsets(audio.samples).onsets.map((o) => o.seconds * fps);
      for (const contact of contactFrames(rows)) {
        const nearest = onsets.reduce((best, t) => (Math.abs(t - contact) < Math.abs(best) ? t - contact : best), Number.POSITIVE_INFINITY);
        offsets.push(nearest);
      }
    }
    // The clips must show bounces for the check to mean anything.
    expect(offsets.length).toBeGreaterThanOrEqual(3);
    for (const offset of offsets) expect(Math.abs(offset), `onset offsets in frames: ${offsets.map((o) => o.toFixed(2)).join(', ')}`).toBeLessThanOrEqual(1);
  });
});
