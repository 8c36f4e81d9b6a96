/**
 * The bundled pack's sound follows its picture: in generated clips of a bouncing ball, every floor contact the frames
 * show has an audible impact. Real pack, real ONNX Runtime, real ffmpeg; the contacts are found in the decoded frames by
 * the model card's tracker (testing/objectTrack.ts, the same contacts the card counts and the audio decoder was tuned
 * on) and the impacts in the decoded sound by the engine's own onset detector (the one auto-sync uses).
 *
 * - Each contact has an impact: an onset within 1.5 frames of the contact's frame (at 8 fps a visible contact is known
 *   to the frame: the ball met the floor somewhere between the frame before and the frame after).
 * - In sync: at least 90 % of contacts have an onset within one frame.
 * - At the contacts, not everywhere: frames more than two frames from every contact have an onset within a frame far
 *   less often than contacts do, by at least 40 points (the sound is not a rattle that would "match" any contact).
 *
 * With pack 1.5.0 over these sixteen seeds: 21 contacts, all with an impact, 20 within a frame (seed 16's lands 1.24
 * frames late); 53 of the 128 frames away from contacts have an onset within a frame (41 %, against 95 % of contacts:
 * doubled knocks and second bounces the tracker does not count). Over seeds 1–48 of the same prompt: 70 contacts, all
 * with an impact, 69 within a frame. The model card's held-out prompts, over five sets of noise seeds, are harder
 * (other objects, colours and backgrounds): 89 % within a frame there.
 *
 * This test used to track the centroid of the red pixels instead. That counted a ball hovering in mid-air (seed 8,
 * frame 9, 22 rows above where it had met the floor; the card's tracker sees no stop there) as a contact, and there
 * the decoder is rightly silent.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONSET_SAMPLE_RATE, detectOnsets } from '../audio/onsets.js';
import { createEngine, type Engine } from '../index.js';
import { decodeAudioMono, decodeVideoFrames, locateMediaTools, type MediaTools } from '../media/index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { contactFrames, trackObject } from '../testing/objectTrack.js';

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

describe('the bundled pack makes the sound of what it shows', () => {
  it('every visible bounce of a generated ball has an audible impact at its frame', { timeout: 600_000 }, async () => {
    const offsets: { seed: number; frame: number; offset: number }[] = [];
    let farFrames = 0;
    let farWithOnset = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const job = await engine.queue.enqueue({ prompt: 'a red ball bouncing on the studio floor', seconds: 2, seed });
      const done = await engine.queue.wait(job.id);
      expect(done.status, JSON.stringify(done)).toBe('complete');
      if (done.status !== 'complete') return;
      expect(done.output.audio, 'the bundled pack makes sound').toBeDefined();
      const { fps, width, height } = done.output;
      const frames: Uint8Array[] = [];
      for await (const frame of decodeVideoFrames(tools, done.output.path, { pixelFormat: 'rgb24' })) {
        frames.push(Uint8Array.from(frame.data));
      }
      const track = trackObject(frames, width, height);
      expect(track.moving, `seed ${seed}: the ball is tracked moving`).toBe(true);
      const audio = await decodeAudioMono(tools, done.output.audio!.path, { sampleRate: ONSET_SAMPLE_RATE });
      // The detector's floor is absolute; the pack's sound is quiet, so bring its peak to full scale first.
      const peak = audio.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 1e-9);
      const onsets = detectOnsets(audio.samples.map((v) => (v / peak) * 0.9)).onsets.map((o) => o.seconds * fps);
      const nearest = (frame: number) => onsets.reduce((best, t) => (Math.abs(t - frame) < Math.abs(best) ? t - frame : best), Number.POSITIVE_INFINITY);
      const contacts = contactFrames(track.cy);
      for (const frame of contacts) offsets.push({ seed, frame, offset: nearest(frame) });
      for (let frame = 1; frame < frames.length - 1; frame++) {
        if (contacts.some((c) => Math.abs(frame - c) <= 2)) continue;
        farFrames++;
        if (Math.abs(nearest(frame)) <= 1) farWithOnset++;
      }
    }
    const report = offsets.map((o) => `seed ${o.seed} frame ${o.frame}: ${o.offset.toFixed(2)}`).join('; ');
    // The clips must show bounces for the check to mean anything.
    expect(offsets.length).toBeGreaterThanOrEqual(16);
    expect(offsets.filter((o) => !(Math.abs(o.offset) <= 1.5)), `contacts without an impact (${report})`).toEqual([]);
    const inSync = offsets.filter((o) => Math.abs(o.offset) <= 1).length / offsets.length;
    expect(inSync, report).toBeGreaterThanOrEqual(0.9);
    expect(farWithOnset / farFrames, `frames away from contacts with an onset within a frame: ${farWithOnset} of ${farFrames}`).toBeLessThan(inSync - 0.4);
  });
});
