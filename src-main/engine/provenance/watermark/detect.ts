import { fft2d } from './fft.js';
import { PAYLOAD_BITS, decodeSoft, type WatermarkPayload } from './payload.js';
import type { WatermarkLayout } from './pattern.js';
import { QUIET_LEVEL, RESIDUAL_CLIP, weightedResidual } from './residual.js';

export interface DetectorOptions {
  /**
   * Sizes, relative to the marked original, at which to look for the mark. A downscaled copy is found at its own
   * scale (0.5 for a half-size copy); crops need no entry, since the tile search covers any offset.
   */
  scales?: readonly number[];
  /**
   * When a clip counts as marked: its score reaches a tier's threshold and a payload within that tier's flips passes the
   * CRC (default ACCEPTANCE_TIERS; see the provenance README for how they were set).
   */
  tiers?: readonly AcceptanceTier[];
  /** Luma RMS of the local residual above which a pixel's weight falls off (default QUIET_LEVEL). */
  quietLevel?: number;
  /** Clip of the weighted residual (default RESIDUAL_CLIP). */
  residualClip?: number;
}

export const DEFAULT_SCALES: readonly number[] = [1, 0.75, 2 / 3, 0.5];

/** A payload that needed flips among the `maxFlips` least reliable bits counts only at a score of `threshold` or more. */
export interface AcceptanceTier {
  maxFlips: number;
  threshold: number;
}

/**
 * A false positive needs an unmarked clip to score ≥ T *and* one of the 2^F candidate payloads read there to pass the
 * 16-bit CRC (probability ≈ 2^F / 2¹⁶). Unmarked clips' best scores follow a Gumbel law (a maximum over many offsets);
 * fitted to bench:watermark's null set (see the provenance README), P(score ≥ T) × 2^F / 2¹⁶ is about 10⁻⁵ per clip for
 * each tier: more flips repair more bit errors in weakly marked clips, so they need a score that chance reaches less
 * often. F stops at 10: a marked clip whose errors lie beyond the flips can pass the CRC with a wrong payload (chance
 * about 2^F / 2¹⁶: 1/64 at 10; at 12 the bench measured such wrong payloads), and a wrong install id is worse than none.
 * Ordered by threshold; the tiers nest, so the highest one a score reaches decides.
 */
export const ACCEPTANCE_TIERS: readonly AcceptanceTier[] = [
  { maxFlips: 8, threshold: 8 },
  { maxFlips: 10, threshold: 10 },
];
/** The lowest score at which a clip can count as marked. */
export const DEFAULT_THRESHOLD = ACCEPTANCE_TIERS[0]!.threshold;
export interface WatermarkVerdict {
  found: boolean;
  /** The decoded payload when found. */
  payload: WatermarkPayload | null;
  /** Detection score: how far the best alignment's correlation energy stands above chance, in standard deviations. */
  score: number;
  /** The score the verdict was held to: the tier that accepted the payload, else the lowest tier's. */
  threshold: number;
  /** The scale and tile offset of the best alignment. */
  scale: number;
  offset: { x: number; y: number };
  /** Whether the bits read at the best alignment pass the CRC (within the flips of the highest tier the score reaches, else the lowest tier's), whatever the score. */
  crcPassed: boolean;
  /** Bits the CRC-guided decoder had to flip (0 = all bits read correctly). */
  flippedBits: number;
  /** Mean |z| of the payload bits at the best alignment: how clearly each bit was read. */
  bitConfidence: number;
  frames: number;
}

interface ScaleAccumulator {
  scale: number;
  radius: number;
  sum: Float64Array;
  count: Float64Array;
}

const spectrumCache = new WeakMap<WatermarkLayout, Array<{ re: Float64Array; im: Float64Array }>>();

function componentSpectra(layout: WatermarkLayout): Array<{ re: Float64Array; im: Float64Array }> {
  let spectra = spectrumCache.get(layout);
  if (!spectra) {
    spectra = layout.components.map((component) => {
      const re = Float64Array.from(component);
      const im = new Float64Array(re.length);
      fft2d(re, im, layout.tile);
      return { re, im };
    });
    spectrumCache.set(layout, spectra);
  }
  return spectra;
}

