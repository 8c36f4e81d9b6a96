import { boxMean } from './boxfilter.js';
import type { WatermarkLayout } from './pattern.js';

export interface EmbedOptions {
  /** Mark amplitude in flat areas (luma levels). */
  baseStrength?: number;
  /** Extra amplitude per unit of local standard deviation: texture hides the mark, so it can be stronger there. */
  textureGain?: number;
  maxStrength?: number;
  /** Upper bound on the mark's mean squared error per frame (luma levels²); 9 ≈ PSNR 38.6 dB. */
  maxMse?: number;
}

export const DEFAULT_EMBED: Required<EmbedOptions> = { baseStrength: 3, textureGain: 0.25, maxStrength: 6, maxMse: 9 };

/**
 * Adds the payload tile to one luma plane in place, with a strength that follows local texture (7×7 standard
 * deviation) and is scaled down if the frame's error would exceed `maxMse`. Returns the mean squared error made.
 */
export function embedLuma(luma: Uint8Array, width: number, height: number, layout: WatermarkLayout, tile: Float32Array, options: EmbedOptions = {}): number {
  const { baseStrength, textureGain, maxStrength, maxMse } = { ...DEFAULT_EMBED, ...options };
  const pixels = width * height;
  const squares = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) squares[i] = luma[i]! * luma[i]!;
  const mean = boxMean(luma, width, height, 3);
  const meanSquares = boxMean(squares, width, height, 3);
  const mark = new Float32Array(pixels);
  const size = layout.tile;
  let energy = 0;
  for (let y = 0; y < height; y++) {
    const tileRow = (y % size) * size;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const std = Math.sqrt(Math.max(0, meanSquares[i]! - mean[i]! * mean[i]!));
      const strength = Math.min(maxStrength, baseStrength + textureGain * std);
      const value = strength * tile[tileRow + (x % size)]!;
      mark[i] = value;
      energy += value * value;
    }
  }
  // Rounding to integers adds about 1/12 to the error; keep the total under the budget.
  const budget = Math.max(0, maxMse - 1 / 12);
  const scale = energy / pixels > budget ? Math.sqrt((budget * pixels) / energy) : 1;
  let error = 0;
  for (let i = 0; i < pixels; i++) {
    const next = Math.min(255, Math.max(0, Math.round(luma[i]! + scale * mark[i]!)));
    error += (next - luma[i]!) ** 2;
    luma[i] = next;
  }
  return error / pixels;
}
