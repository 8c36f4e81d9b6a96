import { describe, expect, it } from 'vitest';
import { createScheduler, type SchedulerKind } from './index.js';

const kinds: SchedulerKind[] = ['flow-unipc', 'flow-euler'];
const N = 1000;

function ramp(n: number, scale: number, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, (_, k) => scale * Math.cos(0.7 * k + offset));
}

/** A full run with fresh input arrays each step. */
function reference(kind: SchedulerKind, steps: number): Float32Array[] {
  const s = createScheduler({ kind, steps, shift: 3, numTrainTimesteps: N });
  let x = ramp(12, 1);
  const out = [];
  for (let i = 0; i < steps; i++) {
    x = s.step(ramp(12, 0.6, i), i, x);
    out.push(x);
  }
  return out;
}

describe('createScheduler', () => {
  it.each([0, -3, 2.5, Number.NaN])('rejects steps = %s', (steps) => {
    expect(() => createScheduler({ kind: 'flow-unipc', steps, shift: 5, numTrainTimesteps: N })).toThrow(
      `flow-unipc scheduler: steps must be a whole number of at least 1, got ${steps}`,
    );
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects shift = %s', (shift) => {
    expect(() => createScheduler({ kind: 'flow-euler', steps: 10, shift, numTrainTimesteps: N })).toThrow(
      `flow-euler scheduler: shift must be a finite number greater than 0 (1 means no shift), got ${shift}`,
    );
  });

  it.each([0, 1.5])('rejects numTrainTimesteps = %s', (numTrainTimesteps) => {
    expect(() => createScheduler({ kind: 'flow-euler', steps: 10, shift: 5, numTrainTimesteps })).toThrow(
      /numTrainTimesteps must be a whole number of at least 1/,
    );
  });

  it('rejects an unknown kind, naming the known ones', () => {
    const kind = 'ddim' as SchedulerKind;
    expect(() => createScheduler({ kind, steps: 10, shift: 5, numTrainTimesteps: N })).toThrow(
      "unknown scheduler kind 'ddim'; expected 'flow-unipc' or 'flow-euler'",
    );
  });
});

describe.each(kinds)('%s step contract', (kind) => {
  const make = (steps = 4) => createScheduler({ kind, steps, shift: 3, numTrainTimesteps: N });
  const x = ramp(12, 1);
  const v = ramp(12, 0.6);

  it.each([-1, 4, 1.5, Number.NaN])('rejects step index %s as out of range', (index) => {
    expect(() => make().step(v, index, x)).toThrow(`${kind} scheduler: step index ${index} is out of range; this schedule has steps 0 to 3`);
  });

  it('rejects a skipped step', () => {
    expect(() => make().step(v, 1, x)).toThrow(`${kind} scheduler: step 1 called out of order (expected step 0)`);
  });

  it('rejects a repeated step', () => {
    const s = make();
    const x1 = s.step(v, 0, x);
    expect(() => s.step(v, 0, x1)).toThrow(`${kind} scheduler: step 0 called out of order (expected step 1)`);
  });

  it('says to create a new scheduler once every step has run', () => {
    const s = make(1);
    s.step(v, 0, x);
    expect(() => s.step(v, 0, x)).toThrow(/all 1 steps have run; create a new scheduler to sample again/);
  });

  it('rejects a velocity of another size, an empty sample, and a sample that changes size', () => {
    expect(() => make().step(ramp(11, 1), 0, x)).toThrow(`${kind} scheduler: velocity has 11 values but the sample has 12; they must match`);
    expect(() => make().step(new Float32Array(0), 0, new Float32Array(0))).toThrow(`${kind} scheduler: the sample is empty`);
    const s = make();
    s.step(v, 0, x);
    expect(() => s.step(ramp(13, 1), 1, ramp(13, 1))).toThrow(`${kind} scheduler: the sample has 13 values at step 1 but had 12 before`);
  });

  it('stays usable after a rejected call', () => {
    const s = createScheduler({ kind, steps: 5, shift: 3, numTrainTimesteps: N });
    let sample = ramp(12, 1);
    const results = [];
    for (let i = 0; i < 5; i++) {
      expect(() => s.step(ramp(12, 0.6, i), i + 1, sample)).toThrow(/out of order|out of range/);
      expect(() => s.step(ramp(11, 0.6, i), i, sample)).toThrow(/must match/);
      sample = s.step(ramp(12, 0.6, i), i, sample);
      results.push(sample);
    }
    expect(results).toEqual(reference(kind, 5));
  });

  it('neither changes nor keeps its inputs, and returns a new array each step', () => {
    // The pipeline reuses one velocity buffer for every step.
    const s = createScheduler({ kind, steps: 5, shift: 3, numTrainTimesteps: N });
    const velocity = new Float32Array(12);
    let sample = ramp(12, 1);
    const results = [];
    for (let i = 0; i < 5; i++) {
      velocity.set(ramp(12, 0.6, i));
      const before = Float32Array.from(sample);
      const next = s.step(velocity, i, sample);
      expect(next).not.toBe(sample);
      expect(sample).toEqual(before);
      expect(velocity).toEqual(ramp(12, 0.6, i));
      velocity.fill(Number.NaN);
      sample.fill(Number.NaN);
      sample = Float32Array.from(next);
      results.push(next);
    }
    expect(results).toEqual(reference(kind, 5));
  });

  it('is not affected by a caller writing to the sigmas it exposes', () => {
    const s = createScheduler({ kind, steps: 5, shift: 3, numTrainTimesteps: N });
    s.sigmas.fill(0.5);
    let sample = ramp(12, 1);
    const results = [];
    for (let i = 0; i < 5; i++) {
      sample = s.step(ramp(12, 0.6, i), i, sample);
      results.push(sample);
    }
    expect(results).toEqual(reference(kind, 5));
  });
});
