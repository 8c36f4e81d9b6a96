/**
 * A value at normalised time t from keyframes: held before the first and after the last, mixed between the two around
 * t (`mix` gets the fraction of the way from one to the next). Keyframes may come in any order.
 */
export function sampleKeyframes<K extends { t: number }, V>(keys: readonly K[], t: number, value: (k: K) => V, mix: (a: K, b: K, u: number) => V, none: string): V {
  const sorted = [...keys].sort((a, b) => a.t - b.t);
  const first = sorted[0];
  if (!first) throw new Error(none);
  if (t <= first.t) return value(first);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (t <= b.t) return mix(a, b, b.t === a.t ? 1 : (t - a.t) / (b.t - a.t));
  }
  return value(sorted[sorted.length - 1]!);
}

export const lerp = (a: number, b: number, u: number) => a + (b - a) * u;
