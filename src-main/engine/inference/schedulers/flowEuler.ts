import { eulerSchedule } from './schedule.js';
import { StepSequence } from './stepSequence.js';
import type { FlowScheduler } from './types.js';

/** First-order flow-matching Euler: x_{i+1} = x_i + (σ_{i+1} − σ_i) · v_i. */
export class FlowEulerScheduler implements FlowScheduler {
  readonly kind = 'flow-euler' as const;
  readonly sigmas: Float64Array;
  readonly timesteps: Float64Array;
  /** Private copy, so a caller writing to `sigmas` cannot change the integration. */
  private readonly sigma: Float64Array;
  private readonly sequence: StepSequence;

  constructor(steps: number, shift: number, numTrainTimesteps: number) {
    const schedule = eulerSchedule(steps, shift, numTrainTimesteps);
    this.sigmas = schedule.sigmas;
    this.timesteps = schedule.timesteps;
    this.sigma = schedule.sigmas.slice();
    this.sequence = new StepSequence('flow-euler', steps);
  }

  step(velocity: Float32Array, stepIndex: number, sample: Float32Array): Float32Array {
    const n = this.sequence.check(velocity, stepIndex, sample);
    const dt = this.sigma[stepIndex + 1]! - this.sigma[stepIndex]!;
    const out = new Float32Array(n);
    for (let k = 0; k < n; k++) out[k] = sample[k]! + dt * velocity[k]!;
    this.sequence.advance(n);
    return out;
  }
}
