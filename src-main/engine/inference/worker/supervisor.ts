import { rm } from 'node:fs/promises';
import type { WorkerChannel, WorkerSpawner } from '../../host.js';
import { encoderScratchDir } from './encoderStandby.js';
import { fromWorkerSchema, type FromWorker, type WorkerJob } from './protocol.js';

export type JobEvent = Extract<FromWorker, { type: 'loaded' | 'progress' }>;
export type JobEnd = Extract<FromWorker, { type: 'done' | 'failed' | 'cancelled' }>;

/** The worker process went away while a job ran (crash, out of memory, killed). */
export class WorkerDiedError extends Error {
  override readonly name = 'WorkerDiedError';
}

interface Running {
  jobId: string;
  onEvent: (e: JobEvent) => void;
  resolve: (end: JobEnd) => void;
  reject: (err: Error) => void;
}

/**
 * Owns the inference worker process: starts it on demand, runs one job at a time on it, and when it dies fails the
 * running job with a clear message. The next job starts a fresh process.
 */
export class InferenceWorker {
  private channel: WorkerChannel | null = null;
  private running: Running | null = null;
  private disposed = false;

  constructor(
    private readonly spawn: WorkerSpawner,
    private readonly entry: string,
    private readonly env: Record<string, string> = {},
  ) {}

  get pid(): number | undefined {
    return this.channel?.pid;
  }

  run(job: WorkerJob, onEvent: (e: JobEvent) => void): Promise<JobEnd> {
    if (this.disposed) return Promise.reject(new Error('the inference worker has been shut down'));
    if (this.running) return Promise.reject(new Error(`the inference worker is busy with job ${this.running.jobId}`));
    const channel = this.ensureChannel();
    return new Promise<JobEnd>((resolve, reject) => {
      this.running = { jobId: job.jobId, onEvent, resolve, reject };
      channel.postMessage({ type: 'generate', job });
    });
  }

  cancel(jobId: string): void {
    if (this.running?.jobId === jobId) this.channel?.postMessage({ type: 'cancel', jobId });
  }

  /**
   * Stops the worker process; a running job fails. The worker is asked first, so it stops the encoder it keeps ready
   * for the next job; one that does not exit within `graceMs` is killed.
   */
  async dispose(graceMs = 2000): Promise<void> {
    this.disposed = true;
    const channel = this.channel;
    this.channel = null;
    if (!channel) return;
    const exited = new Promise<void>((resolve) => channel.onExit(() => resolve()));
    const exitWithin = async (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
      clearTimeout(timer);
    };
    channel.postMessage({ type: 'shutdown' });
    await exitWithin(graceMs);
    channel.kill();
    await exitWithin(graceMs);
  }

  private ensureChannel(): WorkerChannel {
    if (this.channel) return this.channel;
    const channel = this.spawn(this.entry, { env: this.env, name: 'Scenecast inference' });
    this.channel = channel;
    channel.onMessage((raw) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (!parsed.success || !this.running) return;
      const message = parsed.data;
      if (message.type === 'ready' || message.jobId !== this.running.jobId) return;
      if (message.type === 'loaded' || message.type === 'progress') this.running.onEvent(message);
      else {
        const running = this.running;
        this.running = null;
        running.resolve(message);
      }
    });
    const pid = channel.pid;
    channel.onExit((code, signal) => {
      if (this.channel === channel) this.channel = null;
      // A worker that was killed could not remove its encoder's scratch folder (its ffmpeg exits on the closed pipe).
      if (pid) void rm(encoderScratchDir(pid), { recursive: true, force: true, maxRetries: 3, retryDelay: 200 });
      const running = this.running;
      this.running = null;
      if (running) {
        const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
        running.reject(
          new WorkerDiedError(
            `The inference process stopped unexpectedly (it ${how}) while generating. This is often the system running ` +
              'out of memory: try fewer seconds or a smaller size. The next job starts a fresh process.',
          ),
        );
      }
    });
    return channel;
  }
}
