import { describe, expect, it } from 'vitest';
import { gaussianNoise } from './random.js';

describe('gaussianNoise', () => {
  it('is identical for the same seed and different for another', () => {
    expect(gaussianNoise(7, 1001)).toEqual(gaussianNoise(7, 1001));
    expect(gaussianNoise(7, 16)).not.toEqual(gaussianNoise(8, 16));
  });

  it('has zero mean and unit variance', () => {
    const n = gaussianNoise(123, 200_000);
    let sum = 0;
    let sq = 0;
    for (const v of n) {
      sum += v;
      sq += v * v;
    }
    const mean = sum / n.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(sq / n.length - mean * mean - 1)).toBeLessThan(0.02);
  });

  it('pins the first values so a change of generator is noticed (it would change every seed users saved)', () => {
    expect(Array.from(gaussianNoise(7, 3)).map((v) => v.toFixed(5))).toMatchSnapshot();
  });
});