/** Median by quickselect; reorders `values`. */
function median(values: Float64Array): number {
  const k = values.length >> 1;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/**
 * Accumulates luma frames folded onto the watermark tile at each candidate scale, then finds the best alignment
 * (scale × cyclic offset) by FFT cross-correlation with every bit's component, reads the bits there, and checks the CRC.
 */
export class WatermarkDetector {
  private readonly accumulators: ScaleAccumulator[];
  private readonly tiers: readonly AcceptanceTier[];
  private readonly quietLevel: number;
  private readonly residualClip: number;
  private frames = 0;

  constructor(
    private readonly layout: WatermarkLayout,
    options: DetectorOptions = {},
  ) {
    const size = layout.tile * layout.tile;
    this.accumulators = (options.scales ?? DEFAULT_SCALES).map((scale) => ({
      scale,
      // High-pass: removes picture content at scales larger than the mark's cells.
      radius: Math.max(1, Math.round(layout.cell * scale)),
      sum: new Float64Array(size),
      count: new Float64Array(size),
    }));
    this.tiers = [...(options.tiers ?? ACCEPTANCE_TIERS)].sort((a, b) => a.threshold - b.threshold);
    if (!this.tiers.length) throw new RangeError('watermark detector: at least one acceptance tier is needed');
    this.quietLevel = options.quietLevel ?? QUIET_LEVEL;
    this.residualClip = options.residualClip ?? RESIDUAL_CLIP;
  }

  addLuma(luma: Uint8Array, width: number, height: number): void {
    const tile = this.layout.tile;
    const residuals = new Map<number, Float32Array>();
    for (const acc of this.accumulators) {
      let residual = residuals.get(acc.radius);
      if (!residual) {
        residual = weightedResidual(luma, width, height, acc.radius, this.quietLevel, this.residualClip);
        residuals.set(acc.radius, residual);
      }
      // Pixel centre → position in the original's tile at this scale.
      const bin = (p: number) => ((Math.round((p + 0.5) / acc.scale - 0.5) % tile) + tile) % tile;
      const columns = Int32Array.from({ length: width }, (_, x) => bin(x));
      for (let y = 0; y < height; y++) {
        const rowBase = bin(y) * tile;
        const row = y * width;
        for (let x = 0; x < width; x++) {
          const b = rowBase + columns[x]!;
          acc.sum[b]! += residual[row + x]!;
          acc.count[b]! += 1;
        }
      }
    }
    this.frames++;
  }

  verdict(): WatermarkVerdict {
    const { tile } = this.layout;
    const size = tile * tile;
    const spectra = componentSpectra(this.layout);
    let best = { score: -Infinity, scale: 1, shift: 0, z: new Float64Array(PAYLOAD_BITS) };
    for (const acc of this.accumulators) {
      const folded = new Float64Array(size);
      let total = 0;
      let filled = 0;
      for (let i = 0; i < size; i++) {
        if (acc.count[i]! > 0) {
          folded[i] = acc.sum[i]! / acc.count[i]!;
          total += folded[i]!;
          filled++;
        }
      }
      if (filled === 0) continue;
      const mean = total / filled;
      for (let i = 0; i < size; i++) if (acc.count[i]! > 0) folded[i] = folded[i]! - mean;
      const fRe = folded;
      const fIm = new Float64Array(size);
      fft2d(fRe, fIm, tile);
      const energy = new Float64Array(size);
      const zAt: Float64Array[] = [];
      const squares = new Float64Array(size);
      // corr_k(d) = Σᵤ W_k(u)·F(u+d) = IFFT(conj(FFT W_k) · FFT F). Both correlations are real, so two components share
      // one inverse transform: component a in the real part, component b in the imaginary part.
      for (let k = 0; k < spectra.length; k += 2) {
        const a = spectra[k]!;
        const b = spectra[k + 1] ?? null;
        const re = new Float64Array(size);
        const im = new Float64Array(size);
        for (let i = 0; i < size; i++) {
          const aRe = a.re[i]! * fRe[i]! + a.im[i]! * fIm[i]!;
          const aIm = a.re[i]! * fIm[i]! - a.im[i]! * fRe[i]!;
          const bRe = b ? b.re[i]! * fRe[i]! + b.im[i]! * fIm[i]! : 0;
          const bIm = b ? b.re[i]! * fIm[i]! - b.im[i]! * fRe[i]! : 0;
          re[i] = aRe - bIm;
          im[i] = aIm + bRe;
        }
        fft2d(re, im, tile, true);
        for (const corr of b ? [re, im] : [re]) {
          // The median of corr² over all offsets estimates its spread by chance (a Gaussian's median of x² is 0.4549σ²).
          for (let i = 0; i < size; i++) squares[i] = corr[i]! * corr[i]!;
          const sigma = Math.sqrt(median(squares) / 0.4549) || 1;
          for (let i = 0; i < size; i++) {
            corr[i] = corr[i]! / sigma;
            energy[i]! += corr[i]! * corr[i]!;
          }
          zAt.push(corr);
        }
      }
      for (let shift = 0; shift < size; shift++) {
        // Σ z² over the bits is χ² with PAYLOAD_BITS degrees of freedom by chance; standardise it.
        const score = (energy[shift]! - PAYLOAD_BITS) / Math.sqrt(2 * PAYLOAD_BITS);
        if (score > best.score) best = { score, scale: acc.scale, shift, z: Float64Array.from(zAt, (z) => z[shift]!) };
      }
    }
    const tier = this.tiers.findLast((candidate) => best.score >= candidate.threshold) ?? this.tiers[0]!;
    const decoded = best.score > -Infinity ? decodeSoft(best.z, tier.maxFlips) : null;
    const found = decoded !== null && best.score >= tier.threshold;
    return {
      found,
      payload: found ? decoded.payload : null,
      score: Number.isFinite(best.score) ? best.score : 0,
      threshold: tier.threshold,
      scale: best.scale,
      offset: { x: best.shift % tile, y: Math.floor(best.shift / tile) },
      crcPassed: decoded !== null,
      flippedBits: decoded?.flipped ?? 0,
      bitConfidence: best.z.reduce((sum, value) => sum + Math.abs(value), 0) / PAYLOAD_BITS,
      frames: this.frames,
    };
  }
}
