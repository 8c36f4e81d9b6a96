import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { MediaProcessError, MediaToolMissingError, PeaksCache, probeMedia, type MediaTools } from '../media/index.js';
import { ASSETS_DIR } from '../projects/store.js';
import { projectFolder } from '../projects/takes.js';
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

/** An asset's file name in assets/: a fresh id, then the original name reduced to safe characters, its extension kept. */
export function assetFileName(id: string, originalName: string): string {
  const ext = path.extname(originalName).toLowerCase();
  const stem = path
    .basename(originalName, path.extname(originalName))
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${id}${stem ? `-${stem}` : ''}${ext}`;
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

    /**
     * Imports a sound into a project: checks the file (path rules, a media extension, an audio stream ffprobe can
     * read, and a full decode for its waveform peaks, so a damaged file is refused here and not on the timeline),
     * copies it into the project's assets/ and returns the asset for the document. The original is never changed.
     */
    import: procedure
      .input(z.strictObject({ dir: z.string().min(1).max(4096), path: mediaPathSchema, name: z.string().min(1).max(256).optional() }))
      .mutation(async ({ input }) => {
        const dir = await projectFolder(input.dir);
        const originalName = path.basename(input.name ?? input.path);
        let target: string | null = null;
        try {
          const real = await file(input.path, AUDIO_EXTENSIONS);
          const tools = await deps.mediaTools();
          const probe = await probeMedia(tools, real);
          if (!probe.audio) throw new TRPCError({ code: 'BAD_REQUEST', message: `${originalName}: the file has no sound in it` });
          const id = randomUUID();
          const relative = `${ASSETS_DIR}/${assetFileName(id, path.extname(originalName) ? originalName : path.basename(real))}`;
          target = path.join(dir, ...relative.split('/'));
          await mkdir(path.dirname(target), { recursive: true });
          await copyFile(real, target);
          // Decodes the whole file once (in ffmpeg): proves it is readable and leaves its waveform in the cache.
          const peaks = await peaksCache(tools).get(target, { peaksPerSecond: 100 });
          if (peaks.sampleCount === 0) throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: `${originalName}: the sound is empty` });
          return {
            id,
            kind: 'audio' as const,
            path: relative,
            name: originalName.slice(0, 256),
            durationSeconds: Math.min(86_400, peaks.durationSeconds),
            sampleRate: probe.audio.sampleRate,
            channels: probe.audio.channels,
          };
        } catch (err) {
          // Nothing half-imported stays behind in the project.
          if (target) await rm(target, { force: true });
          // Said with the name the user knows the file by, not a staging path or a tool's exit code.
          if (err instanceof MediaProcessError) {
            const last = err.message.split('\n').filter(Boolean).at(-1) ?? '';
            const reason = last.slice(last.lastIndexOf(': ') + 2).trim() || 'unknown format';
            throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: `${originalName}: this file cannot be read as sound (${reason})` });
          }
          if (err instanceof MediaPathError) throw new TRPCError({ code: err.code, message: err.message.replace(input.path, originalName) });
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
