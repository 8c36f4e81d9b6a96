import { spawn } from 'node:child_process';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError, MediaProcessError } from './errors.js';
import { reserveTempFile } from './output.js';
import type { MediaTools } from './locate.js';
import { StderrTail, describeExit, waitForExit, type Exit } from './process.js';

export interface VideoEncoderOptions {
  tools: Pick<MediaTools, 'ffmpeg'>;
  width: number;
  height: number;
  /** Integer frames per second (the project fps). */
  fps: number;
  /** Final `.mp4` path; nothing appears there until `finish()` succeeds. */
  outPath: string;
  /** x264 constant rate factor; lower = better. Default 18 (visually lossless for generated clips). */
  crf?: number;
  /** x264 preset. Default 'medium'. */
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow' | 'slower' | 'veryslow';
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

export async function createVideoEncoder(options: VideoEncoderOptions): Promise<VideoEncoder> {
  const { width, height, fps, outPath } = options;
  checkDimensions(width, height, fps);
  const finalPath = path.resolve(outPath);
  const tempPath = await reserveTempFile(finalPath, 'video');
  const encodedWidth = width + (width % 2);
  const encodedHeight = height + (height % 2);
  const frameBytes = width * height * 3;

  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    ...(encodedWidth !== width || encodedHeight !== height ? ['-vf', `pad=${encodedWidth}:${encodedHeight}:0:0:black`] : []),
    '-c:v', 'libx264', '-preset', options.preset ?? 'medium', '-crf', String(options.crf ?? 18),
    '-pix_fmt', 'yuv420p', '-threads', String(ENCODER_THREADS),
    '-flags', '+bitexact', '-fflags', '+bitexact', '-map_metadata', '-1',
    '-movflags', '+faststart', '-f', 'mp4', tempPath,
  ];
  const child = spawn(options.tools.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
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

  let state: 'open' | 'finishing' | 'done' | 'aborted' | 'failed' = 'open';
  let frameCount = 0;

  const failure = (): MediaProcessError => {
    if (startError) return new MediaProcessError(`could not start ffmpeg (${options.tools.ffmpeg}): ${startError.message}`, '');
    return new MediaProcessError(`encoding ${finalPath} failed: ${exit ? describeExit('ffmpeg', exit) : 'ffmpeg stopped'}`, stderr.lines());
  };

  const cleanup = async (): Promise<void> => {
    if (exit === undefined && !startError) child.kill('SIGKILL');
    await exited;
    await rm(tempPath, { force: true });
  };

  return {
    async writeFrame(rgb) {
      if (state !== 'open') throw new Error(`video encoder for ${finalPath}: writeFrame after ${state}`);
      if (rgb.byteLength !== frameBytes) {
        throw new RangeError(`video encoder: a ${width}x${height} RGB24 frame is ${frameBytes} bytes, got ${rgb.byteLength}`);
      }
      if (exit || startError) {
        state = 'failed';
        await cleanup();
        throw failure();
      }
      frameCount += 1;
      if (child.stdin.write(rgb)) return;
      // Wait for ffmpeg to drain its pipe, or to die trying.
      const outcome = await Promise.race([
        new Promise<'drain'>((resolve) => child.stdin.once('drain', () => resolve('drain'))),
        exited.then(() => 'exited' as const),
      ]);
      if (outcome === 'exited') {
        state = 'failed';
        await cleanup();
        throw failure();
      }
    },

    async finish() {
      if (state !== 'open') throw new Error(`video encoder for ${finalPath}: finish after ${state}`);
      state = 'finishing';
      child.stdin.end();
      await exited;
      if (startError || exit?.code !== 0) {
        state = 'failed';
        await rm(tempPath, { force: true });
        throw failure();
      }
      if (frameCount === 0) {
        state = 'failed';
        await rm(tempPath, { force: true });
        throw new Error(`video encoder for ${finalPath}: no frames were written`);
      }
      const handle = await open(tempPath, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      try {
        await rename(tempPath, finalPath);
      } catch (error) {
        state = 'failed';
        await rm(tempPath, { force: true });
        throw new MediaOutputError(`cannot move the finished video to ${finalPath}: ${(error as Error).message}`, finalPath);
      }
      state = 'done';
      const { size } = await stat(finalPath);
      return { path: finalPath, width: encodedWidth, height: encodedHeight, sourceWidth: width, sourceHeight: height, fps, frameCount, bytes: size };
    },

    async abort() {
      if (state === 'done' || state === 'aborted') return;
      state = 'aborted';
      child.stdin.destroy();
      await cleanup();
    },
  };
}
