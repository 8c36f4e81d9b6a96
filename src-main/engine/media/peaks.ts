import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { MediaProcessError } from './errors.js';
import type { MediaTools } from './locate.js';
import { monoAverageFilter } from './decode.js';
import { probeMedia } from './probe.js';
import { StderrTail, describeExit, waitForExit } from './process.js';

export interface PeaksOptions {
  /** Buckets per second of audio; each holds the min and max sample in it. */
  peaksPerSecond: number;
}

/** A waveform summary of a file's audio, mixed down to mono, samples in [-1, 1]. */
export interface WaveformPeaks {
  peaksPerSecond: number;
  sampleRate: number;
  sampleCount: number;
  durationSeconds: number;
  /** min[i] / max[i] cover samples from i / peaksPerSecond seconds to (i + 1) / peaksPerSecond. */
  min: Float32Array;
  max: Float32Array;
}

function checkPeaksPerSecond(peaksPerSecond: number): void {
  if (!Number.isInteger(peaksPerSecond) || peaksPerSecond < 1 || peaksPerSecond > 1000) {
    throw new RangeError(`peaksPerSecond must be an integer from 1 to 1000, got ${peaksPerSecond}`);
  }
}

/** Folds a stream of mono float samples into min/max buckets without keeping the samples. */
class PeakAccumulator {
  private readonly min: number[] = [];
  private readonly max: number[] = [];
  private carry = Buffer.alloc(0);
  sampleCount = 0;

  constructor(
    private readonly sampleRate: number,
    private readonly peaksPerSecond: number,
  ) {}

  push(chunk: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = bytes.length - (bytes.length % 4);
    // Copy into an aligned view: pipe chunks start at arbitrary offsets. f32le matches every platform we ship on.
    const samples = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + whole));
    for (const sample of samples) {
      // Integer arithmetic keeps bucket edges exact for any rate/pps pair (44100 / 60 is not an integer).
      const bucket = Math.floor((this.sampleCount * this.peaksPerSecond) / this.sampleRate);
      this.sampleCount += 1;
      const lo = this.min[bucket];
      if (lo === undefined) {
        this.min[bucket] = sample;
        this.max[bucket] = sample;
      } else {
        if (sample < lo) this.min[bucket] = sample;
        if (sample > (this.max[bucket] as number)) this.max[bucket] = sample;
      }
    }
    this.carry = Buffer.from(bytes.subarray(whole));
  }

  result(): WaveformPeaks {
    return {
      peaksPerSecond: this.peaksPerSecond,
      sampleRate: this.sampleRate,
      sampleCount: this.sampleCount,
      durationSeconds: this.sampleCount / this.sampleRate,
      min: Float32Array.from(this.min),
      max: Float32Array.from(this.max),
    };
  }
}

/**
 * Decodes the first audio stream with ffmpeg to mono f32le on a pipe and folds it into min/max peaks as it streams,
 * so memory stays flat for hour-long files.
 */
export async function computePeaks(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, audioPath: string, options: PeaksOptions): Promise<WaveformPeaks> {
  checkPeaksPerSecond(options.peaksPerSecond);
  const probe = await probeMedia(tools, audioPath);
  if (!probe.audio || probe.audio.sampleRate <= 0) {
    throw new MediaProcessError(`waveform for ${audioPath}: the file has no audio stream`, '');
  }
  const sampleRate = probe.audio.sampleRate;
  const child = spawn(
    tools.ffmpeg,
    ['-hide_banner', '-nostdin', '-v', 'error', '-i', audioPath, '-map', '0:a:0', '-af', monoAverageFilter(probe.audio.channels), '-ar', String(sampleRate), '-f', 'f32le', '-c:a', 'pcm_f32le', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true },
  );
  const stderr = new StderrTail();
  const accumulator = new PeakAccumulator(sampleRate, options.peaksPerSecond);
  child.stdout.on('data', (chunk: Buffer) => accumulator.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const exit = await waitForExit(child);
  if (exit.code !== 0) throw new MediaProcessError(`waveform for ${audioPath}: ${describeExit('ffmpeg', exit)}`, stderr.lines());
  return accumulator.result();
}

// 2: stereo files are averaged to mono (format 1 summed them at 0.707 each, 3 dB hot).
const CACHE_FORMAT = 2;

const cachedPeaksSchema = z.object({
  format: z.literal(CACHE_FORMAT),
  source: z.object({ path: z.string(), size: z.number(), mtimeMs: z.number() }),
  peaksPerSecond: z.number().int().positive(),
  sampleRate: z.number().int().positive(),
  sampleCount: z.number().int().nonnegative(),
  /** Float32 little-endian, base64: exact, and a quarter of the size of a JSON number list. */
  min: z.string(),
  max: z.string(),
});

function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}

export interface PeaksCacheStats {
  hits: number;
  misses: number;
}

/**
 * Peaks on disk, one file per (asset, peaksPerSecond), keyed by the asset's absolute path, size and mtime so an edited
 * file is recomputed. Concurrent requests for the same asset share one ffmpeg run.
 */
export class PeaksCache {
  readonly stats: PeaksCacheStats = { hits: 0, misses: 0 };
  private readonly inFlight = new Map<string, Promise<WaveformPeaks>>();

  constructor(
    private readonly tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>,
    /** Folder for cache files (e.g. <data dir>/cache/peaks); created on first write. */
    readonly dir: string,
  ) {}

  async get(audioPath: string, options: PeaksOptions): Promise<WaveformPeaks> {
    checkPeaksPerSecond(options.peaksPerSecond);
    const absolute = path.resolve(audioPath);
    const info = await stat(absolute);
    const source = { path: absolute, size: info.size, mtimeMs: info.mtimeMs };
    const key = createHash('sha256').update(JSON.stringify([source.path, source.size, source.mtimeMs, options.peaksPerSecond])).digest('hex');
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const work = this.load(key, source, options).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, work);
    return work;
  }

  /** The cache file for a key; exposed for tests and for clearing. */
  fileFor(key: string): string {
    return path.join(this.dir, `${key}.peaks.json`);
  }

  private async load(key: string, source: { path: string; size: number; mtimeMs: number }, options: PeaksOptions): Promise<WaveformPeaks> {
    const file = this.fileFor(key);
    const cached = await this.read(file);
    if (cached) {
      this.stats.hits += 1;
      return cached;
    }
    this.stats.misses += 1;
    const peaks = await computePeaks(this.tools, source.path, options);
    const record: z.infer<typeof cachedPeaksSchema> = {
      format: CACHE_FORMAT,
      source,
      peaksPerSecond: peaks.peaksPerSecond,
      sampleRate: peaks.sampleRate,
      sampleCount: peaks.sampleCount,
      min: encodeFloats(peaks.min),
      max: encodeFloats(peaks.max),
    };
    await mkdir(this.dir, { recursive: true });
    // Temp + rename so a reader never sees half a cache file; losing one on a crash only costs a recompute.
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, JSON.stringify(record));
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return peaks;
  }

  private async read(file: string): Promise<WaveformPeaks | null> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return null;
    }
    try {
      const record = cachedPeaksSchema.parse(JSON.parse(text));
      return {
        peaksPerSecond: record.peaksPerSecond,
        sampleRate: record.sampleRate,
        sampleCount: record.sampleCount,
        durationSeconds: record.sampleCount / record.sampleRate,
        min: decodeFloats(record.min),
        max: decodeFloats(record.max),
      };
    } catch {
      // A damaged cache entry is not the user's data: drop it and recompute.
      await rm(file, { force: true });
      return null;
    }
  }
}
