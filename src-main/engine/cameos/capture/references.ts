/**
 * A cameo's reference images, taken by the engine from the accepted recording (never a still the page chose):
 *
 * - a person: frames where the detector found the face well (confident, large, sharp), cut square around the head and
 *   shoulders. The first (primary, the one the model is conditioned on) faces the camera where a frame does; then the
 *   most turned view to each side, where the recording has them (the capture asks the person to turn their head); then
 *   frames spread over the rest of the recording, at least MIN_GAP_S apart. "Turned" comes from the tiny landmark
 *   model (detectors.ts), whose estimate wobbles by about ±0.2 from frame to frame: good for telling a view turned
 *   well aside from one facing the camera, not for fine angles.
 * - a pet or an object: no detector knows them, so the sharpest frames spread over the clip, whole.
 *
 * Images are PNG, at most REFERENCE_MAX_SIDE pixels a side (never enlarged).
 */
import type { MediaTools, VideoStreamProbe } from '../../media/index.js';
import { encodePngRgb } from '../../media/png.js';
import type { CameoKind } from '../model.js';
import { framesAt, largestFace, type SampledFrame } from './sampling.js';

export const REFERENCE_COUNT = 4;
export const REFERENCE_MAX_SIDE = 384;
/** |yaw| above this is a turned view; at or below, facing the camera. */
export const TURNED_YAW = 0.25;
/** Two references are at least this far apart in the recording. */
export const MIN_GAP_S = 0.4;
/** A person's crop: a square this many times the face box's larger side, around the face. */
const HEAD_AND_SHOULDERS = 2.2;

export interface ReferenceImage {
  data: Buffer;
  ext: 'png';
  /** Where in the recording it was taken (seconds). */
  atS: number;
  width: number;
  height: number;
  /** A person's head turn in it (−1 … 1, 0 facing the camera); null for a pet or an object. */
  yaw: number | null;
}

/** What the choice looks at in each sampled frame. */
export interface FrameSummary {
  atS: number;
  /** The subject's face (a person), null where none was found or none is looked for. */
  face: { score: number; area: number; yaw: number } | null;
  sharpness: number;
}

/**
 * Which frames become references, best first: indexes into `frames`. A person's frames without a face are never
 * chosen; a pet's or an object's are ranked by sharpness, and frames with almost no detail (black, flat) are skipped.
 */
export function chooseReferenceFrames(frames: readonly FrameSummary[], kind: CameoKind, count = REFERENCE_COUNT): number[] {
  const maxSharp = Math.max(0, ...frames.map((f) => f.sharpness));
  if (maxSharp <= 0) return [];
  const quality = (f: FrameSummary) => {
    const sharp = f.sharpness / maxSharp;
    if (kind !== 'person') return sharp;
    return f.face ? f.face.score * Math.sqrt(f.face.area) * (0.5 + 0.5 * sharp) : 0;
  };
  const candidates = frames
    .map((f, i) => ({ i, f, q: quality(f) }))
    .filter((c) => (kind === 'person' ? c.f.face !== null : c.f.sharpness >= maxSharp * 0.02))
    .sort((a, b) => b.q - a.q);
  if (candidates.length === 0) return [];

  const chosen: typeof candidates = [];
  const farEnough = (c: (typeof candidates)[number]) => chosen.every((o) => Math.abs(o.f.atS - c.f.atS) >= MIN_GAP_S);
  const take = (pool: typeof candidates) => {
    const best = pool.find((c) => !chosen.includes(c) && farEnough(c));
    if (best && chosen.length < count) chosen.push(best);
  };
  if (kind === 'person') {
    const frontal = candidates.filter((c) => Math.abs(c.f.face!.yaw) <= TURNED_YAW);
    take(frontal.length ? frontal : candidates);
    take(candidates.filter((c) => c.f.face!.yaw < -TURNED_YAW));
    take(candidates.filter((c) => c.f.face!.yaw > TURNED_YAW));
  } else {
    take(candidates);
  }
  // Then the best frame of each stretch of the recording that has none yet, the stretch farthest from what is chosen
  // first; then the best of what is left.
  const start = Math.min(...frames.map((f) => f.atS));
  const span = Math.max(...frames.map((f) => f.atS)) - start + 1e-6;
  const stretches = Array.from({ length: count }, (_, w) => ({ from: start + (span * w) / count, to: start + (span * (w + 1)) / count }));
  const inside = (s: { from: number; to: number }) => (c: (typeof candidates)[number]) => c.f.atS >= s.from && c.f.atS < s.to;
  const distance = (s: { from: number; to: number }) => Math.min(...chosen.map((c) => Math.abs(c.f.atS - (s.from + s.to) / 2)));
  for (let added = true; added && chosen.length < count; ) {
    added = false;
    const open = stretches.filter((s) => !chosen.some(inside(s))).sort((a, b) => distance(b) - distance(a));
    for (const s of open) {
      const before = chosen.length;
      take(candidates.filter(inside(s)));
      if ((added = chosen.length > before)) break;
    }
  }
  while (chosen.length < count) {
    const before = chosen.length;
    take(candidates);
    if (chosen.length === before) break;
  }
  const [primary, ...rest] = chosen;
  return [primary!, ...rest.sort((a, b) => a.f.atS - b.f.atS)].map((c) => c.i);
}

