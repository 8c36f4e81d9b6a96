import { rmSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createVideoEncoder,
  prestartVideoEncoder,
  type PrestartedVideoEncoder,
  type VideoEncoder,
  type VideoEncoderSettings,
} from '../../media/index.js';

/**
 * Where a worker's encoder started ahead writes until a job names the real file: one folder per worker process, so the
 * engine can remove it when the worker dies without cleaning up.
 */
export const encoderScratchDir = (workerPid: number, tmp = os.tmpdir()): string => path.join(tmp, `scenecast-encoder-${workerPid}`);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Removes the scratch folders of workers that are gone. A worker killed together with its engine (a whole process group
 * sent SIGKILL) can clean up neither itself nor through the engine; the next worker does it when it starts.
 */
export async function sweepStaleScratchDirs(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmp)) {
    const pid = /^scenecast-encoder-(\d+)$/.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || alive(Number(pid))) continue;
    await rm(path.join(tmp, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Keeps one ffmpeg encoder started ahead for the next job. Starting ffmpeg costs about a tenth of a second of CPU
 * (loading its libraries); started while the worker is idle, that cost stays out of the next job, whose sampling would
 * otherwise share the CPU with it. A job with other settings stops the waiting encoder and starts its own.
 */
export class EncoderStandby {
  private waiting: PrestartedVideoEncoder | null = null;
  private disposed = false;

  constructor(private readonly scratchDir: string = encoderScratchDir(process.pid)) {}

  /** The waiting ffmpeg process, if any. */
  get pid(): number | undefined {
    return this.waiting?.pid;
  }

  private preparing: Promise<void> | null = null;

  /**
   * Starts an encoder for `settings` unless one is waiting for them already. Need not be awaited: a job that asks for
   * its encoder meanwhile waits for this start and takes it.
   */
  prepare(settings: VideoEncoderSettings): Promise<void> {
    const started = this.start(settings).finally(() => {
      if (this.preparing === started) this.preparing = null;
    });
    this.preparing = started;
    return started;
  }

  private async start(settings: VideoEncoderSettings): Promise<void> {
    if (this.disposed || this.waiting?.matches(settings)) return;
    await this.stopWaiting();
    await mkdir(this.scratchDir, { recursive: true });
    // A dispose may have run meanwhile (its folder removal included), or another prepare: never start a second process.
    if (this.disposed) return void (await rm(this.scratchDir, { recursive: true, force: true }));
    if (this.waiting) return;
    this.waiting = prestartVideoEncoder(settings, this.scratchDir);
  }

  /**
   * The encoder for a job: the waiting one when its settings match, else a new one (the waiting one is stopped). A
   * waiting encoder that cannot be used (ffmpeg died meanwhile) is replaced by a new one, so the job never fails for it.
   */
  async take(settings: VideoEncoderSettings, outPath: string): Promise<{ encoder: VideoEncoder; startedAhead: boolean }> {
    await this.preparing?.catch(() => undefined);
    const waiting = this.waiting;
    this.waiting = null;
    if (waiting?.matches(settings)) {
      try {
        return { encoder: await waiting.claim(outPath), startedAhead: true };
      } catch {
        // Claiming re-checks the output folder: a bad folder fails again just below, with the usual message.
      }
    } else {
      await waiting?.dispose();
    }
    return { encoder: await createVideoEncoder({ ...settings, outPath }), startedAhead: false };
  }

  /** Stops the waiting encoder, if any; later prepares start a new one. */
  async stopWaiting(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = null;
    await waiting?.dispose();
  }

  /** Stops the waiting encoder and removes the scratch folder; nothing is started after this. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await this.stopWaiting();
    await rm(this.scratchDir, { recursive: true, force: true });
  }

  /**
   * For a process that is exiting now: kills the waiting ffmpeg and removes the scratch folder synchronously (no await
   * is possible then). A SIGKILLed ffmpeg writes nothing more.
   */
  killNow(): void {
    this.disposed = true;
    void this.waiting?.dispose();
    this.waiting = null;
    rmSync(this.scratchDir, { recursive: true, force: true });
  }
}
