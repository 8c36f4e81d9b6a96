/**
 * The encoder the inference worker keeps ready for the next job: used when the next job matches, replaced when it does
 * not, and never a process left behind — in the class itself and through the real worker process.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../index.js';
import { frameMd5, locateMediaTools, type MediaTools } from '../../media/index.js';
import { createNodeHost } from '../../system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../../testing/fixturePack.js';
import { processAlive, waitFor } from '../../testing/processes.js';
import { EncoderStandby, encoderScratchDir, sweepStaleScratchDirs } from './encoderStandby.js';

let tools: MediaTools;
let dir: string;
beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-standby-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await removeTempDirs();
});

const frame = (w: number, h: number, i: number) => new Uint8Array(w * h * 3).map((_, k) => (k * 7 + i * 31) & 255);

describe('EncoderStandby', () => {
  const settings = () => ({ tools, width: 32, height: 32, fps: 8, preset: 'veryfast' as const });

  it('hands the waiting encoder to a matching job, and replaces it for a job with another size', async () => {
    const scratch = path.join(dir, 'scratch-a');
    const standby = new EncoderStandby(scratch);
    await standby.prepare(settings());
    const first = standby.pid;
    expect(processAlive(first)).toBe(true);
    await standby.prepare(settings());
    expect(standby.pid).toBe(first);

    const taken = await standby.take(settings(), path.join(dir, 'a.mp4'));
    expect(taken.startedAhead).toBe(true);
    expect(standby.pid).toBeUndefined();
    for (let i = 0; i < 4; i++) await taken.encoder.writeFrame(frame(32, 32, i));
    expect((await taken.encoder.finish()).frameCount).toBe(4);
    expect(await waitFor(() => !processAlive(first))).toBe(true);

    await standby.prepare(settings());
    const second = standby.pid;
    expect(second).not.toBe(first);
    const other = await standby.take({ ...settings(), width: 48 }, path.join(dir, 'b.mp4'));
    expect(other.startedAhead).toBe(false);
    expect(await waitFor(() => !processAlive(second))).toBe(true);
    await other.encoder.abort();

    await standby.prepare(settings());
    const third = standby.pid;
    await standby.dispose();
    expect(processAlive(third)).toBe(false);
    expect(existsSync(scratch)).toBe(false);
    await standby.prepare(settings());
    expect(standby.pid).toBeUndefined();
  });

  it('leaves neither a process nor its folder when disposed while it starts, or killed as the process exits', async () => {
    const racing = path.join(dir, 'scratch-race');
    const standby = new EncoderStandby(racing);
    const preparing = standby.prepare(settings());
    await standby.dispose();
    await preparing;
    expect(standby.pid).toBeUndefined();
    expect(existsSync(racing)).toBe(false);

    const exiting = path.join(dir, 'scratch-exit');
    const last = new EncoderStandby(exiting);
    await last.prepare(settings());
    const pid = last.pid;
    last.killNow();
    expect(existsSync(exiting)).toBe(false);
    expect(await waitFor(() => !processAlive(pid))).toBe(true);
  });

  it("sweeps the scratch folders of workers that are gone, and only those", async () => {
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    // A pid that cannot be running: above the kernel's pid limit.
    const gone = encoderScratchDir(4_194_999, tmp);
    const mine = encoderScratchDir(process.pid, tmp);
    const other = path.join(tmp, 'scenecast-encoder-notapid');
    for (const folder of [gone, mine, other]) await mkdir(folder);
    expect(await sweepStaleScratchDirs(tmp)).toEqual(['scenecast-encoder-4194999']);
    expect(existsSync(gone)).toBe(false);
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(other)).toBe(true);
  });

  it('a job that asks while the next encoder is being started takes that one, not a second', async () => {
    const standby = new EncoderStandby(path.join(dir, 'scratch-queued'));
    void standby.prepare(settings());
    const taken = await standby.take(settings(), path.join(dir, 'queued.mp4'));
    expect(taken.startedAhead).toBe(true);
    expect(standby.pid).toBeUndefined();
    await taken.encoder.writeFrame(frame(32, 32, 0));
    expect((await taken.encoder.finish()).frameCount).toBe(1);
    await standby.dispose();
  });

  it('replaces a waiting encoder whose ffmpeg died, so the job still gets one', async () => {
    const standby = new EncoderStandby(path.join(dir, 'scratch-b'));
    await standby.prepare(settings());
    process.kill(standby.pid!, 'SIGKILL');
    await waitFor(() => !processAlive(standby.pid));
    const taken = await standby.take(settings(), path.join(dir, 'c.mp4'));
    expect(taken.startedAhead).toBe(false);
    await taken.encoder.writeFrame(frame(32, 32, 0));
    expect((await taken.encoder.finish()).frameCount).toBe(1);
    await standby.dispose();
  });

  it('a job with a bad output folder fails as it would without one waiting, and stops the waiting one', async () => {
    const standby = new EncoderStandby(path.join(dir, 'scratch-c'));
    await standby.prepare(settings());
    const pid = standby.pid;
    await expect(standby.take(settings(), path.join(dir, 'missing', 'x.mp4'))).rejects.toThrow(/does not exist/);
    expect(await waitFor(() => !processAlive(pid))).toBe(true);
    await standby.dispose();
  });
});

/** Live ffmpeg processes whose parent is `pid` (Linux /proc). */
function ffmpegChildren(pid: number): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && comm === 'ffmpeg' && state !== 'Z') found.push(Number(name));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

