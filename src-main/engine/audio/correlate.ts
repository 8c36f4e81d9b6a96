import { parabolicOffset } from './peaks.js';

/**
 * The offset between two event trains (what the picture does, what the sound does) by cross-correlation. Each train
 * is drawn at 1 kHz as Gaussian bumps (one per event, height from its strength, width from how precisely its kind of
 * event is timed: a video event is known to about a frame, an audio onset to a millisecond or two), and the two
 * curves are correlated over a bounded lag range. The best lag is refined between milliseconds with a parabola.
 *
 * Confidence combines three things, because each alone is fooled by something:
 *  - peak-to-sidelobe ratio (PSR): how far the peak stands above the correlation elsewhere, in standard deviations;
 *  - distinctness: how much higher it is than the best lag outside the peak (regular events, e.g. footsteps at a
 *    steady pace, line up at several lags and make the answer ambiguous);
 *  - support: how many events actually line up at that lag (one event on each side always "lines up" perfectly), and
 *    what share of the sparser train that is.
 */

export interface TimedEvent {
  /** Seconds on a shared clock (video time). */
  seconds: number;
  /** 0..1, relative to the strongest event of its train. */
  strength: number;
}

export interface AlignOptions {
  /** Largest offset looked for, either way. */
  maxLagMs: number;
  /** Timing spread of a video event (about half a frame). */
  videoSigmaMs: number;
  /** Timing spread of an audio onset. */
  audioSigmaMs: number;
}

export interface Alignment {
  /** Audio events happen this much after the video events they match (negative: before). Sub-millisecond. */
  lagMs: number;
  /** Peak-to-sidelobe ratio of the correlation. */
  psr: number;
  /** Best correlation outside the peak, relative to the peak (0..1). */
  secondPeakRatio: number;
  /** Video events paired one-to-one with an audio event within the match window at `lagMs`. */
  matched: number;
  /** 0..1. */
  confidence: number;
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
/** PSR below this is what chance alignments of a few events give; above the upper bound the peak is unmistakable. */
const PSR_CHANCE = 3;
const PSR_CERTAIN = 9;
/** Chance alignments of random events leave a second-best lag within ~15% of the best; a true one stands ≥ 40% clear. */
const DISTINCT_CLEAR = 0.4;

function weight(event: TimedEvent): number {
  // Weak events still count: a soft bounce is as well timed as a hard one.
  return 0.5 + 0.5 * clamp01(event.strength);
}

function drawTrain(events: readonly TimedEvent[], originMs: number, length: number, sigmaMs: number): Float32Array {
  const curve = new Float32Array(length);
  const reach = Math.ceil(4 * sigmaMs);
  for (const event of events) {
    const centre = event.seconds * 1000 - originMs;
    const w = weight(event);
    for (let i = Math.max(0, Math.floor(centre - reach)); i <= Math.min(length - 1, Math.ceil(centre + reach)); i++) {
      const x = (i - centre) / sigmaMs;
      curve[i]! += w * Math.exp(-0.5 * x * x);
    }
  }
  return curve;
}

/** Correlation c[k] = Σ_t video[t] · audio[t + lag], lag = k − maxLag ms. Visits only the non-zero part of the video curve. */
function crossCorrelate(video: Float32Array, audio: Float32Array, maxLag: number): Float64Array {
  const out = new Float64Array(2 * maxLag + 1);
  for (let t = 0; t < video.length; t++) {
    const v = video[t]!;
    if (v < 1e-6) continue;
    const lo = Math.max(-maxLag, -t);
    const hi = Math.min(maxLag, audio.length - 1 - t);
    for (let lag = lo; lag <= hi; lag++) out[lag + maxLag]! += v * audio[t + lag]!;
  }
  return out;
}

export function alignEvents(video: readonly TimedEvent[], audio: readonly TimedEvent[], options: AlignOptions): Alignment | null {
  if (video.length === 0 || audio.length === 0) return null;
  const maxLag = Math.round(options.maxLagMs);
  const sigma = Math.hypot(options.videoSigmaMs, options.audioSigmaMs);
  const all = [...video, ...audio].map((e) => e.seconds * 1000);
  const margin = maxLag + Math.ceil(5 * Math.max(options.videoSigmaMs, options.audioSigmaMs));
  const originMs = Math.floor(Math.min(...all)) - margin;
  const length = Math.ceil(Math.max(...all)) + margin - originMs + 1;
  const correlation = crossCorrelate(drawTrain(video, originMs, length, options.videoSigmaMs), drawTrain(audio, originMs, length, options.audioSigmaMs), maxLag);

  let best = 0;
  for (let k = 1; k < correlation.length; k++) if (correlation[k]! > correlation[best]!) best = k;
  const peak = correlation[best]!;
  if (!(peak > 0)) return null;
  const refined = best > 0 && best < correlation.length - 1 ? parabolicOffset(correlation[best - 1]!, peak, correlation[best + 1]!) : 0;
  const lagMs = best + refined - maxLag;

  // Sidelobes: everything further from the peak than the width of a matched pair's correlation bump.
  const exclusion = Math.max(60, Math.ceil(3 * sigma));
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  let second = 0;
  for (let k = 0; k < correlation.length; k++) {
    if (Math.abs(k - best) <= exclusion) continue;
    const c = correlation[k]!;
    sum += c;
    sumSquares += c * c;
    count += 1;
    second = Math.max(second, c);
  }
  const mean = count ? sum / count : 0;
  const std = count ? Math.sqrt(Math.max(0, sumSquares / count - mean * mean)) : 0;
  const psr = std > 1e-9 * peak ? (peak - mean) / std : 1e3;
  const secondPeakRatio = second / peak;

  const window = Math.max(2 * sigma, 25) / 1000;
  // One-to-one: an onset can answer one visual event only.
  const used = new Set<number>();
  let matched = 0;
  for (const v of video) {
    let bestIndex = -1;
    let bestDistance = window;
    audio.forEach((a, i) => {
      const distance = Math.abs(a.seconds - v.seconds - lagMs / 1000);
      if (!used.has(i) && distance <= bestDistance) [bestIndex, bestDistance] = [i, distance];
    });
    if (bestIndex >= 0) {
      used.add(bestIndex);
      matched += 1;
    }
  }

  const coverage = matched / Math.min(video.length, audio.length);
  const confidence =
    clamp01((psr - PSR_CHANCE) / (PSR_CERTAIN - PSR_CHANCE)) * clamp01((1 - secondPeakRatio) / DISTINCT_CLEAR) * clamp01((matched - 1) / 3) * clamp01(coverage);
  return { lagMs, psr, secondPeakRatio, matched, confidence };
}
