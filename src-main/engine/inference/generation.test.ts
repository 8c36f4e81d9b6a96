/**
 * The generation queue and its worker process, through the engine's own API: real worker process, real ONNX Runtime,
 * real ffmpeg. A copy of the fixture pack with 1000 steps at 256×256 makes a job last long enough to cancel or kill.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '../../../src-shared/generation.js';
import { decodeWavFloat32 } from '../audio/wav.js';
import { createEngine, type Engine } from '../index.js';
import { locateMediaTools, probeMedia } from '../media/index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { copyFixturePack, makeTempDir, removeTempDirs } from '../testing/fixturePack.js';

const SLOW_STEPS = 1000;

let engine: Engine;
let dataDir: string;
let rendersDir: string;

beforeAll(async () => {
  const root = await makeTempDir('queue');
  dataDir = path.join(root, 'data');
  rendersDir = path.join(dataDir, 'renders');
  const slowPack = await copyFixturePack(root, 'slow-pack', (m) => {
    m.scheduler.steps = SLOW_STEPS;
    m.video.sizes.unshift({ width: 256, height: 256 });
  });
  const host = createNodeHost({ dataDir });
  host.settings.update({ modelPack: slowPack, executionProvider: 'cpu', cpuThreads: 1 });
  engine = await createEngine(host);
});

afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

/** Resolves with the first view of job `id` that passes `test` (checking the current one first). */
function waitForJob(id: string, test: (job: JobView) => boolean, timeoutMs = 30_000): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const current = engine.queue.get(id);
    if (current && test(current)) return resolve(current);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`job ${id} did not get there in ${timeoutMs} ms; it is ${JSON.stringify(engine.queue.get(id))}`));
    }, timeoutMs);
    const stop = engine.queue.subscribe((job) => {
      if (job.id !== id || !test(job)) return;
      clearTimeout(timer);
      stop();
      resolve(job);
    });
  });
}

const denoisingAtLeast = (step: number) => (job: JobView) => job.status === 'running' && job.phase === 'denoise' && job.step >= step;

/** Every step the job reported, in order. */
function recordSteps(id: string): number[] {
  const steps: number[] = [];
  engine.queue.subscribe((job) => {
    if (job.id === id && job.status === 'running' && job.phase === 'denoise') steps.push(job.step);
  });
  return steps;
}

async function leftoversInRenders(): Promise<string[]> {
  const names = await readdir(rendersDir).catch(() => []);
  return names.filter((n) => n.endsWith('.partial') || n.endsWith('.mp4'));
}

const slowRequest = { prompt: 'a red ball bouncing', seconds: 2, seed: 1 };

describe('generation queue', () => {
  it('runs one job at a time, and cancels a queued job at once', async () => {
    const first = await engine.queue.enqueue(slowRequest);
    const second = await engine.queue.enqueue({ ...slowRequest, seed: 2 });
    expect(first.settings).toMatchObject({ width: 256, height: 256, steps: SLOW_STEPS, frames: 17 });

    await waitForJob(first.id, denoisingAtLeast(1));
    expect(engine.queue.get(second.id)).toMatchObject({ status: 'queued', position: 1 });

    const cancelled = engine.queue.cancel(second.id);
    expect(cancelled.status).toBe('cancelled');
    expect(engine.queue.get(first.id)?.status).toBe('running');

    engine.queue.cancel(first.id);
    expect((await engine.queue.wait(first.id)).status).toBe('cancelled');
    expect((await engine.queue.wait(second.id)).status).toBe('cancelled');
  });

  it('cancels a running job within a step and leaves no file behind', async () => {
    const job = await engine.queue.enqueue(slowRequest);
    const seen = recordSteps(job.id);
    const running = await waitForJob(job.id, denoisingAtLeast(3));
    const stepAtCancel = running.status === 'running' ? running.step : -1;

    engine.queue.cancel(job.id);
    const end = await engine.queue.wait(job.id);

    expect(end.status).toBe('cancelled');
    const lastStep = seen.at(-1)!;
    expect(lastStep).toBeLessThan(SLOW_STEPS);
    // The step running when the message arrived finishes; the next one never starts (one more in flight at most).
    expect(lastStep - stepAtCancel).toBeLessThanOrEqual(2);
    expect(await leftoversInRenders()).toEqual([]);
  });

  it('fails the job clearly when the worker process is killed, and the next job runs on a fresh worker', async () => {
    const doomed = await engine.queue.enqueue(slowRequest);
    await waitForJob(doomed.id, denoisingAtLeast(2));
    const pid = engine.workerPid();
    expect(pid).toBeGreaterThan(0);

    process.kill(pid!, 'SIGKILL');
    const failed = await engine.queue.wait(doomed.id);

    expect(failed.status).toBe('error');
    expect(failed.status === 'error' && failed.message).toMatch(/inference process stopped unexpectedly \(it was killed \(SIGKILL\)\)/);
    // The killed worker could not clean up: the engine removes the partial file it was encoding into.
    expect(await leftoversInRenders()).toEqual([]);

    const next = await engine.queue.enqueue({ prompt: 'a blue cube', seconds: 1, seed: 3, steps: 2, size: { width: 64, height: 64 } });
    const done = await engine.queue.wait(next.id);
    expect(done.status, JSON.stringify(done)).toBe('complete');
    expect(engine.workerPid()).toBeGreaterThan(0);
    expect(engine.workerPid()).not.toBe(pid);
    if (done.status !== 'complete') return;
    expect(done.executionProvider).toBe('cpu');
    expect(existsSync(done.output.path)).toBe(true);
    const probe = await probeMedia(await locateMediaTools({ env: process.env }), done.output.path, { countFrames: true });
    expect(probe.video).toMatchObject({ codec: 'h264', width: 64, height: 64, frameCount: done.settings.frames });
  });
});

describe('generated sound', () => {
  it('a pack with an audio decoder gives the take a WAV beside the video and an AAC track inside it, both the clip long', async () => {
    const job = await engine.queue.enqueue({ prompt: 'a red ball bouncing', seconds: 2, seed: 5, steps: 2, size: { width: 64, height: 64 } });
    const done = await engine.queue.wait(job.id);
    expect(done.status, JSON.stringify(done)).toBe('complete');
    if (done.status !== 'complete') return;
    const audio = done.output.audio;
    expect(audio).toBeDefined();
    expect(audio!.sampleRate).toBe(8000);
    expect(audio!.path).toBe(done.output.path.replace(/\.mp4$/, '.wav'));
    expect(audio!.url).toBeTruthy();
    const wav = decodeWavFloat32(await readFile(audio!.path));
    expect(wav.channels).toHaveLength(1);
    // sample 0 is frame 0; one video frame is sampleRate / fps samples
    expect(wav.channels[0]!.length).toBe((done.settings.frames * 8000) / done.settings.fps);
    const peak = wav.channels[0]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.01);
    const probe = await probeMedia(await locateMediaTools({ env: process.env }), done.output.path, { countFrames: true });
    expect(probe.video).toMatchObject({ codec: 'h264', frameCount: done.settings.frames });
    expect(probe.audio).toMatchObject({ codec: 'aac', sampleRate: 8000, channels: 1 });
    expect(Math.abs(probe.durationSeconds! - done.settings.frames / done.settings.fps)).toBeLessThan(0.1);
  });
});
