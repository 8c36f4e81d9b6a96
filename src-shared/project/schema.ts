import { z } from 'zod';
import { cameoPlacementSchema, MAX_CAMEOS_PER_SCENE } from '../cameo/placement.js';

/** The schema version this build writes. Older documents are migrated forward by `migrations.ts`. */
export const CURRENT_SCHEMA_VERSION = 2;

const id = z.string().min(1).max(128);
const frame = z.number().int().min(0).max(2 ** 31 - 1);
const positiveFrames = z.number().int().min(1).max(2 ** 31 - 1);
/** Seeds are unsigned 32-bit, as the samplers take them. */
const seed = z.number().int().min(0).max(2 ** 32 - 1);
const timestamp = z.iso.datetime({ offset: true });

/**
 * A path relative to the project folder, with forward slashes and no way out of it. The engine still resolves every
 * such path through `resolveInProject` (symlinks); this check keeps obviously bad paths out of the document.
 */
export const projectRelativePath = z
  .string()
  .min(1)
  .max(1024)
  .superRefine((p, ctx) => {
    if (p.startsWith('/') || /^[a-zA-Z]:/.test(p) || p.includes('\\') || p.includes('\0')) {
      ctx.addIssue({ code: 'custom', message: 'must be a relative path inside the project, with forward slashes' });
    } else if (p.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
      ctx.addIssue({ code: 'custom', message: 'must not contain "..", "." or empty segments' });
    }
  });

export const sceneSchema = z.strictObject({
  id,
  prompt: z.string().max(10_000),
  negativePrompt: z.string().max(10_000),
  durationFrames: positiveFrames,
  seed,
  seedLocked: z.boolean(),
  stylePreset: z.string().max(64).nullable(),
  cameraPreset: z.string().max(64).nullable(),
  /** Takes of this scene, oldest first. */
  takeIds: z.array(id),
  activeTakeId: id.nullable(),
});
export type Scene = z.infer<typeof sceneSchema>;

export const takeStatuses = ['rendering', 'ready', 'failed'] as const;
export type TakeStatus = (typeof takeStatuses)[number];

export const takeSchema = z.strictObject({
  id,
  sceneId: id,
  /** The MP4, relative to the project folder (normally under renders/). */
  renderPath: projectRelativePath,
  posterPath: projectRelativePath.nullable(),
  frames: positiveFrames,
  fps: z.number().int().min(1).max(240),
  seed,
  modelPack: z.strictObject({ id: z.string().min(1).max(128), version: z.string().min(1).max(64) }),
  status: z.enum(takeStatuses),
  /** A sound that came with the take (video → audio generation), relative to the project; placing the take on the
   * timeline places it on an audio track too, linked to the picture. Absent or null: the take is silent. */
  audioPath: projectRelativePath.nullable().optional(),
});
export type Take = z.infer<typeof takeSchema>;

export const trackKinds = ['video', 'cameo', 'audio', 'marker'] as const;
export type TrackKind = (typeof trackKinds)[number];

export const trackSchema = z.strictObject({
  id,
  kind: z.enum(trackKinds),
  name: z.string().max(128),
  muted: z.boolean(),
  locked: z.boolean(),
  /** Audio tracks: when any track is soloed only soloed tracks are heard. Absent means false. */
  solo: z.boolean().optional(),
});
export type Track = z.infer<typeof trackSchema>;

/** Gain range of an audio clip, in dB (the same as src-shared/audio's). */
export const CLIP_MIN_GAIN_DB = -60;
export const CLIP_MAX_GAIN_DB = 24;
/** A clip's fine offset is for sub-frame placement; whole frames belong in startFrame. */
export const CLIP_MAX_OFFSET_MS = 1000;

/** What a clip on an audio track has besides its timing. Fades are in project frames from the clip's ends. */
export const clipAudioSchema = z.strictObject({
  gainDb: z.number().min(CLIP_MIN_GAIN_DB).max(CLIP_MAX_GAIN_DB),
  fadeInFrames: frame,
  fadeOutFrames: frame,
  /** Fine placement on top of startFrame, whole milliseconds (1 ms nudges, auto-sync corrections). */
  offsetMs: z.number().int().min(-CLIP_MAX_OFFSET_MS).max(CLIP_MAX_OFFSET_MS),
  muted: z.boolean(),
});
export type ClipAudio = z.infer<typeof clipAudioSchema>;

