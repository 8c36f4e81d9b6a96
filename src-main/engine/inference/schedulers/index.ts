import { FlowEulerScheduler } from './flowEuler.js';
import { FlowUniPCScheduler } from './flowUniPC.js';
import type { FlowScheduler, FlowSchedulerOptions } from './types.js';

export type { FlowScheduler, FlowSchedulerOptions, SchedulerKind } from './types.js';

/** Creates a flow-matching scheduler with Wan 2.1's schedule and update rule for `kind`. */
export function createScheduler(opts: FlowSchedulerOptions): FlowScheduler {
  const { kind, steps, shift, numTrainTimesteps } = opts;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`${kind} scheduler: steps must be a whole number of at least 1, got ${steps}`);
  }
  if (!Number.isFinite(shift) || shift <= 0) {
    throw new RangeError(`${kind} scheduler: shift must be a finite number greater than 0 (1 means no shift), got ${shift}`);
  }
  if (!Number.isInteger(numTrainTimesteps) || numTrainTimesteps < 1) {
    throw new RangeError(`${kind} scheduler: numTrainTimesteps must be a whole number of at least 1, got ${numTrainTimesteps}`);
  }
  switch (kind) {
    case 'flow-unipc':
      if (numTrainTimesteps < 2) {
        // Its largest sigma is 1 − 1/numTrainTimesteps.
        throw new RangeError(`flow-unipc scheduler: numTrainTimesteps must be at least 2, got ${numTrainTimesteps}`);
      }
      return new FlowUniPCScheduler(steps, shift, numTrainTimesteps);
    case 'flow-euler':
      return new FlowEulerScheduler(steps, shift, numTrainTimesteps);
    default:
      throw new RangeError(`unknown scheduler kind '${String(kind satisfies never)}'; expected 'flow-unipc' or 'flow-euler'`);
  }
}
