/**
 * Peak picking on an event-strength curve (audio onset strength, visual motion novelty) with an adaptive threshold: a
 * point is an event when it is the largest within `radius` samples and exceeds `ratio` × the curve's local level over
 * ±`meanRadius` plus an absolute `floor`. The local level follows slow changes (a loud passage, a busy shot); the
 * floor keeps noise in near-silence or a still picture from counting. The level is the mean (cheap, for long 1 kHz
 * curves) or the median (robust when events are dense, for short per-frame curves).
 */
export interface PeakPickOptions {
  radius: number;
  meanRadius: number;
  ratio: number;
  floor: number;
  baseline?: 'mean' | 'median';
}

function localMedian(curve: ArrayLike<number>, lo: number, hi: number): number {
  const values = Array.prototype.slice.call(curve, lo, hi) as number[];
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

export interface PickedPeak {
  index: number;
  /** Sub-sample position from a parabola through the peak and its neighbours. */
  position: number;
  value: number;
}

export function parabolicOffset(left: number, centre: number, right: number): number {
  const denominator = left - 2 * centre + right;
  if (denominator >= 0) return 0;
  return Math.max(-0.5, Math.min(0.5, (0.5 * (left - right)) / denominator));
}

export function pickPeaks(curve: ArrayLike<number>, options: PeakPickOptions): PickedPeak[] {
  const n = curve.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + curve[i]!;
  const peaks: PickedPeak[] = [];
  for (let i = 0; i < n; i++) {
    const value = curve[i]!;
    if (!(value > options.floor)) continue;
    const lo = Math.max(0, i - options.meanRadius);
    const hi = Math.min(n, i + options.meanRadius + 1);
    const level = options.baseline === 'median' ? localMedian(curve, lo, hi) : (prefix[hi]! - prefix[lo]!) / (hi - lo);
    if (value < options.ratio * level + options.floor) continue;
    let isMax = true;
    for (let j = Math.max(0, i - options.radius); j <= Math.min(n - 1, i + options.radius) && isMax; j++) {
      // Ties go to the earliest sample, so a flat top gives one peak.
      if (curve[j]! > value || (curve[j]! === value && j < i)) isMax = false;
    }
    if (!isMax) continue;
    const offset = i > 0 && i < n - 1 ? parabolicOffset(curve[i - 1]!, value, curve[i + 1]!) : 0;
    peaks.push({ index: i, position: i + offset, value });
  }
  return peaks;
}
