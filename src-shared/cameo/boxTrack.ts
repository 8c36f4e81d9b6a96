import { z } from 'zod';
import { lerp, sampleKeyframes } from './keyframes.js';

/** A cameo's box at a moment of the clip. Time and box are normalised: t in [0, 1] over the clip, x/y/w/h in [0, 1]. */
export const boxKeyframeSchema = z
  .object({
    t: z.number().min(0).max(1),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    w: z.number().gt(0).max(1),
    h: z.number().gt(0).max(1),
  })
  .strict();
export type BoxKeyframe = z.infer<typeof boxKeyframeSchema>;

export const boxTrackSchema = z.array(boxKeyframeSchema).min(1).max(256);

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The box at normalised time t, linearly interpolated between keyframes and held before the first/after the last. */
export function boxAt(track: readonly BoxKeyframe[], t: number): Box {
  const mix = (a: BoxKeyframe, b: BoxKeyframe, u: number): Box => ({ x: lerp(a.x, b.x, u), y: lerp(a.y, b.y, u), w: lerp(a.w, b.w, u), h: lerp(a.h, b.h, u) });
  return sampleKeyframes(track, t, pick, mix, 'a box track needs at least one keyframe');
}

/**
 * Rasterises a box track into a coverage mask: for each of `frames` frames, a `rows × cols` grid where each cell holds
 * the fraction of its area the box covers. Frame i samples the track at i / (frames - 1).
 */
export function boxTrackCoverage(track: readonly BoxKeyframe[], frames: number, rows: number, cols: number, frameTime?: (i: number) => number): Float32Array {
  const out = new Float32Array(frames * rows * cols);
  for (let f = 0; f < frames; f++) {
    const t = frameTime ? frameTime(f) : frames === 1 ? 0 : f / (frames - 1);
    const box = boxAt(track, Math.min(1, Math.max(0, t)));
    const x0 = box.x * cols;
    const x1 = (box.x + box.w) * cols;
    const y0 = box.y * rows;
    const y1 = (box.y + box.h) * rows;
    for (let r = 0; r < rows; r++) {
      const oy = Math.max(0, Math.min(r + 1, y1) - Math.max(r, y0));
      if (oy <= 0) continue;
      for (let c = 0; c < cols; c++) {
        const ox = Math.max(0, Math.min(c + 1, x1) - Math.max(c, x0));
        if (ox > 0) out[(f * rows + r) * cols + c] = Math.min(1, ox * oy);
      }
    }
  }
  return out;
}

/** Parses the CLI's box syntax: `x,y,w,h` for a fixed box, or `t:x,y,w,h;t:x,y,w,h` for keyframes. */
export function parseBoxTrack(text: string): BoxKeyframe[] {
  const parts = text.split(';').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new Error(`cameo box '${text}' is empty; use x,y,w,h or t:x,y,w,h;t:x,y,w,h`);
  const keyframes = parts.map((part) => {
    const [timePart, boxPart] = part.includes(':') ? part.split(':', 2) : [parts.length === 1 ? '0' : '', part];
    const nums = (boxPart ?? '').split(',').map((n) => Number(n.trim()));
    const t = Number(timePart);
    if (timePart === '' || !Number.isFinite(t) || nums.length !== 4 || nums.some((n) => !Number.isFinite(n))) {
      throw new Error(`cameo box '${part}' is not x,y,w,h or t:x,y,w,h with numbers (normalised 0–1)`);
    }
    const [x, y, w, h] = nums as [number, number, number, number];
    const parsed = boxKeyframeSchema.safeParse({ t, x, y, w, h });
    if (!parsed.success) throw new Error(`cameo box '${part}': values must be normalised (0–1, width and height above 0)`);
    if (x + w > 1.0001 || y + h > 1.0001) throw new Error(`cameo box '${part}' reaches outside the frame (x+w and y+h must be ≤ 1)`);
    return parsed.data;
  });
  return keyframes.sort((a, b) => a.t - b.t);
}

const pick = (k: BoxKeyframe): Box => ({ x: k.x, y: k.y, w: k.w, h: k.h });
