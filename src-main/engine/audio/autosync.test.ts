import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoEncoder, locateMediaTools, type MediaTools } from '../media/index.js';
import { MIN_CONFIDENCE, autoSync } from './autosync.js';
import { addClick, addKnock, addNoise, bouncingBall, drawBallFrame } from './testSignals.js';
import { encodeWavFloat32 } from './wav.js';

/**
 * Clips built here with known offsets: a bouncing ball (contacts at exact, off-frame times) and a flashing square,
 * each with a sound of knocks at the event times shifted by the offset. The estimate must be within one frame.
 */

let tools: MediaTools;
let dir: string;
const measured: string[] = [];

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-autosync-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  // The figures the audio README quotes.
  if (measured.length) console.log(`auto-sync errors:\n  ${measured.join('\n  ')}`);
});

const WIDTH = 160;
const HEIGHT = 90;
const SECONDS = 4.5;
const AUDIO_RATE = 48_000;

async function encode(name: string, fps: number, frame: (t: number) => Uint8Array): Promise<string> {
  const out = path.join(dir, name);
  const encoder = await createVideoEncoder({ tools, width: WIDTH, height: HEIGHT, fps, outPath: out, preset: 'veryfast' });
  for (let i = 0; i < Math.round(SECONDS * fps); i++) await encoder.writeFrame(frame(i / fps));
  await encoder.finish();
  return out;
}

async function knocksWav(name: string, times: readonly number[], seconds: number, amplitude: (i: number) => number): Promise<string> {
  const samples = new Float32Array(Math.round(seconds * AUDIO_RATE));
  addNoise(samples, 0.002, 11);
  times.forEach((t, i) => addKnock(samples, AUDIO_RATE, t, amplitude(i), i + 1));
  const out = path.join(dir, name);
  await writeFile(out, encodeWavFloat32([samples], AUDIO_RATE));
  return out;
}

const ball = bouncingBall({ height: 0.9, gravity: 9.8 / 1.2, restitution: 0.78, startSeconds: 0.3, seconds: SECONDS - 0.3 });

const videos = new Map<string, Promise<string>>();

/** Each scene is encoded once and shared by the cases that use it. */
function once(name: string, make: () => Promise<string>): Promise<string> {
  if (!videos.has(name)) videos.set(name, make());
  return videos.get(name)!;
}

function ballVideo(fps: number): Promise<string> {
  return once(`ball-${fps}`, () => encode(`ball-${fps}.mp4`, fps, (t) => drawBallFrame(WIDTH, HEIGHT, 40 + 20 * t, HEIGHT - 16 - ball.heightAt(t) * (HEIGHT - 30), 6)));
}

/** Irregular flash times, not on frame boundaries. */
const FLASHES = [0.431, 1.173, 1.612, 2.587, 3.018, 3.905];

function flashVideo(fps: number): Promise<string> {
  return once(`flash-${fps}`, () => encode(`flash-${fps}.mp4`, fps, (t) => {
    const frame = new Uint8Array(WIDTH * HEIGHT * 3);
    const since = FLASHES.filter((f) => f <= t).map((f) => t - f);
    // A flash appears at once and fades over ~0.1 s, like a real one: only its start is sharp.
    const level = since.length ? Math.exp(-Math.min(...since) / 0.1) : 0;
    for (let y = 0; y < HEIGHT; y++) {
      for (let x = 0; x < WIDTH; x++) {
        const o = (y * WIDTH + x) * 3;
        const inSquare = x >= 60 && x < 100 && y >= 25 && y < 65;
        const v = 30 + ((x + y) >> 3) + (inSquare ? Math.round(level * 200) : 0);
        frame[o] = v;
        frame[o + 1] = v;
        frame[o + 2] = v;
      }
    }
    return frame;
  }));
}

