import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError, MediaProcessError } from './errors.js';
import { reserveTempFile } from './output.js';
import type { MediaTools } from './locate.js';
import { StderrTail, describeExit, waitForExit, type Exit } from './process.js';

/** What an encoder process is started with: everything but where the file ends up. */
export interface VideoEncoderSettings {
  tools: Pick<MediaTools, 'ffmpeg'>;
  width: number;
  height: number;
  /** Integer frames per second (the project fps). */
  fps: number;
  /** x264 constant rate factor; lower = better. Default 18 (visually lossless for generated clips). */
  crf?: number;
  /** x264 preset. Default 'medium'. */
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';
}

export interface VideoEncoderOptions extends VideoEncoderSettings {
  /** Final `.mp4` path; nothing appears there until `finish()` succeeds. */
  outPath: string;
}

export interface EncodedVideo {
  path: string;
  /** Encoded size; odd input sizes are padded up to even (H.264 4:2:0 needs even dimensions). */
  width: number;
  height: number;
  /** Size of the frames that were written, before any padding. */
  sourceWidth: number;
  sourceHeight: number;
  fps: number;
  frameCount: number;
  bytes: number;
}

export interface VideoEncoder {
  /** Writes one frame of packed RGB24 (width × height × 3 bytes). Resolves when ffmpeg can take more (backpressure). */
  writeFrame(rgb: Uint8Array): Promise<void>;
  /** Closes the stream, waits for ffmpeg, and moves the file into place atomically. */
  finish(): Promise<EncodedVideo>;
  /** Stops ffmpeg and removes the partial file. Safe to call more than once, and after a failure. */
  abort(): Promise<void>;
}

/**
 * Encoder threads are fixed so that the same frames give the same bitstream on every machine (x264's output depends on
 * its thread count); bitexact flags keep the container free of version strings so files are byte-identical too.
 */
const ENCODER_THREADS = 4;

function checkDimensions(width: number, height: number, fps: number): void {
  for (const [name, value, max] of [
    ['width', width, 8192],
    ['height', height, 8192],
    ['fps', fps, 240],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new RangeError(`video encoder: ${name} must be an integer from 1 to ${max}, got ${value}`);
    }
  }
}

function encoderArgs(settings: VideoEncoderSettings, file: string): string[] {
  const { width, height, fps } = settings;
  const encodedWidth = width + (width % 2);
  const encodedHeight = height + (height % 2);
  return [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    ...(encodedWidth !== width || encodedHeight !== height ? ['-vf', `pad=${encodedWidth}:${encodedHeight}:0:0:black`] : []),
    '-c:v', 'libx264', '-preset', settings.preset ?? 'medium', '-crf', String(settings.crf ?? 18),
    '-pix_fmt', 'yuv420p', '-threads', String(ENCODER_THREADS),
    '-flags', '+bitexact', '-fflags', '+bitexact', '-map_metadata', '-1',
    '-movflags', '+faststart', '-f', 'mp4', file,
  ];
}

/** An ffmpeg process reading raw frames on stdin and writing `file`. */
interface EncoderProcess {
  readonly pid: number | undefined;
  write(rgb: Uint8Array): Promise<'ok' | 'exited'>;
  /** Closes stdin and waits for ffmpeg to exit. */
  end(): Promise<void>;
  kill(): Promise<void>;
  readonly exited: Promise<unknown>;
  running(): boolean;
  failed(): boolean;
  failure(what: string): MediaProcessError;
}