/** An imported media file, copied into the project's assets/ folder. */
export const assetSchema = z.strictObject({
  id,
  kind: z.literal('audio'),
  path: projectRelativePath,
  /** The file's name as the user had it (shown on clips). */
  name: z.string().min(1).max(256),
  durationSeconds: z.number().positive().max(86_400),
  sampleRate: z.number().int().min(1).max(768_000),
  channels: z.number().int().min(1).max(64),
});
export type Asset = z.infer<typeof assetSchema>;

/** A clip plays either a take (generated) or an asset (imported media under assets/): exactly one of the two ids. */
export const clipSchema = z
  .strictObject({
    id,
    trackId: id,
    takeId: id.nullable(),
    assetId: id.nullable(),
    /** Timeline position and length, in project frames. */
    startFrame: frame,
    durationFrames: positiveFrames,
    /** The used part of the source, in source frames; kept apart from the timeline so takes swap without losing trims. */
    sourceInFrame: frame,
    sourceOutFrame: positiveFrames,
    /** Clips on audio tracks (and only those): gain, fades, fine offset, mute. */
    audio: clipAudioSchema.optional(),
    /** Clips with the same link id move together (a take's picture and its sound); absent or null: not linked. */
    linkId: id.nullable().optional(),
  })
  .superRefine((clip, ctx) => {
    if ((clip.takeId === null) === (clip.assetId === null)) {
      ctx.addIssue({ code: 'custom', path: ['takeId'], message: 'a clip needs exactly one of takeId and assetId' });
    }
    if (clip.sourceOutFrame <= clip.sourceInFrame) {
      ctx.addIssue({ code: 'custom', path: ['sourceOutFrame'], message: `must be after sourceInFrame (${clip.sourceInFrame})` });
    }
    if (clip.audio && clip.audio.fadeInFrames + clip.audio.fadeOutFrames > clip.durationFrames) {
      ctx.addIssue({
        code: 'custom',
        path: ['audio', 'fadeOutFrames'],
        message: `fade in (${clip.audio.fadeInFrames}) + fade out (${clip.audio.fadeOutFrames}) frames exceed the clip's ${clip.durationFrames} frames`,
      });
    }
  });
export type Clip = z.infer<typeof clipSchema>;

export const markerSchema = z.strictObject({
  id,
  frame,
  label: z.string().max(256),
  color: z.string().regex(/^#[0-9a-f]{6}$/i, 'must be a colour like #ffcc00'),
});
export type Marker = z.infer<typeof markerSchema>;

function checkUniqueIds(items: readonly { id: string }[], collection: string, ctx: z.RefinementCtx): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [collection, index, 'id'], message: `duplicate id "${item.id}"` });
    seen.add(item.id);
  });
  return seen;
}

