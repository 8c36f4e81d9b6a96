import { z } from 'zod';
import { ProjectSchemaError, formatIssuePath } from './errors.js';

/**
 * One step forward in the document's history. Migrations are frozen once released: they carry their own copy of the
 * old shape and their own arithmetic, and never import today's schema or helpers, which will keep changing.
 */
export interface Migration {
  from: number;
  to: number;
  description: string;
  /** Validates its input against the `from` shape (throwing ProjectSchemaError) and returns the `to` shape. */
  up(document: unknown): unknown;
}

/** Throws ProjectSchemaError listing every issue with its path in the document as it was read. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProjectSchemaError(result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })));
}

// --- v0: the pre-release layout (no schemaVersion; fps as a string; takes nested in scenes; clips timed in seconds) ---

const v0Seconds = z.number().finite().min(0).max(1e7);

const v0TakeSchema = z.object({
  id: z.string().min(1),
  file: z.string().min(1),
  poster: z.string().min(1).optional(),
  frames: z.number().int().min(1),
  seed: z.number().int().min(0),
  /** "pack-id@version" */
  model: z.string().min(1),
  status: z.enum(['done', 'error', 'running']),
});

const v0DocumentSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  fps: z.string().regex(/^\d{1,3}$/, 'must be a whole number of frames per second, like "24"'),
  resolution: z.string().regex(/^\d{2,4}x\d{2,4}$/, 'must look like "832x480"'),
  created: z.iso.datetime({ offset: true }),
  modified: z.iso.datetime({ offset: true }),
  scenes: z.array(
    z.object({
      id: z.string().min(1),
      prompt: z.string(),
      negative: z.string().optional(),
      seconds: v0Seconds,
      seed: z.number().int().min(0),
      lockSeed: z.boolean(),
      style: z.string().optional(),
      camera: z.string().optional(),
      activeTake: z.string().nullable(),
      takes: z.array(v0TakeSchema),
    }),
  ),
  tracks: z.array(
    z.object({
      id: z.string().min(1),
      type: z.enum(['video', 'cameo', 'audio']),
      name: z.string(),
      muted: z.boolean(),
      locked: z.boolean().optional(),
    }),
  ),
  clips: z.array(
    z.object({
      id: z.string().min(1),
      track: z.string().min(1),
      take: z.string().min(1).optional(),
      asset: z.string().min(1).optional(),
      start: v0Seconds,
      length: v0Seconds,
      in: v0Seconds,
      out: v0Seconds,
    }),
  ),
  markers: z.array(z.object({ id: z.string().min(1), time: v0Seconds, label: z.string(), color: z.string().optional() })),
});

const v0StatusToV1 = { done: 'ready', error: 'failed', running: 'failed' } as const;

function migrateV0ToV1(input: unknown): unknown {
  const v0 = parseOrThrow(v0DocumentSchema, input);
  const fps = Number(v0.fps);
  const [width, height] = v0.resolution.split('x').map(Number);
  const toFrames = (seconds: number): number => Math.round(seconds * fps);
  return {
    schemaVersion: 1,
    id: v0.id,
    name: v0.title,
    fps,
    width,
    height,
    createdAt: v0.created,
    updatedAt: v0.modified,
    scenes: v0.scenes.map((scene) => ({
      id: scene.id,
      prompt: scene.prompt,
      negativePrompt: scene.negative ?? '',
      durationFrames: Math.max(1, toFrames(scene.seconds)),
      seed: scene.seed,
      seedLocked: scene.lockSeed,
      stylePreset: scene.style ?? null,
      cameraPreset: scene.camera ?? null,
      takeIds: scene.takes.map((take) => take.id),
      activeTakeId: scene.activeTake,
    })),
    takes: v0.scenes.flatMap((scene) =>
      scene.takes.map((take) => {
        const at = take.model.lastIndexOf('@');
        return {
          id: take.id,
          sceneId: scene.id,
          renderPath: take.file,
          posterPath: take.poster ?? null,
          frames: take.frames,
          fps,
          seed: take.seed,
          modelPack: at > 0 ? { id: take.model.slice(0, at), version: take.model.slice(at + 1) } : { id: take.model, version: 'unknown' },
          // A render that was running when a v0 document was saved never finished.
          status: v0StatusToV1[take.status],
        };
      }),
    ),
    tracks: v0.tracks.map((track) => ({ id: track.id, kind: track.type, name: track.name, muted: track.muted, locked: track.locked ?? false })),
    clips: v0.clips.map((clip) => {
      const sourceInFrame = toFrames(clip.in);
      return {
        id: clip.id,
        trackId: clip.track,
        takeId: clip.take ?? null,
        assetId: clip.take === undefined ? (clip.asset ?? null) : null,
        startFrame: toFrames(clip.start),
        durationFrames: Math.max(1, toFrames(clip.length)),
        sourceInFrame,
        sourceOutFrame: Math.max(sourceInFrame + 1, toFrames(clip.out)),
      };
    }),
    markers: v0.markers.map((marker) => ({ id: marker.id, frame: toFrames(marker.time), label: marker.label, color: marker.color ?? '#f5c542' })),
  };
}

// --- v1 → v2: audio (imported assets, per-clip gain/fades/fine offset, solo, links between clips) ---

/** Audio settings of a v1 clip on an audio track: unity gain, no fades, on its frame, audible. Frozen with v2. */
const v1ClipAudioDefaults = { gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false } as const;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * v2 only adds to v1: `assets` (empty: v1 kept no list of imported files), `audio` settings on every clip of an audio
 * track, `solo: false` on audio tracks. Nothing is renamed or moved, so a v1 problem keeps its path and the v2 schema
 * that validates the result reports it there; this step only adds where the v1 structure it reads is intact.
 */
function migrateV1ToV2(input: unknown): unknown {
  if (!isObject(input) || input.schemaVersion !== 1) {
    throw new ProjectSchemaError([{ path: isObject(input) ? 'schemaVersion' : '(root)', message: 'expected a schema 1 project' }]);
  }
  const tracks = Array.isArray(input.tracks) ? input.tracks : [];
  const audioTracks = new Set(tracks.filter((t) => isObject(t) && t.kind === 'audio').map((t) => (t as Record<string, unknown>).id));
  return {
    ...input,
    schemaVersion: 2,
    tracks: Array.isArray(input.tracks) ? input.tracks.map((t) => (isObject(t) && t.kind === 'audio' ? { ...t, solo: false } : t)) : input.tracks,
    clips: Array.isArray(input.clips)
      ? input.clips.map((c) => (isObject(c) && audioTracks.has(c.trackId) ? { ...c, audio: { ...v1ClipAudioDefaults } } : c))
      : input.clips,
    assets: [],
  };
}

/** Every migration, oldest first; `to` of one is `from` of the next and the last ends at CURRENT_SCHEMA_VERSION. */
export const migrations: readonly Migration[] = [
  {
    from: 0,
    to: 1,
    description: 'pre-release layout → v1: integer fps, flat takes with scene ids, clips and markers timed in frames',
    up: migrateV0ToV1,
  },
  {
    from: 1,
    to: 2,
    description: 'v1 → v2: imported assets, audio settings on audio-track clips (gain, fades, fine offset, mute), solo, clip links',
    up: migrateV1ToV2,
  },
];
