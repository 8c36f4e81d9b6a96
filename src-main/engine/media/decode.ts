import { spawn } from 'node:child_process';
import { MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { probeMedia } from './probe.js';
import { StderrTail, describeExit, waitForExit } from './process.js';

/**
 * Streaming decoders for analysis (auto-sync, onset detection): ffmpeg writes raw samples or small gray frames to a
 * pipe and the caller sees them in fixed-size pieces, so memory follows the analysis, not the file.
 */

/**
 * Runs ffmpeg with raw output on stdout, cut into `recordBytes`-sized records; resolves with the bytes left over after
 * the last whole record, rejects with stderr's tail on failure.
 */
async function streamRecords(ffmpeg: string, args: readonly string[], recordBytes: number, what: string, onRecord: (record: Buffer) => void): Promise<Buffer> {
  const child = spawn(ffmpeg, ['-hide_banner', '-nostdin', '-v', 'error', ...args, 'pipe:1'], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
  const stderr = new StderrTail();
  let carry = Buffer.alloc(0);
  let callbackError: unknown;
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  child.stdout.on('data', (chunk: Buffer) => {
    if (callbackError) return;
    let bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    try {
      while (bytes.length >= recordBytes) {
        // A copy the callee owns: the chunk's memory is not ours to hand out.
        onRecord(Buffer.from(bytes.subarray(0, recordBytes)));
        bytes = bytes.subarray(recordBytes);
      }
    } catch (error) {
      callbackError = error;
      child.kill('SIGKILL');
    }
    carry = Buffer.from(bytes);
  });
  const exit = await waitForExit(child);
  if (callbackError) throw callbackError;
  if (exit.code !== 0) throw new MediaProcessError(`${what}: ${describeExit('ffmpeg', exit)}`, stderr.lines());
  return carry;
}

export interface DecodeAudioOptions {
  /** Output rate in Hz (ffmpeg resamples). */
  sampleRate: number;
  /** Start this far into the file, to the sample (a coarse seek, then decoding and trimming the last seconds). */
  startSeconds?: number;
  /** Read at most this much audio. */
  durationSeconds?: number;
}

export interface DecodedAudio {
  sampleRate: number;
  /** Mono (all channels averaged), in [-1, 1]. */
  samples: Float32Array;
}

const AUDIO_CHUNK_SAMPLES = 16_384;

function checkRate(sampleRate: number): void {
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384_000) {
    throw new RangeError(`sample rate must be an integer from 1000 to 384000 Hz, got ${sampleRate}`);
  }
}

function checkAudioOptions(options: DecodeAudioOptions): void {
  checkRate(options.sampleRate);
  const { startSeconds = 0, durationSeconds } = options;
  if (!(startSeconds >= 0)) throw new RangeError(`start must be ≥ 0 seconds, got ${startSeconds}`);
  if (durationSeconds !== undefined && !(durationSeconds > 0)) throw new RangeError(`duration must be > 0 seconds, got ${durationSeconds}`);
}

/**
 * An ffmpeg filter that averages `channels` channels to mono. ffmpeg's own downmix (`-ac 1`) weights each of two
 * channels by 0.707, so a stereo file with the same signal in both reads 3 dB hot (0.5 → 0.707, full scale → 1.41).
 */
export function monoAverageFilter(channels: number): string {
  // A stream whose channel count ffprobe could not tell: leave the downmix to ffmpeg.
  if (!Number.isInteger(channels) || channels < 1) return 'aformat=channel_layouts=mono';
  return `pan=mono|c0=${Array.from({ length: channels }, (_, c) => `${1 / channels}*c${c}`).join('+')}`;
}

/** Input seeking jumps to this far before the start; the rest is decoded and trimmed to the sample. */
const SEEK_MARGIN_SECONDS = 5;

function audioArgs(audioPath: string, channels: number, options: DecodeAudioOptions): string[] {
  const { startSeconds = 0, durationSeconds } = options;
  // A coarse input seek skips decoding a long lead-in (ffmpeg's accurate seek decodes from the packet before and
  // drops up to the seek point); atrim after decoding then cuts to the exact sample.
  const seek = Math.max(0, Math.floor(startSeconds - SEEK_MARGIN_SECONDS));
  const rest = startSeconds - seek;
  const trim = rest > 0 || durationSeconds !== undefined
    ? [`atrim=start=${rest}${durationSeconds !== undefined ? `:duration=${durationSeconds}` : ''}`]
    : [];
  const filters = ['aresample=' + options.sampleRate, 'asetpts=N/SR/TB', ...trim, monoAverageFilter(channels), 'aformat=sample_fmts=flt'];
  return [...(seek > 0 ? ['-ss', String(seek)] : []), '-i', audioPath, '-map', '0:a:0', '-vn', '-sn', '-af', filters.join(','), '-f', 'f32le', '-c:a', 'pcm_f32le'];
}

/**
 * Decodes the first audio stream to mono float samples at `sampleRate`, streaming: `onChunk` receives consecutive
 * pieces (the last may be shorter). For long files where the caller folds samples as they come.
 */
export async function streamAudioMono(
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>,
  audioPath: string,
  options: DecodeAudioOptions,
  onChunk: (samples: Float32Array) => void,
): Promise<{ sampleRate: number; sampleCount: number }> {
  checkAudioOptions(options);
  const probe = await probeMedia(tools, audioPath);
  if (!probe.audio || probe.audio.channels < 1) throw new MediaProcessError(`decoding ${audioPath}: the file has no audio stream`, '');
  const args = audioArgs(audioPath, probe.audio.channels, options);
  let sampleCount = 0;
  const emit = (bytes: Buffer) => {
    const samples = new Float32Array(bytes.length / 4);
    new Uint8Array(samples.buffer).set(bytes);
    sampleCount += samples.length;
    onChunk(samples);
  };
  const rest = await streamRecords(tools.ffmpeg, args, AUDIO_CHUNK_SAMPLES * 4, `decoding the audio of ${audioPath}`, emit);
  const whole = rest.length - (rest.length % 4);
  if (whole > 0) emit(rest.subarray(0, whole));
  return { sampleRate: options.sampleRate, sampleCount };
}

/** Decodes the first audio stream (or the part given by start/duration) to one mono Float32Array. */
export async function decodeAudioMono(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, audioPath: string, options: DecodeAudioOptions): Promise<DecodedAudio> {
  const chunks: Float32Array[] = [];
  const { sampleCount } = await streamAudioMono(tools, audioPath, options, (chunk) => chunks.push(chunk));
  const samples = new Float32Array(sampleCount);
  let offset = 0;
  for (const chunk of chunks) {
    samples.set(chunk, offset);
    offset += chunk.length;
  }
  return { sampleRate: options.sampleRate, samples };
}

export interface DecodeVideoLumaOptions {
  /** Size of the gray frames handed out (the video is scaled with area averaging, aspect not kept). */
  width: number;
  height: number;
  /** Stop after this many frames. */
  maxFrames?: number;
}

export interface DecodedVideoLuma {
  /** Frames per second of the stream; frame i shows time i / fps from the stream's start. */
  fps: number;
  frameCount: number;
  width: number;
  height: number;
}

/**
 * Decodes the first video stream to small 8-bit luma frames, streaming: `onFrame(luma, index)` gets width × height
 * bytes per frame. The stream is read at its average frame rate as constant-rate frames (ffmpeg duplicates or drops
 * to keep frame i at i / fps), so frame indices are times.
 */
export async function decodeVideoLuma(
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>,
  videoPath: string,
  options: DecodeVideoLumaOptions,
  onFrame: (luma: Uint8Array, index: number) => void,
): Promise<DecodedVideoLuma> {
  const { width, height, maxFrames } = options;
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 1024) throw new RangeError(`luma frame ${name} must be an integer from 1 to 1024, got ${value}`);
  }
  if (maxFrames !== undefined && (!Number.isInteger(maxFrames) || maxFrames < 1)) throw new RangeError(`maxFrames must be a positive integer, got ${maxFrames}`);
  const probe = await probeMedia(tools, videoPath);
  if (!probe.video) throw new MediaProcessError(`decoding ${videoPath}: the file has no video stream`, '');
  const fps = probe.video.fps;
  if (!(fps > 0)) throw new MediaProcessError(`decoding ${videoPath}: the video stream has no frame rate`, '');
  const args = [
    '-i', videoPath, '-map', '0:v:0', '-an', '-sn',
    '-vf', `fps=${fps},scale=${width}:${height}:flags=area,format=gray`,
    ...(maxFrames !== undefined ? ['-frames:v', String(maxFrames)] : []),
    '-f', 'rawvideo',
  ];
  let frameCount = 0;
  await streamRecords(tools.ffmpeg, args, width * height, `decoding the video of ${videoPath}`, (record) => {
    onFrame(new Uint8Array(record.buffer, record.byteOffset, record.length), frameCount);
    frameCount += 1;
  });
  return { fps, frameCount, width, height };
}