describe('autoSync', () => {
  const cases = [
    { scene: 'bouncing ball', fps: 24, offsetMs: -120 },
    { scene: 'bouncing ball', fps: 24, offsetMs: 0 },
    { scene: 'bouncing ball', fps: 24, offsetMs: 250 },
    { scene: 'flashing square', fps: 30, offsetMs: -120 },
    { scene: 'flashing square', fps: 30, offsetMs: 0 },
    { scene: 'flashing square', fps: 30, offsetMs: 250 },
  ] as const;

  for (const { scene, fps, offsetMs } of cases) {
    it(`finds a ${offsetMs} ms offset on a ${scene} at ${fps} fps within one frame`, async () => {
      const ballScene = scene === 'bouncing ball';
      const video = ballScene ? await ballVideo(fps) : await flashVideo(fps);
      const times = (ballScene ? ball.contacts : FLASHES).map((t) => t + offsetMs / 1000);
      // Louder for faster impacts, as a real bounce sounds.
      const audio = await knocksWav(`${scene}-${fps}-${offsetMs}.wav`, times, SECONDS + 0.5, (i) => (ballScene ? 0.6 * 0.78 ** i : 0.5));
      const result = await autoSync(tools, { videoPath: video, audioPath: audio, fps });
      expect(result.status).toBe('synced');
      if (result.status !== 'synced') return;
      const errorMs = result.offsetMs - offsetMs;
      measured.push(`${scene} ${fps} fps, offset ${offsetMs} ms: found ${result.offsetMs} ms (${result.offsetFrames} frames), error ${errorMs.toFixed(1)} ms, confidence ${result.confidence.toFixed(2)}, ${result.matchedEvents} events matched`);
      expect(Math.abs(errorMs)).toBeLessThanOrEqual(1000 / fps);
      // Whole frames for the timeline: the nearest frame to the estimate, itself within a frame of the truth.
      expect(result.offsetFrames).toBe(Math.round((result.offsetMs * fps) / 1000) + 0);
      expect(Math.abs((result.offsetFrames * 1000) / fps - offsetMs)).toBeLessThanOrEqual(1000 / fps);
      expect(result.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
      expect(result.matchedEvents).toBeGreaterThanOrEqual(3);
      expect(result.events.video.length).toBeGreaterThanOrEqual(3);
    });
  }

  it('measures against the audio clip’s source position when the audio file has a lead-in', async () => {
    const lead = 1500;
    const video = await ballVideo(24);
    const audio = await knocksWav('lead-in.wav', ball.contacts.map((t) => t + lead / 1000 + 0.25), SECONDS + 3, (i) => 0.6 * 0.78 ** i);
    const result = await autoSync(tools, { videoPath: video, audioPath: audio, fps: 24, audioSourceOffsetMs: lead });
    expect(result.status).toBe('synced');
    if (result.status !== 'synced') return;
    measured.push(`ball 24 fps, audio lead-in 1500 ms, offset 250 ms: found ${result.offsetMs} ms, confidence ${result.confidence.toFixed(2)}`);
    expect(Math.abs(result.offsetMs - 250)).toBeLessThanOrEqual(1000 / 24);
    // Event times are reported in each file's own time, for drawing on its clip.
    expect(result.events.audio[0]!.ms).toBeGreaterThan(lead);
  });

  it('says "no sync points found" for a still picture and a steady sound, instead of an offset', async () => {
    const video = await encode('still.mp4', 24, () => new Uint8Array(WIDTH * HEIGHT * 3).map((_, i) => 60 + ((i / 3) % WIDTH) / 4));
    const samples = new Float32Array(Math.round(SECONDS * AUDIO_RATE)).map((_, i) => 0.2 * Math.sin((2 * Math.PI * 220 * i) / AUDIO_RATE));
    addNoise(samples, 0.01, 5);
    const audio = path.join(dir, 'steady.wav');
    await writeFile(audio, encodeWavFloat32([samples], AUDIO_RATE));
    const result = await autoSync(tools, { videoPath: video, audioPath: audio, fps: 24 });
    expect(result).toMatchObject({ status: 'no-sync-points', confidence: 0 });
    expect(result).not.toHaveProperty('offsetMs');
    if (result.status === 'no-sync-points') expect(result.reason).toMatch(/^No sync points found: neither the picture nor the sound/);
    expect(result.events).toEqual({ video: [], audio: [] });
  });

  it('refuses to guess when the sound has events but none line up with the picture', async () => {
    const video = await ballVideo(24);
    // A metronome: it matches the bounces equally badly at every lag.
    const samples = new Float32Array(Math.round((SECONDS + 0.5) * AUDIO_RATE));
    addNoise(samples, 0.002, 3);
    for (let t = 0.1; t < SECONDS + 0.4; t += 0.25) addClick(samples, AUDIO_RATE, t, 0.5);
    const audio = path.join(dir, 'metronome.wav');
    await writeFile(audio, encodeWavFloat32([samples], AUDIO_RATE));
    const result = await autoSync(tools, { videoPath: video, audioPath: audio, fps: 24 });
    expect(result.status).toBe('no-sync-points');
    expect(result.confidence).toBeLessThan(MIN_CONFIDENCE);
    expect(result.events.audio.length).toBeGreaterThan(10);
  });
});
