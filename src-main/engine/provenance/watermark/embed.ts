import { boxMean } from './boxfilter.js';
import type { WatermarkLayout } from './pattern.js';
import { weightedResidual } from './residual.js';

export interface EmbedOptions {
  /** Mark amplitude in flat areas (luma levels). */
  baseStrength?: number;
  /** Extra amplitude per unit of local standard deviation: texture hides the mark, so it can be stronger there. */
  textureGain?: number;
  maxStrength?: number;
  /** Upper bound on the mark's mean squared error per frame (luma levels²); 9 ≈ PSNR 38.6 dB. */
  maxMse?: number;
  /**
   * How much of the picture's own interference with each bit to cancel (0 = none, 1 = all, in the detector's linear
   * approximation): the picture's detail correlates with some bits' patterns and would push them towards the wrong
   * value; the embedder reads the frame as the detector does and adds the opposite to those bits.
   */
  cancelHost?: number;
  /** Largest correction per bit, in units of the bit's own amplitude. */
  maxCorrection?: number;
}

export const DEFAULT_EMBED: Required<EmbedOptions> = { baseStrength: 3, textureGain: 0.25, maxStrength: 6, maxMse: 9, cancelHost: 1, maxCorrection: 1.5 };

/** The detector's reading of each bit from a frame at scale 1: the weighted residual folded onto the tile, projected on each bit's component. */
export function bitReadings(luma: ArrayLike<number>, width: number, height: number, layout: WatermarkLayout): Float64Array {
  const size = layout.tile;
  const residual = weightedResidual(luma, width, height, layout.cell);
  const sum = new Float64Array(size * size);
  const count = new Float64Array(size * size);
  for (let y = 0; y < height; y++) {
    const tileRow = (y % size) * size;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const b = tileRow + (x % size);
      sum[b]! += residual[row + x]!;
      count[b]! += 1;
    }
  }
  let total = 0;
  let filled = 0;
  for (let i = 0; i < sum.length; i++) {
    if (count[i]! > 0) {
      sum[i] = sum[i]! / count[i]!;
      total += sum[i]!;
      filled++;
    }
  }
  const mean = filled ? total / filled : 0;
  const readings = new Float64Array(layout.components.length);
  layout.components.forEach((component, k) => {
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < component.length; i++) {
      if (count[i]! === 0) continue;
      dot += (sum[i]! - mean) * component[i]!;
      norm += component[i]! * component[i]!;
    }
    readings[k] = norm > 0 ? dot / norm : 0;
  });
  return readings;
}

/** The factor that keeps a mark's mean squared error within `maxMse` (rounding to integers adds about 1/12). */
function budgetScale(mark: Float32Array, maxMse: number): number {
  let energy = 0;
  for (let i = 0; i < mark.length; i++) energy += mark[i]! * mark[i]!;
  const budget = Math.max(0, maxMse - 1 / 12);
  return energy / mark.length > budget ? Math.sqrt((budget * mark.length) / energy) : 1;
}

/**
 * What one video's frames share while they are marked: the mark's gain as the detector reads it changes slowly with the
 * picture, so it is measured on every `GAIN_EVERY`-th frame only (measuring it costs a second detector pass).
 */
export interface EmbedContext {
  gain?: number;
  frames?: number;
}

const GAIN_EVERY = 8;

/**
 * Adds the payload tile to one luma plane in place, with a strength that follows local texture (7×7 standard
 * deviation) and is scaled down if the frame's error would exceed `maxMse`. With `cancelHost`, each bit's amplitude is
 * first corrected for how the picture itself reads on that bit (informed embedding). Returns the mean squared error made.
 */
export function embedLuma(luma: Uint8Array, width: number, height: number, layout: WatermarkLayout, tile: Float32Array, options: EmbedOptions = {}, context: EmbedContext = {}): number {
  const { baseStrength, textureGain, maxStrength, maxMse, cancelHost, maxCorrection } = { ...DEFAULT_EMBED, ...options };
  const pixels = width * height;
  const squares = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) squares[i] = luma[i]! * luma[i]!;
  const mean = boxMean(luma, width, height, 3);
  const meanSquares = boxMean(squares, width, height, 3);
  const strength = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const std = Math.sqrt(Math.max(0, meanSquares[i]! - mean[i]! * mean[i]!));
    strength[i] = Math.min(maxStrength, baseStrength + textureGain * std);
  }
  const size = layout.tile;
  const markWith = (pattern: Float32Array): Float32Array => {
    const mark = new Float32Array(pixels);
    for (let y = 0; y < height; y++) {
      const tileRow = (y % size) * size;
      for (let x = 0; x < width; x++) {
        const i = y * width + x;
        mark[i] = strength[i]! * pattern[tileRow + (x % size)]!;
      }
    }
    return mark;
  };
  let mark = markWith(tile);
  if (cancelHost > 0) {
    // How the detector reads the picture alone, and what the mark adds to that reading: each bit's gain.
    const host = bitReadings(luma, width, height, layout);
    const frame = context.frames ?? 0;
    context.frames = frame + 1;
    if (context.gain === undefined || frame % GAIN_EVERY === 0) {
      const marked = new Float32Array(pixels);
      for (let i = 0; i < pixels; i++) marked[i] = luma[i]! + mark[i]!;
      const withMark = bitReadings(marked, width, height, layout);
      let sum = 0;
      for (let k = 0; k < host.length; k++) sum += Math.abs(withMark[k]! - host[k]!);
      context.gain = sum / host.length;
    }
    const gain = context.gain;
    if (gain > 1e-6) {
      // Bit k's reading is the picture's pull h_k plus gain × its amplitude: subtracting h_k / gain from the bit's
      // amplitude (capped) cancels the pull. The error budget then scales the whole mark as before.
      const corrected = Float32Array.from(tile);
      layout.components.forEach((component, k) => {
        const delta = Math.max(-maxCorrection, Math.min(maxCorrection, (-cancelHost * host[k]!) / gain));
        if (delta === 0) return;
        for (let i = 0; i < corrected.length; i++) corrected[i]! += delta * component[i]!;
      });
      mark = markWith(corrected);
    }
  }
  const scale = budgetScale(mark, maxMse);
  let error = 0;
  for (let i = 0; i < pixels; i++) {
    const next = Math.min(255, Math.max(0, Math.round(luma[i]! + scale * mark[i]!)));
    error += (next - luma[i]!) ** 2;
    luma[i] = next;
  }
  return error / pixels;
}