export const projectDocumentSchema = z
  .strictObject({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    id,
    name: z.string().min(1).max(256),
    fps: z.number().int().min(1).max(240),
    width: z.number().int().min(16).max(8192),
    height: z.number().int().min(16).max(8192),
    createdAt: timestamp,
    updatedAt: timestamp,
    /** Storyboard order. */
    scenes: z.array(sceneSchema),
    takes: z.array(takeSchema),
    /** Top to bottom. */
    tracks: z.array(trackSchema),
    clips: z.array(clipSchema),
    markers: z.array(markerSchema),
    /** Imported media files. */
    assets: z.array(assetSchema),
    /** Cameos placed in scenes (the timeline's cameo track shows them); absent in projects that have none. */
    cameoPlacements: z.array(cameoPlacementSchema).max(1000).optional(),
  })
  .superRefine((doc, ctx) => {
    // References between collections: the renderer's entity adapters assume these hold.
    checkUniqueIds(doc.scenes, 'scenes', ctx);
    const takeIds = checkUniqueIds(doc.takes, 'takes', ctx);
    checkUniqueIds(doc.tracks, 'tracks', ctx);
    checkUniqueIds(doc.clips, 'clips', ctx);
    checkUniqueIds(doc.markers, 'markers', ctx);
    checkUniqueIds(doc.assets, 'assets', ctx);
    const takeScene = new Map(doc.takes.map((take) => [take.id, take.sceneId]));
    const sceneTakes = new Map(doc.scenes.map((scene) => [scene.id, scene.takeIds]));
    doc.takes.forEach((take, index) => {
      const listed = sceneTakes.get(take.sceneId);
      if (!listed) ctx.addIssue({ code: 'custom', path: ['takes', index, 'sceneId'], message: `no scene "${take.sceneId}"` });
      else if (!listed.includes(take.id)) {
        ctx.addIssue({ code: 'custom', path: ['takes', index, 'sceneId'], message: `scene "${take.sceneId}" does not list this take in takeIds` });
      }
    });
    doc.scenes.forEach((scene, index) => {
      scene.takeIds.forEach((takeId, t) => {
        if (takeScene.get(takeId) !== scene.id) {
          ctx.addIssue({ code: 'custom', path: ['scenes', index, 'takeIds', t], message: `take "${takeId}" does not belong to this scene` });
        }
      });
      if (scene.activeTakeId !== null && !scene.takeIds.includes(scene.activeTakeId)) {
        ctx.addIssue({ code: 'custom', path: ['scenes', index, 'activeTakeId'], message: `"${scene.activeTakeId}" is not one of this scene's takes` });
      }
    });
    const perScene = new Map<string, string[]>();
    (doc.cameoPlacements ?? []).forEach((placement, index) => {
      const cameos = perScene.get(placement.sceneId) ?? [];
      if (!sceneTakes.has(placement.sceneId)) ctx.addIssue({ code: 'custom', path: ['cameoPlacements', index, 'sceneId'], message: `no scene "${placement.sceneId}"` });
      else if (cameos.includes(placement.cameoId)) ctx.addIssue({ code: 'custom', path: ['cameoPlacements', index, 'cameoId'], message: 'a cameo is placed once per scene' });
      else if (cameos.length >= MAX_CAMEOS_PER_SCENE) ctx.addIssue({ code: 'custom', path: ['cameoPlacements', index], message: `a scene holds at most ${MAX_CAMEOS_PER_SCENE} cameos` });
      perScene.set(placement.sceneId, [...cameos, placement.cameoId]);
    });
    const trackKind = new Map(doc.tracks.map((track) => [track.id, track.kind]));
    doc.clips.forEach((clip, index) => {
      const kind = trackKind.get(clip.trackId);
      if (kind === undefined) ctx.addIssue({ code: 'custom', path: ['clips', index, 'trackId'], message: `no track "${clip.trackId}"` });
      else if (kind === 'marker') ctx.addIssue({ code: 'custom', path: ['clips', index, 'trackId'], message: 'a marker track holds no clips' });
      else if ((kind === 'audio') !== (clip.audio !== undefined)) {
        ctx.addIssue({ code: 'custom', path: ['clips', index, 'audio'], message: kind === 'audio' ? 'a clip on an audio track needs its audio settings' : 'only clips on audio tracks have audio settings' });
      }
      if (clip.takeId !== null && !takeIds.has(clip.takeId)) {
        ctx.addIssue({ code: 'custom', path: ['clips', index, 'takeId'], message: `no take "${clip.takeId}"` });
      }
    });
  });

export type ProjectDocument = z.infer<typeof projectDocumentSchema>;

export interface NewProjectOptions {
  id: string;
  name: string;
  /** ISO timestamp for createdAt/updatedAt. */
  now: string;
  fps?: number;
  width?: number;
  height?: number;
  /** Makes ids for the default tracks; injectable so tests and fixtures are stable. */
  createId?: () => string;
}

/** An empty project with the studio's default tracks: one video, one cameo, one audio. */
export function newProjectDocument(options: NewProjectOptions): ProjectDocument {
  const createId = options.createId ?? (() => globalThis.crypto.randomUUID());
  return projectDocumentSchema.parse({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    id: options.id,
    name: options.name,
    fps: options.fps ?? 24,
    width: options.width ?? 832,
    height: options.height ?? 480,
    createdAt: options.now,
    updatedAt: options.now,
    scenes: [],
    takes: [],
    tracks: [
      { id: createId(), kind: 'video', name: 'Video 1', muted: false, locked: false },
      { id: createId(), kind: 'cameo', name: 'Cameo', muted: false, locked: false },
      { id: createId(), kind: 'audio', name: 'Audio 1', muted: false, locked: false, solo: false },
    ],
    clips: [],
    markers: [],
    assets: [],
  } satisfies ProjectDocument);
}
