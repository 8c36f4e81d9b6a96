import { describe, expect, it } from 'vitest';
import { Fft } from './fft.js';

function naiveDft(re: Float64Array, im: Float64Array): [Float64Array, Float64Array] {
  const n = re.length;
  const outRe = new Float64Array(n);
  const outIm = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      const angle = (-2 * Math.PI * k * t) / n;
      outRe[k]! += re[t]! * Math.cos(angle) - im[t]! * Math.sin(angle);
      outIm[k]! += re[t]! * Math.sin(angle) + im[t]! * Math.cos(angle);
    }
  }
  return [outRe, outIm];
}

describe('Fft', () => {
  it('matches the direct DFT on random complex input', () => {
    for (const n of [2, 8, 64, 256]) {
      let seed = n;
      const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
      const re = Float64Array.from({ length: n }, rand);
      const im = Float64Array.from({ length: n }, rand);
      const [wantRe, wantIm] = naiveDft(re, im);
      new Fft(n).transform(re, im);
      for (let k = 0; k < n; k++) {
        expect(re[k]).toBeCloseTo(wantRe[k]!, 9);
        expect(im[k]).toBeCloseTo(wantIm[k]!, 9);
      }
    }
  });

  it('puts a cosine in its bin with half the amplitude times N', () => {
    const n = 128;
    const re = Float64Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * 5 * t) / n));
    const im = new Float64Array(n);
    new Fft(n).transform(re, im);
    expect(re[5]).toBeCloseTo(n / 2, 9);
    expect(re[n - 5]).toBeCloseTo(n / 2, 9);
    expect(Math.hypot(re[6]!, im[6]!)).toBeLessThan(1e-9);
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => new Fft(48)).toThrow(/power of two/);
  });
});
