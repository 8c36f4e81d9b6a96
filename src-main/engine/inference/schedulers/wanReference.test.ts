import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createScheduler } from './index.js';

/**
 * Golden trajectories recorded by running Wan 2.1's published schedulers (see __fixtures__/README.md). The loop
 * here is the same closed loop the generator ran: a fixed fake denoiser whose velocity depends on the step index
 * and on the current sample, so any error in the multistep history shows up in later samples.
 */
const goldenCase = z.object({
  kind: z.enum(['flow-unipc', 'flow-euler']),
  steps: z.number().int().positive(),
  shift: z.number().positive(),
  numTrainTimesteps: z.number().int().positive(),
  precision: z.enum(['float64', 'float32']),
  sigmas: z.array(z.number()),
  timesteps: z.array(z.number()),
  samples: z.array(z.array(z.number())),
});
const golden = z
  .object({
    initialSample: z.string(),
    velocity: z.string(),
    cases: z.array(goldenCase).min(1),
  })
  .parse(JSON.parse(readFileSync(new URL('./__fixtures__/wan21-flow-golden.json', import.meta.url), 'utf8')));

const SAMPLE_SIZE = 32;
const TOLERANCE = 1e-6;

/** x[k] = float32(sin(1.7k + 0.3) + 0.5·cos(0.37k² + 1.1)), as in the generator. */
function initialSample(): Float32Array {
  const x = new Float32Array(SAMPLE_SIZE);
  for (let k = 0; k < SAMPLE_SIZE; k++) x[k] = Math.sin(1.7 * k + 0.3) + 0.5 * Math.cos(0.37 * k * k + 1.1);
  return x;
}

/** v_i[k] = float32(0.9·x[k] − 0.6·cos(0.7k + 0.45i) + 0.15·sin(2·x[k])), as in the generator. */
function fakeVelocity(i: number, x: Float32Array): Float32Array {
  const v = new Float32Array(x.length);
  for (let k = 0; k < x.length; k++) v[k] = 0.9 * x[k]! - 0.6 * Math.cos(0.7 * k + 0.45 * i) + 0.15 * Math.sin(2 * x[k]!);
  return v;
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k]! - b[k]!));
  return max;
}

function sample(kind: 'flow-unipc' | 'flow-euler', steps: number, shift: number, numTrainTimesteps: number) {
  const scheduler = createScheduler({ kind, steps, shift, numTrainTimesteps });
  let x = initialSample();
  const samples = [x];
  for (let i = 0; i < steps; i++) {
    x = scheduler.step(fakeVelocity(i, x), i, x);
    samples.push(x);
  }
  return { scheduler, samples };
}

function findCase(kind: string, steps: number, shift: number, precision = 'float64') {
  const found = golden.cases.find((c) => c.kind === kind && c.steps === steps && c.shift === shift && c.precision === precision);
  if (!found) throw new Error(`golden fixture has no ${kind} case with ${steps} steps, shift ${shift}, ${precision}`);
  return found;
}

describe("Wan 2.1's published flow-matching schedulers", () => {
  it('start from the same deterministic sample as the generator', () => {
    for (const c of golden.cases) expect(Array.from(initialSample())).toEqual(c.samples[0]);
  });

  describe.each(golden.cases.map((c) => [`${c.kind}, ${c.steps} steps, shift ${c.shift}, ${c.precision} reference`, c] as const))(
    '%s',
    (_name, c) => {
      let run: ReturnType<typeof sample> | undefined;
      const ours = () => (run ??= sample(c.kind, c.steps, c.shift, c.numTrainTimesteps));

      it('has the same float32 sigmas, ending in 0', () => {
        const { scheduler } = ours();
        expect(Array.from(scheduler.sigmas)).toEqual(c.sigmas);
        expect(scheduler.sigmas.length).toBe(c.steps + 1);
        expect(scheduler.sigmas[c.steps]).toBe(0);
      });

      it('has the same timesteps', () => {
        const { scheduler } = ours();
        expect(Array.from(scheduler.timesteps)).toEqual(c.timesteps);
      });

      // The float32 reference is Wan's own arithmetic; it sits about 5e-7 from the float64 one.
      it(`matches every intermediate sample to ${TOLERANCE}`, () => {
        const { samples } = ours();
        expect(samples.length).toBe(c.samples.length);
        samples.forEach((s, i) => {
          const error = maxAbsDifference(s, c.samples[i]!);
          expect(error, i === 0 ? "initial sample" : `sample after step ${i - 1}`).toBeLessThan(TOLERANCE);
        });
      });
    },
  );

  it('can tell the solvers apart: the UniPC and Euler references differ by far more than the tolerance', () => {
    const uniPC = findCase('flow-unipc', 50, 5);
    const euler = findCase('flow-euler', 50, 5);
    expect(maxAbsDifference(uniPC.samples[50]!, euler.samples[50]!)).toBeGreaterThan(1000 * TOLERANCE);
  });
});
