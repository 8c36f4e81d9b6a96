import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMixFilterGraph, type AudioClip, type AudioTimeline } from '../../../src-shared/audio/index.js';
import { locateMediaTools, renderAudioMix, type MediaTools } from '../media/index.js';
import { addClick } from './testSignals.js';
import { decodeWavFloat32, encodeWavFloat32 } from './wav.js';

let tools: MediaTools;
let dir: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-mix-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function clickWav(name: string, sampleRate: number, channels: number, seconds: number, clicks: { at: number; amplitude: number }[]): Promise<string> {
  const mono = new Float32Array(Math.round(seconds * sampleRate));
  for (const click of clicks) addClick(mono, sampleRate, click.at, click.amplitude);
  const file = path.join(dir, name);
  await writeFile(file, encodeWavFloat32(Array.from({ length: channels }, () => mono), sampleRate));
  return file;
}

/** Peaks of |x| above `threshold`, at least 20 ms apart: position (samples) and level. */
function findClicks(samples: Float32Array, sampleRate: number, threshold: number): { at: number; level: number }[] {
  const found: { at: number; level: number }[] = [];
  const gap = Math.round(0.02 * sampleRate);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.abs(samples[i]!);
    if (v < threshold) continue;
    const last = found[found.length - 1];
    if (last && i - last.at < gap) {
      if (v > last.level) Object.assign(last, { at: i, level: v });
    } else {
      found.push({ at: i, level: v });
    }
  }
  return found;
}

const dB = (ratio: number) => 20 * Math.log10(ratio);

describe('the mix filter graph in real ffmpeg', () => {
  it('puts every click at its timeline sample (±1 ms) and level (±0.5 dB); mute, gain, fade and sum hold', async () => {
    const a = await clickWav('a-mono-48k.wav', 48_000, 1, 3, [0.1, 0.6, 1.3, 2.05].map((at) => ({ at, amplitude: 0.8 })));
    const b = await clickWav('b-stereo-44k1.wav', 44_100, 2, 2.5, [0.2, 0.9, 1.7].map((at) => ({ at, amplitude: 0.3 })));
    const loud = await clickWav('c.wav', 48_000, 1, 3, [{ at: 1, amplitude: 0.9 }]);
    const base = { offsetMs: 0, sourceInFrame: 0, gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, muted: false } satisfies Partial<AudioClip>;
    const state: AudioTimeline = {
      tracks: [
        { id: 't1', name: 'Clicks A', muted: false, solo: false },
        { id: 't2', name: 'Clicks B', muted: false, solo: false },
        { id: 't3', name: 'Muted', muted: true, solo: false },
      ],
      clips: [
        // A: heard from source 0.25 s (the 0.1 s click is trimmed away) at timeline 0.5 s, −6 dB.
        { ...base, id: 'ca', trackId: 't1', assetId: 'a', startFrame: 12, durationFrames: 60, sourceInFrame: 6, gainDb: -6 },
        // B: 44.1 kHz stereo at 1.25 s + 7 ms, +3 dB, with a 0.5 s fade-in over its first click.
        { ...base, id: 'cb', trackId: 't2', assetId: 'b', startFrame: 30, offsetMs: 7, durationFrames: 48, gainDb: 3, fadeInFrames: 12 },
        { ...base, id: 'cc', trackId: 't3', assetId: 'c', startFrame: 0, durationFrames: 72 },
      ],
    };
    const fps = 24;
    const graph = buildMixFilterGraph(state, {
      fps,
      sampleRate: 48_000,
      totalFrames: 84,
      inputs: { a: { path: a, channels: 1 }, b: { path: b, channels: 2 }, c: { path: loud, channels: 1 } },
    });
    expect(graph.inputs.map((i) => i.clipId)).toEqual(['ca', 'cb']);
    const out = path.join(dir, 'mix.wav');
    await renderAudioMix(tools, { inputs: graph.inputs.map((i) => i.path), filterComplex: graph.filterComplex, outputLabel: graph.outputLabel, sampleRate: 48_000, outPath: out });
    const wav = decodeWavFloat32(await readFile(out));
    expect(wav.sampleRate).toBe(48_000);
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]!.length).toBe(84 * 2000);

    const gainA = 0.8 * 10 ** (-6 / 20);
    const gainB = 0.3 * 10 ** (3 / 20);
    const expected = [
      { at: 0.5 + (0.6 - 0.25), level: gainA },
      { at: 1.257 + 0.2, level: gainB * (0.2 / 0.5) }, // on the fade-in's linear ramp
      { at: 0.5 + (1.3 - 0.25), level: gainA },
      { at: 1.257 + 0.9, level: gainB },
      { at: 0.5 + (2.05 - 0.25), level: gainA },
      { at: 1.257 + 1.7, level: gainB },
    ];
    for (const channel of wav.channels) {
      const clicks = findClicks(channel, 48_000, 0.05);
      expect(clicks).toHaveLength(expected.length);
      clicks.forEach((click, i) => {
        const want = expected[i]!;
        expect(Math.abs(click.at / 48_000 - want.at) * 1000).toBeLessThanOrEqual(1);
        expect(Math.abs(dB(click.level / want.level))).toBeLessThanOrEqual(0.5);
      });
    }
    // Between clicks the mix is silent: nothing of the muted track, nothing of A's trimmed first click.
    expect(Math.max(...wav.channels[0]!.subarray(0, 0.8 * 48_000).map(Math.abs))).toBeLessThan(1e-4);
  });

  it.each([24, 7])('plays abutting clips of one source back as the source itself, sample for sample (%i fps)', async (fps) => {
    // A ramp: every sample has its own value, so a sample lost, doubled or shifted at a cut shows.
    const n = 48_000 * 2;
    const ramp = new Float32Array(n).map((_, i) => (i % 4800) / 4800 - 0.5);
    const source = path.join(dir, `ramp-${fps}.wav`);
    await writeFile(source, encodeWavFloat32([ramp], 48_000));
    const base = { offsetMs: 0, gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, muted: false, trackId: 't', assetId: 'ramp' } satisfies Partial<AudioClip>;
    // Three cuts at odd frames; at 7 fps the boundaries are rounded samples (6857, 6857 + 6857.14… …).
    const cuts = [0, 3, 5, 11, 13];
    const state: AudioTimeline = {
      tracks: [{ id: 't', name: 'Ramp', muted: false, solo: false }],
      clips: cuts.slice(0, -1).map((from, i) => ({ ...base, id: `c${i}`, startFrame: from, durationFrames: cuts[i + 1]! - from, sourceInFrame: from })),
    };
    const graph = buildMixFilterGraph(state, { fps, sampleRate: 48_000, inputs: { ramp: { path: source, channels: 1 } } });
    const out = path.join(dir, `ramp-mix-${fps}.wav`);
    await renderAudioMix(tools, { inputs: graph.inputs.map((i) => i.path), filterComplex: graph.filterComplex, outputLabel: graph.outputLabel, sampleRate: 48_000, outPath: out });
    const mixed = decodeWavFloat32(await readFile(out)).channels[0]!;
    const expectedLength = Math.round((13 * 48_000) / fps);
    expect(mixed.length).toBe(expectedLength);
    let worst = 0;
    for (let i = 0; i < expectedLength; i++) worst = Math.max(worst, Math.abs(mixed[i]! - ramp[i]!));
    expect(worst).toBeLessThan(1e-6);
  });
});