/** The square around a face that holds the head and shoulders, kept inside the frame. */
export function headCrop(face: { x: number; y: number; width: number; height: number }, width: number, height: number): { x: number; y: number; size: number } {
  const size = Math.min(width, height, Math.round(Math.max(face.width, face.height) * HEAD_AND_SHOULDERS));
  const cx = face.x + face.width / 2;
  const cy = face.y + face.height / 2;
  const x = Math.round(Math.min(Math.max(0, cx - size / 2), width - size));
  const y = Math.round(Math.min(Math.max(0, cy - size / 2), height - size));
  return { x, y, size };
}

/** A rectangle of an RGB frame, scaled down (by averaging) to fit `maxSide`; never enlarged. */
export function cropAndFit(rgb: Uint8Array, width: number, rect: { x: number; y: number; width: number; height: number }, maxSide: number): { rgb: Uint8Array; width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(rect.width, rect.height));
  const ow = Math.max(1, Math.round(rect.width * scale));
  const oh = Math.max(1, Math.round(rect.height * scale));
  const out = new Uint8Array(ow * oh * 3);
  for (let oy = 0; oy < oh; oy++) {
    const sy0 = rect.y + Math.floor((oy * rect.height) / oh);
    const sy1 = Math.max(sy0 + 1, rect.y + Math.floor(((oy + 1) * rect.height) / oh));
    for (let ox = 0; ox < ow; ox++) {
      const sx0 = rect.x + Math.floor((ox * rect.width) / ow);
      const sx1 = Math.max(sx0 + 1, rect.x + Math.floor(((ox + 1) * rect.width) / ow));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = sy0; sy < sy1; sy++) {
        for (let sx = sx0; sx < sx1; sx++) {
          const i = (sy * width + sx) * 3;
          r += rgb[i]!;
          g += rgb[i + 1]!;
          b += rgb[i + 2]!;
        }
      }
      const n = (sy1 - sy0) * (sx1 - sx0);
      const o = (oy * ow + ox) * 3;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
    }
  }
  return { rgb: out, width: ow, height: oh };
}

/** The reference images of a recording from its sampled frames, primary first; empty when no frame will do. */
export async function referenceImages(
  tools: MediaTools,
  file: string,
  video: VideoStreamProbe,
  frames: readonly SampledFrame[],
  kind: CameoKind,
  count = REFERENCE_COUNT,
): Promise<ReferenceImage[]> {
  const subjects = frames.map((f) => (kind === 'person' ? largestFace(f.faces) : null));
  const summaries: FrameSummary[] = frames.map((f, i) => {
    const face = subjects[i];
    return {
      atS: f.atS,
      face: face ? { score: face.score, area: (face.box.width * face.box.height) / (f.width * f.height), yaw: face.yaw } : null,
      sharpness: f.sharpness,
    };
  });
  const chosen = chooseReferenceFrames(summaries, kind, count);
  const sources = await framesAt(tools, file, video, chosen.map((i) => frames[i]!.index));
  return chosen.flatMap((i) => {
    const sampled = frames[i]!;
    const source = sources.get(sampled.index);
    if (!source) return [];
    const face = subjects[i];
    // The face was found in the small frame; the crop is cut from the larger one.
    const scale = source.width / sampled.width;
    const square = face ? headCrop({ x: face.box.x * scale, y: face.box.y * scale, width: face.box.width * scale, height: face.box.height * scale }, source.width, source.height) : null;
    const rect = square ? { x: square.x, y: square.y, width: square.size, height: square.size } : { x: 0, y: 0, width: source.width, height: source.height };
    const image = cropAndFit(source.rgb, source.width, rect, REFERENCE_MAX_SIDE);
    return [{ data: encodePngRgb(image.rgb, image.width, image.height), ext: 'png' as const, atS: sampled.atS, width: image.width, height: image.height, yaw: face ? face.yaw : null }];
  });
}
