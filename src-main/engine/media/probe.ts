import { access } from 'node:fs/promises';
import { z } from 'zod';
import { MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { runTool } from './process.js';

export interface VideoStreamProbe {
  codec: string;
  width: number;
  height: number;
  pixelFormat: string | null;
  /** Average frame rate, e.g. 24 or 29.97. */
  fps: number;
  /** Exact when probed with `countFrames`; otherwise the container's count, which some formats don't carry. */
  frameCount: number | null;
}

export interface AudioStreamProbe {
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface MediaProbe {
  path: string;
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2" or "wav". */
  container: string;
  durationSeconds: number | null;
  sizeBytes: number | null;
  /** The first video stream (cover art excluded), if any. */
  video: VideoStreamProbe | null;
  /** The first audio stream, if any. */
  audio: AudioStreamProbe | null;
}

export interface ProbeOptions {
  /** Decode the video to count frames exactly (`-count_frames`); slower, reads the whole file. */
  countFrames?: boolean;
}

// ffprobe prints numbers as strings in many fields; coerce where present, tolerate absence.
const numeric = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const number = Number(value);
  if (!Number.isFinite(number)) {
    ctx.addIssue({ code: 'custom', message: `not a number: ${value}` });
    return z.NEVER;
  }
  return number;
});

const streamSchema = z.object({
  codec_type: z.string(),
  codec_name: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  pix_fmt: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  nb_frames: numeric.optional(),
  nb_read_frames: numeric.optional(),
  sample_rate: numeric.optional(),
  channels: z.number().int().optional(),
  disposition: z.object({ attached_pic: z.number().optional() }).partial().optional(),
});

const ffprobeOutputSchema = z.object({
  streams: z.array(streamSchema).default([]),
  format: z.object({
    format_name: z.string(),
    duration: numeric.optional(),
    size: numeric.optional(),
  }),
});

function parseRate(rate: string | undefined): number | null {
  if (!rate) return null;
  const [num, den] = rate.split('/').map(Number);
  if (num === undefined || !Number.isFinite(num) || num <= 0) return null;
  if (den === undefined) return num;
  return Number.isFinite(den) && den > 0 ? num / den : null;
}

export async function probeMedia(tools: Pick<MediaTools, 'ffprobe'>, path: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  try {
    await access(path);
  } catch {
    throw new MediaProcessError(`cannot probe ${path}: the file does not exist or cannot be read`, '');
  }
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams'];
  if (options.countFrames) args.push('-count_frames', '-select_streams', 'v:0');
  const { stdout } = await runTool(tools.ffprobe, [...args, path], `probing ${path}`);
  let json: unknown;
  try {
    json = JSON.parse(stdout.toString('utf8'));
  } catch {
    throw new MediaProcessError(`probing ${path}: ffprobe printed something that is not JSON`, stdout.toString('utf8').slice(0, 500));
  }
  const parsed = ffprobeOutputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MediaProcessError(`probing ${path}: unexpected ffprobe output at ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? ''}`, '');
  }
  let streams = parsed.data.streams;
  if (options.countFrames) {
    // `-select_streams v:0` limits the listing to video; probe again for the audio stream's description.
    const all = await runTool(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', path], `probing ${path}`);
    const rest = z.object({ streams: z.array(streamSchema).default([]) }).safeParse(JSON.parse(all.stdout.toString('utf8')));
    if (rest.success) streams = [...streams, ...rest.data.streams.filter((s) => s.codec_type !== 'video')];
  }
  const videoStream = streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const audioStream = streams.find((s) => s.codec_type === 'audio');
  const video: VideoStreamProbe | null =
    videoStream && videoStream.width !== undefined && videoStream.height !== undefined
      ? {
          codec: videoStream.codec_name ?? 'unknown',
          width: videoStream.width,
          height: videoStream.height,
          pixelFormat: videoStream.pix_fmt ?? null,
          fps: parseRate(videoStream.avg_frame_rate) ?? parseRate(videoStream.r_frame_rate) ?? 0,
          frameCount: videoStream.nb_read_frames ?? videoStream.nb_frames ?? null,
        }
      : null;
  const audio: AudioStreamProbe | null = audioStream
    ? { codec: audioStream.codec_name ?? 'unknown', sampleRate: audioStream.sample_rate ?? 0, channels: audioStream.channels ?? 0 }
    : null;
  return {
    path,
    container: parsed.data.format.format_name,
    durationSeconds: parsed.data.format.duration ?? null,
    sizeBytes: parsed.data.format.size ?? null,
    video,
    audio,
  };
}