describe.runIf(process.platform === 'linux')('the inference worker and its waiting encoder', () => {
  let engine: Engine;
  let renders: string;
  beforeAll(async () => {
    const root = await makeTempDir('standby-worker');
    renders = path.join(root, 'renders');
    const host = createNodeHost({ dataDir: path.join(root, 'data') });
    host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
    engine = await createEngine(host);
  });
  afterAll(async () => {
    await engine?.dispose();
  });

  const request = { prompt: 'a red ball bouncing', seconds: 1, seed: 5, steps: 2, size: { width: 64, height: 64 } };
  const generate = async (req: typeof request, name: string) => {
    const job = await engine.queue.enqueue(req, { outPath: path.join(renders, name) });
    const end = await engine.queue.wait(job.id);
    if (end.status !== 'complete') throw new Error(`job ended ${JSON.stringify(end)}`);
    return end.output.path;
  };

  it('keeps exactly one encoder waiting between jobs, gives the same frames with it, and leaves nothing after dispose', async () => {
    await mkdir(renders, { recursive: true });
    const first = await generate(request, 'first.mp4');
    const worker = engine.workerPid()!;
    expect(await waitFor(() => ffmpegChildren(worker).length === 1)).toBe(true);
    const waiting = ffmpegChildren(worker)[0]!;

    // Same request again: same frames, through the encoder that was waiting (it has finished and exited since).
    const second = await generate(request, 'second.mp4');
    expect(await frameMd5(tools, second)).toEqual(await frameMd5(tools, first));
    expect(processAlive(waiting)).toBe(false);
    expect(await waitFor(() => ffmpegChildren(worker).length === 1)).toBe(true);

    // Another size: the waiting encoder is stopped, not left beside the job's own.
    const resized = await generate({ ...request, size: { width: 96, height: 64 } }, 'resized.mp4');
    expect(resized).toMatch(/resized\.mp4$/);
    expect(await waitFor(() => ffmpegChildren(worker).length === 1)).toBe(true);

    // A cancelled job starts no encoder for the next one.
    const slow = await engine.queue.enqueue({ ...request, steps: 200, seed: 9 }, { outPath: path.join(renders, 'cancelled.mp4') });
    await new Promise<void>((resolve) => {
      const stop = engine.queue.subscribe((job) => {
        if (job.id === slow.id && job.status === 'running' && job.phase === 'denoise' && job.step >= 2) {
          stop();
          resolve();
        }
      });
    });
    engine.queue.cancel(slow.id);
    const stopped = await engine.queue.wait(slow.id);
    expect(stopped.status, JSON.stringify(stopped)).toBe('cancelled');
    expect(await waitFor(() => ffmpegChildren(worker).length === 0)).toBe(true);

    await generate(request, 'third.mp4');
    expect(await waitFor(() => ffmpegChildren(worker).length === 1)).toBe(true);
    const lastWaiting = ffmpegChildren(worker)[0]!;
    await engine.dispose();
    expect(await waitFor(() => !processAlive(worker) && !processAlive(lastWaiting))).toBe(true);
    expect(existsSync(encoderScratchDir(worker))).toBe(false);
    expect((await readdir(renders)).filter((n) => n.includes('.partial'))).toEqual([]);
  });
});

describe.runIf(process.platform === 'linux')('an engine that dies without disposing', () => {
  it('takes its worker, the waiting encoder and the scratch folder with it', async () => {
    const dataDir = await mkdtemp(path.join(dir, 'abandoned-'));
    const script = path.join(path.dirname(new URL(import.meta.url).pathname), '__fixtures__', 'abandonWorker.ts');
    const engine = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => engine.once('exit', resolve));
    const report = await new Promise<{ status: string; worker: number }>((resolve, reject) => {
      let text = '';
      engine.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]!) as { status: string; worker: number });
      });
      engine.once('exit', () => reject(new Error(`the engine exited before reporting: ${text}`)));
    });
    expect(report.status).toBe('complete');
    const worker = report.worker;
    // The worker starts the next job's encoder once the job is done; the engine then exits without a word.
    expect(await waitFor(() => ffmpegChildren(worker).length === 1, 5000)).toBe(true);
    const waiting = ffmpegChildren(worker)[0]!;
    expect(await exited).toBe(0);
    expect(await waitFor(() => !processAlive(worker), 10_000)).toBe(true);
    expect(await waitFor(() => !processAlive(waiting), 5000)).toBe(true);
    expect(existsSync(encoderScratchDir(worker))).toBe(false);
  });
});
