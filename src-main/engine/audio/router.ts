import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { MediaProcessError, MediaToolMissingError, PeaksCache, probeMedia, type MediaTools } from '../media/index.js';
import { procedure, router } from '../trpc.js';
import { autoSync } from './autosync.js';
import { AUDIO_EXTENSIONS, MediaPathError, VIDEO_EXTENSIONS, mediaPathSchema, resolveMediaFile } from './mediaPath.js';

export interface AudioRouterDeps {
  mediaTools: () => Promise<MediaTools>;
  /** Folder for waveform peaks (e.g. `<data dir>/cache/peaks`); created on first use. */
  peaksCacheDir: string;
  /** When given, only files inside these folders may be read (real paths compared). Default: any local file. */
  allowedRoots?: () => readonly string[];
}

/** Where ffmpeg's or the file system's failure becomes a message for the user, with a tRPC code a UI can act on. */
function toTrpcError(err: unknown): never {
  if (err instanceof TRPCError) throw err;
  if (err instanceof MediaPathError) throw new TRPCError({ code: err.code, message: err.message });
  if (err instanceof RangeError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
  if (err instanceof MediaToolMissingError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: err.message.split('\n')[0]! });
  if (err instanceof MediaProcessError) {
    // The first line says what failed; ffmpeg's own last line says why.
    const lines = err.message.split('\n');
    throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: [lines[0], lines[lines.length - 1]].filter((l, i, all) => l && all.indexOf(l) === i).join(': ') });
  }
  throw err;
}

/** Peaks travel as plain numbers (JSON); four decimals are finer than any waveform is drawn. */
const rounded = (values: Float32Array) => Array.from(values, (v) => Math.round(v * 1e4) / 1e4);

export function audioRouter(deps: AudioRouterDeps) {
  let peaks: { ffmpeg: string; cache: PeaksCache } | null = null;
  const peaksCache = (tools: MediaTools) => {
    // A new ffmpeg (the setting changed) gets a new cache object; the files on disk stay valid.
    if (peaks?.ffmpeg !== tools.ffmpeg) peaks = { ffmpeg: tools.ffmpeg, cache: new PeaksCache(tools, deps.peaksCacheDir) };
    return peaks.cache;
  };
  const file = (p: string, extensions: readonly string[]) => resolveMediaFile(p, { extensions, roots: deps.allowedRoots?.() });

  return router({
    /** Duration, channels and rate of an audio file (or a video's audio), for importing it onto a track. */
    probe: procedure.input(z.strictObject({ path: mediaPathSchema })).query(async ({ input }) => {
      try {
        const real = await file(input.path, AUDIO_EXTENSIONS);
        const probe = await probeMedia(await deps.mediaTools(), real);
        if (!probe.audio) throw new TRPCError({ code: 'BAD_REQUEST', message: `${input.path}: the file has no audio stream` });
        return {
          durationSeconds: probe.durationSeconds,
          channels: probe.audio.channels,
          sampleRate: probe.audio.sampleRate,
          codec: probe.audio.codec,
          container: probe.container,
          hasVideo: probe.video !== null,
        };
      } catch (err) {
        toTrpcError(err);
      }
    }),

    /** Min/max waveform peaks, computed once per file and kept in the cache (recomputed when the file changes). */
    peaks: procedure
      .input(z.strictObject({ path: mediaPathSchema, peaksPerSecond: z.number().int().min(1).max(1000).default(100) }))
      .query(async ({ input }) => {
        try {
          const real = await file(input.path, AUDIO_EXTENSIONS);
          const result = await peaksCache(await deps.mediaTools()).get(real, { peaksPerSecond: input.peaksPerSecond });
          return {
            peaksPerSecond: result.peaksPerSecond,
            sampleRate: result.sampleRate,
            sampleCount: result.sampleCount,
            durationSeconds: result.durationSeconds,
            min: rounded(result.min),
            max: rounded(result.max),
          };
        } catch (err) {
          toTrpcError(err);
        }
      }),

    /** How far a sound is off its picture, with a confidence, or 'no-sync-points'. Takes a second or two. */
    autosync: procedure
      .input(
        z.strictObject({
          videoPath: mediaPathSchema,
          audioPath: mediaPathSchema,
          fps: z.number().int().min(1).max(240),
          audioSourceOffsetMs: z.number().finite().min(-86_400_000).max(86_400_000).optional(),
        }),
      )
      .query(async ({ input }) => {
        try {
          const [videoPath, audioPath] = await Promise.all([file(input.videoPath, VIDEO_EXTENSIONS), file(input.audioPath, AUDIO_EXTENSIONS)]);
          return await autoSync(await deps.mediaTools(), { videoPath, audioPath, fps: input.fps, audioSourceOffsetMs: input.audioSourceOffsetMs });
        } catch (err) {
          toTrpcError(err);
        }
      }),
  });
}