function spawnEncoder(settings: VideoEncoderSettings, file: string): EncoderProcess {
  const child = spawn(settings.tools.ffmpeg, encoderArgs(settings, file), { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
  const stderr = new StderrTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  // EPIPE when ffmpeg dies early: the exit status below carries the real reason.
  child.stdin.on('error', () => {});
  let exit: Exit | undefined;
  let startError: Error | undefined;
  const exited = waitForExit(child).then(
    (result) => (exit = result),
    (error: Error) => {
      startError = error;
      return { code: null, signal: null } satisfies Exit;
    },
  );
  return {
    pid: child.pid,
    exited,
    async write(rgb) {
      if (exit || startError) return 'exited';
      if (child.stdin.write(rgb)) return 'ok';
      // Wait for ffmpeg to drain its pipe, or to die trying.
      return Promise.race([
        new Promise<'ok'>((resolve) => child.stdin.once('drain', () => resolve('ok'))),
        exited.then(() => 'exited' as const),
      ]);
    },
    async end() {
      child.stdin.end();
      await exited;
    },
    async kill() {
      child.stdin.destroy();
      if (exit === undefined && !startError) child.kill('SIGKILL');
      await exited;
    },
    running: () => exit === undefined && startError === undefined,
    failed: () => startError !== undefined || exit === undefined || exit.code !== 0,
    failure(what) {
      if (startError) return new MediaProcessError(`could not start ffmpeg (${settings.tools.ffmpeg}): ${startError.message}`, '');
      return new MediaProcessError(`${what} failed: ${exit ? describeExit('ffmpeg', exit) : 'ffmpeg stopped'}`, stderr.lines());
    },
  };
}

/**
 * The encoder a job writes to. ffmpeg writes `encodedFile`; `finish()` moves it to `reservedTemp` (beside the final
 * path) when it is elsewhere, syncs it and renames it into place.
 */
function jobEncoder(settings: VideoEncoderSettings, proc: EncoderProcess, finalPath: string, reservedTemp: string, encodedFile: string): VideoEncoder {
  const { width, height, fps } = settings;
  const frameBytes = width * height * 3;
  let state: 'open' | 'finishing' | 'done' | 'aborted' | 'failed' = 'open';
  let frameCount = 0;
  const what = `encoding ${finalPath}`;
  const cleanup = async (): Promise<void> => {
    await proc.kill();
    await Promise.all([rm(reservedTemp, { force: true }), rm(encodedFile, { force: true })]);
  };
  const fail = async (error: Error): Promise<never> => {
    state = 'failed';
    await cleanup();
    throw error;
  };

  return {
    async writeFrame(rgb) {
      if (state !== 'open') throw new Error(`video encoder for ${finalPath}: writeFrame after ${state}`);
      if (rgb.byteLength !== frameBytes) {
        throw new RangeError(`video encoder: a ${width}x${height} RGB24 frame is ${frameBytes} bytes, got ${rgb.byteLength}`);
      }
      frameCount += 1;
      if ((await proc.write(rgb)) === 'exited') await fail(proc.failure(what));
    },

    async finish() {
      if (state !== 'open') throw new Error(`video encoder for ${finalPath}: finish after ${state}`);
      state = 'finishing';
      await proc.end();
      if (proc.failed()) await fail(proc.failure(what));
      if (frameCount === 0) await fail(new Error(`video encoder for ${finalPath}: no frames were written`));
      try {
        if (encodedFile !== reservedTemp) await moveFile(encodedFile, reservedTemp);
        const handle = await open(reservedTemp, 'r+');
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(reservedTemp, finalPath);
      } catch (error) {
        await fail(new MediaOutputError(`cannot move the finished video to ${finalPath}: ${(error as Error).message}`, finalPath));
      }
      state = 'done';
      const { size } = await stat(finalPath);
      const encoded = { width: width + (width % 2), height: height + (height % 2) };
      return { path: finalPath, ...encoded, sourceWidth: width, sourceHeight: height, fps, frameCount, bytes: size };
    },

    async abort() {
      if (state === 'done' || state === 'aborted') return;
      state = 'aborted';
      await cleanup();
    },
  };
}

/** Renames, or copies when the two paths are on different file systems. */
async function moveFile(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await rm(from, { force: true });
  }
}

export async function createVideoEncoder(options: VideoEncoderOptions): Promise<VideoEncoder> {
  checkDimensions(options.width, options.height, options.fps);
  const finalPath = path.resolve(options.outPath);
  const tempPath = await reserveTempFile(finalPath, 'video');
  return jobEncoder(options, spawnEncoder(options, tempPath), finalPath, tempPath, tempPath);
}

/** An ffmpeg encoder started ahead of the job that will use it, waiting for frames. */
export interface PrestartedVideoEncoder {
  readonly pid: number | undefined;
  /** Whether a job with these settings can use it (same ffmpeg, geometry and quality: the same bitstream). */
  matches(settings: VideoEncoderSettings): boolean;
  /**
   * Hands the waiting process to a job writing `outPath` (checked as createVideoEncoder checks it). Once only; when
   * ffmpeg has died meanwhile, or the folder is refused, the process is gone and the promise rejects.
   */
  claim(outPath: string): Promise<VideoEncoder>;
  /** Stops the waiting process and removes its scratch file. Safe to call more than once; nothing after claim. */
  dispose(): Promise<void>;
}

const sameSettings = (a: VideoEncoderSettings, b: VideoEncoderSettings): boolean =>
  a.tools.ffmpeg === b.tools.ffmpeg &&
  a.width === b.width &&
  a.height === b.height &&
  a.fps === b.fps &&
  (a.crf ?? 18) === (b.crf ?? 18) &&
  (a.preset ?? 'medium') === (b.preset ?? 'medium');

/**
 * Starts ffmpeg now for a job that comes later, so its start-up (loading ffmpeg's libraries takes about a tenth of a
 * second of CPU) happens while nothing else runs. The output goes to a scratch file in `scratchDir` until a job claims
 * the process and names the real path.
 */
export function prestartVideoEncoder(settings: VideoEncoderSettings, scratchDir: string): PrestartedVideoEncoder {
  checkDimensions(settings.width, settings.height, settings.fps);
  const fixed = { ...settings, tools: { ffmpeg: settings.tools.ffmpeg } };
  const scratch = path.join(path.resolve(scratchDir), `.encoder-${randomBytes(6).toString('hex')}.mp4.partial`);
  const proc = spawnEncoder(fixed, scratch);
  let state: 'waiting' | 'claimed' | 'disposed' = 'waiting';
  const dispose = async (): Promise<void> => {
    if (state !== 'waiting') return;
    state = 'disposed';
    await proc.kill();
    await rm(scratch, { force: true });
  };
  return {
    pid: proc.pid,
    matches: (other) => state === 'waiting' && sameSettings(fixed, other),
    async claim(outPath) {
      if (state !== 'waiting') throw new Error(`this prestarted encoder was already ${state}`);
      const finalPath = path.resolve(outPath);
      if (!proc.running()) {
        const error = proc.failure(`the encoder started ahead for ${finalPath}`);
        await dispose();
        throw error;
      }
      let reserved: string;
      try {
        reserved = await reserveTempFile(finalPath, 'video');
      } catch (error) {
        await dispose();
        throw error;
      }
      state = 'claimed';
      return jobEncoder(fixed, proc, finalPath, reserved, scratch);
    },
    dispose,
  };
}
