import { spawn } from 'node:child_process';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError, MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { reserveTempFile } from './output.js';
import { probeMedia } from './probe.js';
import { StderrTail, describeExit, waitForExit, type Exit } from './process.js';

/** Raw pixel layouts ffmpeg can hand us: packed RGB, luma only, or planar Y + quarter-size U and V. */
export type RawPixelFormat = 'rgb24' | 'gray' | 'yuv420p';

export interface RawFrame {
  index: number;
  width: number;
  height: number;
  format: RawPixelFormat;
  /** rgb24: w·h·3 bytes; gray: w·h; yuv420p: Y (w·h), then U and V (each ⌈w/2⌉·⌈h/2⌉). */
  data: Uint8Array;
}

export interface DecodeVideoOptions {
  /** Scale to this size (both, or one keeping the aspect ratio); default: the stream's own size. */
  width?: number;
  height?: number;
  pixelFormat?: RawPixelFormat;
  /** Stop after this many frames. */
  maxFrames?: number;
}

export function rawFrameBytes(width: number, height: number, format: RawPixelFormat): number {
  if (format === 'rgb24') return width * height * 3;
  if (format === 'gray') return width * height;
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

/**
 * Decodes the first video stream of `file` to raw frames, one at a time, in presentation order. Frames are read as
 * ffmpeg produces them, so memory stays at about one frame whatever the clip's length. Stopping early (break out of
 * the loop) stops ffmpeg.
 */
export async function* decodeVideoFrames(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, file: string, options: DecodeVideoOptions = {}): AsyncGenerator<RawFrame> {
  const format = options.pixelFormat ?? 'rgb24';
  const probe = await probeMedia(tools, file);
  if (!probe.video) throw new MediaProcessError(`cannot decode ${file}: it has no video stream`, '');
  let width = options.width ?? 0;
  let height = options.height ?? 0;
  if (!width && !height) ({ width, height } = probe.video);
  else if (!width) width = Math.max(1, Math.round((probe.video.width * height) / probe.video.height));
  else if (!height) height = Math.max(1, Math.round((probe.video.height * width) / probe.video.width));
  const scale = width !== probe.video.width || height !== probe.video.height ? ['-vf', `scale=${width}:${height}:flags=bicubic`] : [];
  const args = [
    '-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', ...scale,
    ...(options.maxFrames ? ['-frames:v', String(options.maxFrames)] : []),
    '-f', 'rawvideo', '-pix_fmt', format, 'pipe:1',
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stderr = new StderrTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exited = waitForExit(child);
  exited.catch(() => {});
  const frameBytes = rawFrameBytes(width, height, format);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      while (pendingBytes >= frameBytes) {
        const joined = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
        const data = new Uint8Array(frameBytes);
        data.set(joined.subarray(0, frameBytes));
        const rest = joined.subarray(frameBytes);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
        yield { index: index++, width, height, format, data };
      }
    }
    let exit: Exit;
    try {
      exit = await exited;
    } catch (error) {
      throw new MediaProcessError(`could not start ffmpeg (${tools.ffmpeg}): ${(error as Error).message}`, '');
    }
    if (exit.code !== 0) throw new MediaProcessError(`decoding ${file} failed: ${describeExit('ffmpeg', exit)}`, stderr.lines());
    finished = true;
  } finally {
    if (!finished) child.kill('SIGKILL');
  }
}

export interface RewriteVideoOptions {
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  inPath: string;
  /** Final path; written to a temporary name and renamed when complete. May not equal `inPath`. */
  outPath: string;
  /** Changes a yuv420p frame in place (or returns a new buffer of the same size). */
  transform: (frame: RawFrame) => Uint8Array | void;
  /** x264 CRF of the output. Default 18. */
  crf?: number;
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
  /** Another encoder instead of x264 (replaces `-c:v libx264 -preset -crf -pix_fmt`), and the container. */
  encode?: { videoArgs: readonly string[]; container: 'mp4' | 'mov' };
  /** Called after each frame is handed to the encoder, with the count so far. */
  onFrame?: (framesDone: number) => void;
  /** Aborting stops both ffmpeg processes and removes the partial file; the promise rejects. */
  signal?: AbortSignal;
}

/**
 * Re-encodes a video's frames through `transform` (planar yuv420p, so chroma passes untouched) to H.264 MP4, keeping
 * the input's frame rate and copying its audio stream as it is.
 */
export async function rewriteVideoFrames(options: RewriteVideoOptions): Promise<{ path: string; frameCount: number; bytes: number }> {
  const { tools, inPath } = options;
  const finalPath = path.resolve(options.outPath);
  if (finalPath === path.resolve(inPath)) throw new MediaOutputError(`cannot rewrite ${inPath} onto itself; choose another output path`, finalPath);
  const probe = await probeMedia(tools, inPath);
  if (!probe.video) throw new MediaProcessError(`cannot rewrite ${inPath}: it has no video stream`, '');
  const { width, height } = probe.video;
  const fps = probe.video.fps > 0 ? probe.video.fps : 24;
  const tempPath = await reserveTempFile(finalPath, 'video');
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0',
    '-i', inPath, '-map', '0:v:0', '-map', '1:a?', '-c:a', 'copy',
    ...(options.encode?.videoArgs ?? ['-c:v', 'libx264', '-preset', options.preset ?? 'medium', '-crf', String(options.crf ?? 18), '-pix_fmt', 'yuv420p']),
    '-map_metadata', '-1', '-movflags', '+faststart', '-f', options.encode?.container ?? 'mp4', tempPath,
  ];
  const child = spawn(tools.ffmpeg, args, { stdio: ['pipe', 'ignore', 'pipe'], windowsHide: true });
  const stderr = new StderrTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdin.on('error', () => {});
  let exit: Exit | undefined;
  const exited = waitForExit(child).then((result) => (exit = result));
  exited.catch(() => {});
  let frameCount = 0;
  try {
    for await (const frame of decodeVideoFrames(tools, inPath, { pixelFormat: 'yuv420p' })) {
      const out = options.transform(frame) ?? frame.data;
      if (out.length !== frame.data.length) throw new RangeError(`rewriting ${inPath}: a transformed frame must keep its ${frame.data.length} bytes`);
      frameCount++;
      if (exit) break;
      if (options.signal?.aborted) throw new DOMException(`rewriting ${inPath} was cancelled`, 'AbortError');
      if (!child.stdin.write(out)) {
        await Promise.race([new Promise((resolve) => child.stdin.once('drain', resolve)), exited]);
      }
      options.onFrame?.(frameCount);
    }
    child.stdin.end();
    await exited;
    if (exit?.code !== 0) throw new MediaProcessError(`encoding ${finalPath} failed: ${exit ? describeExit('ffmpeg', exit) : 'ffmpeg stopped'}`, stderr.lines());
    const handle = await open(tempPath, 'r+');
    await handle.sync().finally(() => handle.close());
    await rename(tempPath, finalPath);
  } catch (error) {
    if (!exit) child.kill('SIGKILL');
    await exited.catch(() => {});
    await rm(tempPath, { force: true });
    throw error;
  }
  const { size } = await stat(finalPath);
  return { path: finalPath, frameCount, bytes: size };
}
