import { describe, expect, it } from 'vitest';
import { alignEvents, type TimedEvent } from './correlate.js';
import { ONSET_SAMPLE_RATE, detectOnsets, detectOnsetsAsync } from './onsets.js';
import { pickPeaks } from './peaks.js';
import { addKnock, addNoise } from './testSignals.js';
import { VisualEventDetector } from './visualEvents.js';

describe('detectOnsets (spectral flux)', () => {
  it('finds each knock within 3 ms, loud or soft, over background noise', () => {
    const times = [0.5123, 1.2345, 1.9, 2.6011, 3.3];
    const samples = new Float32Array(ONSET_SAMPLE_RATE * 4);
    addNoise(samples, 0.003, 1);
    times.forEach((t, i) => addKnock(samples, ONSET_SAMPLE_RATE, t, 0.5 / (i + 1), i + 3));
    const { onsets, flux } = detectOnsets(samples);
    expect(flux.length).toBeGreaterThan(3900);
    expect(onsets).toHaveLength(times.length);
    onsets.forEach((onset, i) => expect(Math.abs(onset.seconds - times[i]!) * 1000).toBeLessThanOrEqual(3));
    expect(onsets[0]!.strength).toBe(1);
    expect(onsets[4]!.strength).toBeLessThan(onsets[0]!.strength);
  });

  it('gives the same answer in slices that let the event loop run', async () => {
    const samples = new Float32Array(ONSET_SAMPLE_RATE * 3);
    addNoise(samples, 0.003, 4);
    [0.4, 1.7, 2.2].forEach((t, i) => addKnock(samples, ONSET_SAMPLE_RATE, t, 0.4, i));
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    const sliced = await detectOnsetsAsync(samples);
    clearInterval(ticker);
    const whole = detectOnsets(samples);
    expect(sliced.flux).toEqual(whole.flux);
    expect(sliced.onsets).toEqual(whole.onsets);
    expect(turns).toBeGreaterThan(0);
  });

  it('finds nothing in a steady tone or steady noise, however loud', () => {
    const tone = new Float32Array(ONSET_SAMPLE_RATE * 3).map((_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / ONSET_SAMPLE_RATE));
    const noise = new Float32Array(ONSET_SAMPLE_RATE * 3);
    addNoise(noise, 0.3, 9);
    expect(detectOnsets(tone).onsets).toEqual([]);
    expect(detectOnsets(noise).onsets).toEqual([]);
    expect(detectOnsets(new Float32Array(100)).onsets).toEqual([]);
  });
});

describe('VisualEventDetector', () => {
  /** A 4x4 white block on black, 64x32 frames. */
  function blockFrame(x: number, y: number): Uint8Array {
    const frame = new Uint8Array(64 * 32);
    for (let j = Math.round(y); j < Math.round(y) + 4; j++) for (let i = Math.round(x); i < Math.round(x) + 4; i++) if (j >= 0 && j < 32 && i >= 0 && i < 64) frame[j * 64 + i] = 255;
    return frame;
  }

  it('places a reversal of motion between the frames where it happened', () => {
    const detector = new VisualEventDetector(64, 32, 24);
    // Moves right 3 px per frame, turns back between frames 10 and 11 (a wall at x ≈ 40).
    for (let f = 0; f < 24; f++) detector.push(blockFrame(f <= 10 ? 10 + 3 * f : 40 - 3 * (f - 10), 14));
    const { events } = detector.finish();
    expect(events.map((e) => e.kind)).toEqual(['direction-change']);
    expect(Math.abs(events[0]!.seconds * 24 - 10.5)).toBeLessThanOrEqual(0.75);
  });

  it('finds a flash as a burst of change, and nothing in a still picture', () => {
    const flash = new VisualEventDetector(64, 32, 30);
    for (let f = 0; f < 30; f++) flash.push(new Uint8Array(64 * 32).fill(f >= 12 ? Math.round(40 + 180 * Math.exp(-(f - 12) / 3)) : 40));
    const found = flash.finish().events;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'flash', seconds: 11.5 / 30 });
    const still = new VisualEventDetector(64, 32, 30);
    for (let f = 0; f < 30; f++) still.push(new Uint8Array(64 * 32).fill(90));
    expect(still.finish().events).toEqual([]);
  });
});

describe('alignEvents', () => {
  const video: TimedEvent[] = [0.3, 0.95, 1.4, 2.6, 3.1].map((seconds) => ({ seconds, strength: 1 }));
  const options = { maxLagMs: 2000, videoSigmaMs: 20, audioSigmaMs: 3 };

  it('finds the lag between two trains to a millisecond, with high confidence', () => {
    for (const lag of [-1730, -120, 0, 37.5, 250, 1990]) {
      const audio = video.map((e) => ({ seconds: e.seconds + lag / 1000, strength: 0.7 }));
      const found = alignEvents(video, audio, options)!;
      expect(Math.abs(found.lagMs - lag)).toBeLessThanOrEqual(1);
      expect(found.matched).toBe(5);
      expect(found.confidence).toBeGreaterThan(0.8);
    }
  });

  it('has no confidence when the events are evenly spaced (every lag a multiple of the beat fits)', () => {
    const beat = Array.from({ length: 12 }, (_, i) => ({ seconds: i * 0.25, strength: 1 }));
    const found = alignEvents(beat, beat.map((e) => ({ ...e, seconds: e.seconds + 0.1 })), options)!;
    expect(found.secondPeakRatio).toBeGreaterThan(0.8);
    expect(found.confidence).toBeLessThan(0.2);
  });

  it('rarely trusts unrelated event trains (chance alignments stay under the auto-sync threshold)', () => {
    // mulberry32: a plain LCG's low bits repeat, which makes "random" trains shifted copies of each other.
    let seed = 0x2545f491;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const confidences: number[] = [];
    for (let trial = 0; trial < 300; trial++) {
      const v = Array.from({ length: 2 + Math.floor(random() * 6) }, () => ({ seconds: random() * 4.5, strength: random() }));
      const a = Array.from({ length: 2 + Math.floor(random() * 14) }, () => ({ seconds: -2 + random() * 8.5, strength: random() }));
      const found = alignEvents(v, a, { maxLagMs: 2000, videoSigmaMs: 500 / 24, audioSigmaMs: 3 });
      if (found) confidences.push(found.confidence);
    }
    expect(confidences.length).toBeGreaterThan(250);
    expect(confidences.filter((c) => c >= 0.5).length / confidences.length).toBeLessThanOrEqual(0.01);
  });

  it('has nothing to say about one event each, or none', () => {
    expect(alignEvents(video.slice(0, 1), [{ seconds: 1.2, strength: 1 }], options)!.confidence).toBe(0);
    expect(alignEvents([], video, options)).toBeNull();
  });
});

describe('pickPeaks', () => {
  it('takes one peak per bump, above the local level and the floor, refined between samples', () => {
    const curve = [0, 0, 1, 3, 2, 0, 0, 0.2, 0.3, 0.2, 0, 5, 5, 0];
    const peaks = pickPeaks(curve, { radius: 2, meanRadius: 5, ratio: 1.5, floor: 0.5 });
    expect(peaks.map((p) => p.index)).toEqual([3, 11]);
    expect(peaks[0]!.position).toBeCloseTo(3 + 0.5 * (1 - 2) / (1 - 6 + 2), 9);
  });
});
