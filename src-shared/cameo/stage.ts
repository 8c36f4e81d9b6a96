/**
 * The placement stage's geometry, shared by the three.js stage (which draws it) and generation (which sends it): a
 * cameo is a billboard standing on the ground plane in front of the shot's camera, keyframed over the clip; each
 * frame's billboard is projected through the camera into a normalised box for the model (src-shared/cameo/boxTrack).
 *
 * Coordinates match three.js: metres, y up, the shot's camera at (0, height, 0) looking down −z with a vertical field
 * of view `fovYDeg` (a PerspectiveCamera). A keyframe puts the billboard's foot at (x, 0, −depth).
 */
import { z } from 'zod';
import type { Box, BoxKeyframe } from './boxTrack.js';
import { lerp, sampleKeyframes } from './keyframes.js';

export const stageKeyframeSchema = z.strictObject({
  /** Normalised time over the clip, 0 … 1. */
  t: z.number().min(0).max(1),
  /** Left (−) / right (+) of the camera's axis, metres. */
  x: z.number().min(-50).max(50),
  /** Distance in front of the camera, metres. */
  depth: z.number().min(0.5).max(100),
  /** The billboard's height, metres (its width follows the reference image's aspect). */
  scale: z.number().min(0.05).max(20),
});
export type StageKeyframe = z.infer<typeof stageKeyframeSchema>;

export interface ShotCamera {
  /** Eye height above the ground, metres. */
  height: number;
  /** Vertical field of view, degrees. */
  fovYDeg: number;
  /** Width / height of the shot. */
  aspect: number;
}

/** A person-height shot: the camera at eye height with a normal lens. */
export const DEFAULT_SHOT_CAMERA: Omit<ShotCamera, 'aspect'> = { height: 1.6, fovYDeg: 50 };

/** Smallest box the model is sent when the billboard leaves the frame (a box track's width and height must be > 0). */
export const MIN_BOX = 0.01;

/** The billboard at normalised time t: keyframes interpolated linearly (position, depth, scale), held at the ends. */
export function stageAt(keyframes: readonly StageKeyframe[], t: number): Omit<StageKeyframe, 't'> {
  const at = (k: StageKeyframe) => ({ x: k.x, depth: k.depth, scale: k.scale });
  const mix = (a: StageKeyframe, b: StageKeyframe, u: number) => ({ x: lerp(a.x, b.x, u), depth: lerp(a.depth, b.depth, u), scale: lerp(a.scale, b.scale, u) });
  return sampleKeyframes(keyframes, t, at, mix, 'a cameo placement needs at least one keyframe');
}

/** A point of the stage in normalised image coordinates (0,0 top left; 1,1 bottom right), as three.js projects it. */
export function projectPoint(camera: ShotCamera, x: number, y: number, depth: number): { u: number; v: number } {
  const tanHalf = Math.tan((camera.fovYDeg * Math.PI) / 360);
  const ndcX = x / (depth * tanHalf * camera.aspect);
  const ndcY = (y - camera.height) / (depth * tanHalf);
  return { u: (ndcX + 1) / 2, v: (1 - ndcY) / 2 };
}

/**
 * The billboard's box in the frame, unclamped (it may reach outside 0 … 1): `refAspect` is the reference image's
 * width / height, so the billboard is `scale × refAspect` metres wide.
 */
export function billboardBox(camera: ShotCamera, billboard: Omit<StageKeyframe, 't'>, refAspect: number): Box {
  const halfWidth = (billboard.scale * refAspect) / 2;
  const topLeft = projectPoint(camera, billboard.x - halfWidth, billboard.scale, billboard.depth);
  const bottomRight = projectPoint(camera, billboard.x + halfWidth, 0, billboard.depth);
  return { x: topLeft.u, y: topLeft.v, w: bottomRight.u - topLeft.u, h: bottomRight.v - topLeft.v };
}

/** The part of a box inside the frame; a box wholly outside becomes a MIN_BOX sliver at the nearest edge. */
export function clampBox(box: Box): Box & { visible: boolean } {
  const x0 = Math.min(1, Math.max(0, box.x));
  const y0 = Math.min(1, Math.max(0, box.y));
  const x1 = Math.min(1, Math.max(0, box.x + box.w));
  const y1 = Math.min(1, Math.max(0, box.y + box.h));
  const visible = x1 - x0 > 0 && y1 - y0 > 0;
  const w = Math.max(MIN_BOX, x1 - x0);
  const h = Math.max(MIN_BOX, y1 - y0);
  return { x: Math.min(x0, 1 - w), y: Math.min(y0, 1 - h), w, h, visible };
}

/**
 * The placement as the model takes it: one box keyframe per frame (up to 256, spread evenly), each the projection of
 * the billboard at that frame's time. Projecting per frame, not per keyframe, keeps perspective right: a cameo walking
 * towards the camera grows faster as it comes closer, which a box interpolated between two keyframes would not do.
 */
export function placementBoxTrack(keyframes: readonly StageKeyframe[], camera: ShotCamera, refAspect: number, frames: number): BoxKeyframe[] {
  if (!Number.isInteger(frames) || frames < 1) throw new RangeError(`a placement needs a whole number of frames ≥ 1, not ${frames}`);
  if (!(refAspect > 0)) throw new RangeError(`the reference image's aspect must be positive, not ${refAspect}`);
  const samples = Math.min(frames, 256);
  const track: BoxKeyframe[] = [];
  for (let i = 0; i < samples; i++) {
    const t = samples === 1 ? 0 : i / (samples - 1);
    const { x, y, w, h } = clampBox(billboardBox(camera, stageAt(keyframes, t), refAspect));
    track.push({ t, x, y, w, h });
  }
  return track;
}
