import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError, MediaProcessError } from './errors.js';
import { reserveTempFile } from './output.js';
import type { MediaTools } from './locate.js';
import { probeMedia } from './probe.js';
import { runTool } from './process.js';

export interface PosterOptions {
  /** Time of the frame to show. Past the end, the last frame is used. */
  atSeconds: number;
  /** Poster width in pixels; height follows the aspect ratio (rounded to even). */
  width: number;
}

export interface Poster {
  path: string;
  width: number;
  height: number;
}

const CODEC_BY_EXTENSION: Record<string, string> = { '.png': 'png', '.jpg': 'mjpeg', '.jpeg': 'mjpeg' };

/** Writes a still of `videoPath` to `outPath` (.png or .jpg), atomically. */
export async function makePoster(
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>,
  videoPath: string,
  outPath: string,
  options: PosterOptions,
): Promise<Poster> {
  const codec = CODEC_BY_EXTENSION[path.extname(outPath).toLowerCase()];
  if (!codec) throw new MediaOutputError(`poster ${outPath}: use a .png or .jpg file name`, outPath);
  if (!Number.isInteger(options.width) || options.width < 2) throw new RangeError(`poster width must be an integer ≥ 2, got ${options.width}`);
  if (!(options.atSeconds >= 0)) throw new RangeError(`poster time must be ≥ 0 seconds, got ${options.atSeconds}`);
  const probe = await probeMedia(tools, videoPath);
  if (!probe.video) throw new MediaProcessError(`poster for ${videoPath}: the file has no video stream`, '');
  // Seeking past the end yields no frame at all; clamp to just before the last frame.
  const lastFrameAt = probe.durationSeconds !== null ? Math.max(0, probe.durationSeconds - 1 / Math.max(probe.video.fps, 1)) : options.atSeconds;
  const at = Math.min(options.atSeconds, lastFrameAt);
  const temp = await reserveTempFile(path.resolve(outPath), 'poster');
  try {
    await runTool(
      tools.ffmpeg,
      [
        '-hide_banner', '-nostdin', '-v', 'error', '-y', '-ss', at.toFixed(3), '-i', videoPath,
        '-frames:v', '1', '-vf', `scale=${options.width}:-2`, '-c:v', codec,
        ...(codec === 'mjpeg' ? ['-q:v', '3', '-pix_fmt', 'yuvj420p'] : []),
        '-f', 'image2', '-update', '1', temp,
      ],
      `making a poster of ${videoPath}`,
    );
    const written = await stat(temp).catch(() => null);
    if (!written || written.size === 0) throw new MediaProcessError(`poster for ${videoPath}: ffmpeg produced no frame at ${at.toFixed(3)} s`, '');
    await rename(temp, outPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const image = await probeMedia(tools, outPath);
  return { path: outPath, width: image.video?.width ?? options.width, height: image.video?.height ?? 0 };
}
