import { boxMean } from './boxfilter.js';

/** Residual clipping: edges in the picture are far stronger than the mark and would dominate the correlation. */
export const RESIDUAL_CLIP = 6;
/** Local residual level (luma RMS) above which a pixel's weight falls off: about the mark's own amplitude. */
export const QUIET_LEVEL = 3;

/**
 * What the detector reads from a luma plane: the high-passed picture (minus its box mean over `radius`), each pixel
 * weighted by how quiet the picture is around it — near edges and in busy texture the picture's own detail is far
 * stronger than the mark, so those pixels say little and would only add noise — and clipped to ±`clip`. The embedder
 * reads its frames the same way to cancel the picture's own interference with the mark.
 */
export function weightedResidual(luma: ArrayLike<number>, width: number, height: number, radius: number, quietLevel = QUIET_LEVEL, clip = RESIDUAL_CLIP): Float32Array {
  const mean = boxMean(luma, width, height, radius);
  const residual = new Float32Array(width * height);
  const squares = new Float32Array(width * height);
  for (let i = 0; i < residual.length; i++) {
    residual[i] = luma[i]! - mean[i]!;
    squares[i] = residual[i]! * residual[i]!;
  }
  // The running sums of the box mean can leave a flat area's power a rounding error below zero (−4·10⁻¹³ was seen in a
  // re-encoded 1080×1920 export); the square root of that is NaN, and a single NaN pixel would wipe out the whole
  // clip's accumulated mark. Power is never negative: clamp it.
  const localPower = boxMean(squares, width, height, radius);
  for (let i = 0; i < residual.length; i++) {
    const weight = 1 / Math.max(1, Math.sqrt(Math.max(0, localPower[i]!)) / quietLevel);
    residual[i] = Math.max(-clip, Math.min(clip, residual[i]! * weight));
  }
  return residual;
}
