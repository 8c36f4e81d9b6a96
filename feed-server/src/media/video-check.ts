import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

export type VideoRejection =
  | { reason: 'not_mp4'; message: string }
  | { reason: 'truncated'; message: string }
  | { reason: 'unreadable'; message: string }
  | { reason: 'not_h264'; message: string }
  | { reason: 'too_long'; message: string };

export type VideoCheck = { ok: true; durationMs: number; width: number; height: number } | ({ ok: false } & VideoRejection);

/** Content sniffing: an ISO-BMFF file starts with a box whose type is `ftyp` (bytes 4..8). The extension is ignored. */
export function looksLikeMp4(head: Buffer): boolean {
  return head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp';
}

/**
 * Walks the top-level boxes. A cut-off upload leaves the last box claiming more bytes than the file has, which ffprobe
 * alone does not always notice (with the moov box first, a truncated mdat still probes fine).
 */
export async function topLevelBoxesComplete(file: string): Promise<{ ok: boolean; boxes: string[] }> {
  const handle = await fs.open(file, 'r');
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(16);
    const boxes: string[] = [];
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      if (bytesRead < 8) return { ok: false, boxes };
      let boxSize = header.readUInt32BE(0);
      boxes.push(header.toString('latin1', 4, 8));
      if (boxSize === 1) {
        if (bytesRead < 16) return { ok: false, boxes };
        boxSize = Number(header.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        boxSize = size - offset; // "extends to end of file"
      }
      if (boxSize < 8 || offset + boxSize > size) return { ok: false, boxes };
      offset += boxSize;
    }
    return { ok: boxes.includes('moov'), boxes };
  } finally {
    await handle.close();
  }
}

const ProbeSchema = z.object({
  streams: z.array(
    z.object({
      codec_type: z.string().optional(),
      codec_name: z.string().optional(),
      width: z.number().optional(),
      height: z.number().optional(),
    }),
  ),
  format: z.object({ format_name: z.string(), duration: z.string().optional() }),
});

export async function checkVideo(
  file: string,
  options: { ffprobePath: string; maxSeconds: number },
): Promise<VideoCheck> {
  const handle = await fs.open(file, 'r');
  const head = Buffer.alloc(12);
  try {
    await handle.read(head, 0, 12, 0);
  } finally {
    await handle.close();
  }
  if (!looksLikeMp4(head)) return { ok: false, reason: 'not_mp4', message: 'The upload is not an MP4 file.' };
  const boxes = await topLevelBoxesComplete(file);
  if (!boxes.ok) return { ok: false, reason: 'truncated', message: 'The MP4 is incomplete (truncated upload?). Export it again.' };

  let probe: z.infer<typeof ProbeSchema>;
  try {
    const { stdout } = await run(
      options.ffprobePath,
      ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
      { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 },
    );
    probe = ProbeSchema.parse(JSON.parse(stdout));
  } catch {
    return { ok: false, reason: 'unreadable', message: 'The video could not be read. Export it again as MP4 (H.264).' };
  }
  if (!probe.format.format_name.split(',').includes('mp4')) {
    return { ok: false, reason: 'not_mp4', message: 'The upload is not an MP4 file.' };
  }
  const video = probe.streams.find((s) => s.codec_type === 'video');
  if (!video || video.codec_name !== 'h264') {
    return { ok: false, reason: 'not_h264', message: `The video must be H.264 (found ${video?.codec_name ?? 'no video stream'}).` };
  }
  const seconds = Number(probe.format.duration ?? 'NaN');
  if (!Number.isFinite(seconds) || seconds <= 0) {
    return { ok: false, reason: 'unreadable', message: 'The video has no duration.' };
  }
  // Encoders round the last frame up a little; allow 50 ms over the limit.
  if (seconds > options.maxSeconds + 0.05) {
    return { ok: false, reason: 'too_long', message: `Videos can be at most ${options.maxSeconds} s long (this one is ${seconds.toFixed(1)} s).` };
  }
  return { ok: true, durationMs: Math.round(seconds * 1000), width: video.width ?? 0, height: video.height ?? 0 };
}

/** Fails fast at start when ffmpeg/ffprobe are missing, instead of rejecting every upload as unreadable later. */
export async function assertMediaTools(paths: { ffmpegPath: string; ffprobePath: string }): Promise<void> {
  for (const [name, bin, variable] of [
    ['ffprobe', paths.ffprobePath, 'FFPROBE_PATH'],
    ['ffmpeg', paths.ffmpegPath, 'FFMPEG_PATH'],
  ] as const) {
    try {
      await run(bin, ['-version'], { timeout: 10_000 });
    } catch (error) {
      throw new Error(
        `feed server: cannot run ${name} ('${bin}': ${(error as Error).message.split('\n')[0]}). ` +
          `Install ffmpeg (Debian: apt-get install ffmpeg) or set ${variable} to its path.`,
        { cause: error },
      );
    }
  }
}

/** Grabs a poster frame (from 1 s in, or the first frame of shorter clips) as a JPEG. */
export async function makePoster(video: string, out: string, options: { ffmpegPath: string; durationMs: number }): Promise<void> {
  const at = options.durationMs > 2000 ? '1' : '0';
  await run(
    options.ffmpegPath,
    ['-v', 'error', '-y', '-ss', at, '-i', video, '-frames:v', '1', '-vf', 'scale=min(720\\,iw):-2', '-q:v', '4', out],
    { timeout: 30_000 },
  );
  const stat = await fs.stat(out);
  if (stat.size === 0) throw new Error('poster: ffmpeg wrote an empty file');
}
