import { describe, expect, it } from 'vitest';
import { createScheduler } from './index.js';

function ramp(n: number, scale: number, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, (_, k) => scale * Math.sin(0.9 * k + offset));
}

describe('flow-unipc scheduler', () => {
  it("uses Wan's schedule: σ_max = 1 − 1/N, shifted, integer timesteps, final sigma 0", () => {
    const s = createScheduler({ kind: 'flow-unipc', steps: 50, shift: 5, numTrainTimesteps: 1000 });
    const unshifted = createScheduler({ kind: 'flow-unipc', steps: 50, shift: 1, numTrainTimesteps: 1000 });
    expect(s.sigmas.length).toBe(51);
    expect(s.timesteps.length).toBe(50);
    expect(unshifted.sigmas[0]).toBe(Math.fround(0.999));
    expect(unshifted.sigmas[25]).toBeCloseTo(0.4995, 7);
    expect(s.sigmas[50]).toBe(0);
    for (let i = 0; i < 50; i++) {
      const base = unshifted.sigmas[i]!;
      expect(s.sigmas[i]).toBeCloseTo((5 * base) / (1 + 4 * base), 6);
      expect(s.sigmas[i]).toBeGreaterThan(s.sigmas[i + 1]!);
      expect(Number.isInteger(s.timesteps[i])).toBe(true);
      expect(s.sigmas[i]! * 1000 - s.timesteps[i]!).toBeGreaterThanOrEqual(-1e-3);
      expect(s.sigmas[i]! * 1000 - s.timesteps[i]!).toBeLessThan(1);
    }
    expect(Array.from(s.timesteps.subarray(0, 3))).toEqual([999, 995, 991]);
  });

  it('takes an Euler step first: first order UniP in x0 form is x + (σ₁ − σ₀)·v', () => {
    const s = createScheduler({ kind: 'flow-unipc', steps: 10, shift: 3, numTrainTimesteps: 1000 });
    const x = ramp(16, 1.2);
    const v = ramp(16, 0.7, 1);
    const out = s.step(v, 0, x);
    const dt = s.sigmas[1]! - s.sigmas[0]!;
    out.forEach((value, k) => expect(value).toBeCloseTo(x[k]! + dt * v[k]!, 6));
  });

  it('returns the denoised prediction x − σ·v on the final step (first order down to sigma 0)', () => {
    const steps = 6;
    const s = createScheduler({ kind: 'flow-unipc', steps, shift: 5, numTrainTimesteps: 1000 });
    let x = ramp(16, 1);
    for (let i = 0; i < steps - 1; i++) x = s.step(ramp(16, 0.5, i), i, x);
    const v = ramp(16, 0.5, steps);
    const out = s.step(v, steps - 1, x);
    const sigma = s.sigmas[steps - 1]!;
    expect(Array.from(out)).toEqual(Array.from(x, (value, k) => Math.fround(value - sigma * v[k]!)));
  });

  it('with one step, is a single x0 prediction from the first sigma', () => {
    const s = createScheduler({ kind: 'flow-unipc', steps: 1, shift: 5, numTrainTimesteps: 1000 });
    expect(s.sigmas.length).toBe(2);
    expect(s.sigmas[1]).toBe(0);
    expect(Array.from(s.timesteps)).toEqual([999]);
    const x = ramp(8, 1);
    const v = ramp(8, 0.4, 2);
    expect(Array.from(s.step(v, 0, x))).toEqual(Array.from(x, (value, k) => Math.fround(value - s.sigmas[0]! * v[k]!)));
  });

  it('with shift 1, spaces sigmas evenly from 1 − 1/N down to 0', () => {
    const s = createScheduler({ kind: 'flow-unipc', steps: 4, shift: 1, numTrainTimesteps: 1000 });
    expect(Array.from(s.sigmas)).toEqual([0.999, 0.74925, 0.4995, 0.24975, 0].map(Math.fround));
    expect(Array.from(s.timesteps)).toEqual([999, 749, 499, 249]);
  });

  it('is far more accurate than Euler on a smooth flow, and converges as steps grow', () => {
    // dx/dσ = c·x has the exact solution x(0) = x(σ₀)·e^{−c·σ₀}.
    const c = 0.9;
    const error = (kind: 'flow-unipc' | 'flow-euler', steps: number) => {
      const s = createScheduler({ kind, steps, shift: 1, numTrainTimesteps: 1000 });
      let x: Float32Array = new Float32Array([1]);
      for (let i = 0; i < steps; i++) x = s.step(new Float32Array([c * x[0]!]), i, x);
      return Math.abs(x[0]! - Math.exp(-c * s.sigmas[0]!));
    };
    expect(error('flow-unipc', 20)).toBeLessThan(error('flow-euler', 20) / 10);
    expect(error('flow-unipc', 40)).toBeLessThan(error('flow-unipc', 20) / 2);
  });

  it('refuses a shift that pushes the first sigma to 1 in float32, where log-SNR is infinite', () => {
    expect(() => createScheduler({ kind: 'flow-unipc', steps: 50, shift: 1e9, numTrainTimesteps: 1000 })).toThrow(
      /flow-unipc scheduler: with steps=50 and shift=1000000000, sigma 0 is 1 in float32.*use a smaller shift/,
    );
  });

  it('needs at least 2 training timesteps (its largest sigma is 1 − 1/N)', () => {
    expect(() => createScheduler({ kind: 'flow-unipc', steps: 4, shift: 1, numTrainTimesteps: 1 })).toThrow(
      /numTrainTimesteps must be at least 2, got 1/,
    );
  });
});
