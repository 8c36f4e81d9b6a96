import { describe, expect, it } from 'vitest';
import { createScheduler } from './index.js';

describe('flow-euler scheduler', () => {
  it("uses Wan's get_sampling_sigmas: linspace(1, 0) shifted, float timesteps σ·N, final sigma 0", () => {
    const s = createScheduler({ kind: 'flow-euler', steps: 50, shift: 5, numTrainTimesteps: 1000 });
    expect(s.sigmas.length).toBe(51);
    expect(s.sigmas[0]).toBe(1);
    expect(s.timesteps[0]).toBe(1000);
    expect(s.sigmas[50]).toBe(0);
    for (let i = 0; i < 50; i++) {
      const base = 1 - i / 50;
      expect(s.sigmas[i]).toBeCloseTo((5 * base) / (1 + 4 * base), 7);
      expect(s.timesteps[i]).toBe(Math.fround(s.sigmas[i]! * 1000));
    }
    expect(s.timesteps[1]).toBeCloseTo(995.9349, 4);
  });

  it('steps x + (σ_{i+1} − σ_i)·v', () => {
    const s = createScheduler({ kind: 'flow-euler', steps: 3, shift: 2, numTrainTimesteps: 1000 });
    let x: Float32Array = Float32Array.from([0.5, -1, 2]);
    for (let i = 0; i < 3; i++) {
      const v = Float32Array.from([1 + i, -0.5, 0.25 * i]);
      const next = s.step(v, i, x);
      const dt = s.sigmas[i + 1]! - s.sigmas[i]!;
      expect(Array.from(next)).toEqual(Array.from(x, (value, k) => Math.fround(value + dt * v[k]!)));
      x = next;
    }
  });

  it('with shift 1 and one step, goes from sigma 1 to 0 in one move: x − v', () => {
    const s = createScheduler({ kind: 'flow-euler', steps: 1, shift: 1, numTrainTimesteps: 1000 });
    expect(Array.from(s.sigmas)).toEqual([1, 0]);
    expect(Array.from(s.timesteps)).toEqual([1000]);
    expect(Array.from(s.step(Float32Array.from([0.25, 2]), 0, Float32Array.from([1, 1])))).toEqual([0.75, -1]);
  });

  it('with shift 1, spaces sigmas evenly', () => {
    const s = createScheduler({ kind: 'flow-euler', steps: 4, shift: 1, numTrainTimesteps: 1000 });
    expect(Array.from(s.sigmas)).toEqual([1, 0.75, 0.5, 0.25, 0]);
    expect(Array.from(s.timesteps)).toEqual([1000, 750, 500, 250]);
  });
});
