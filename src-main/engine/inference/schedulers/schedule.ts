/**
 * Wan 2.1's sigma schedules, reproduced operation for operation (the same float64 arithmetic numpy does, then the
 * same float32 rounding) so that sigmas and timesteps are bit-identical to the reference.
 */

export interface SigmaSchedule {
  /** steps + 1 float32-valued sigmas, the last one 0. */
  sigmas: Float64Array;
  /** steps timesteps for the denoiser. */
  timesteps: Float64Array;
}

/** `numpy.linspace(start, stop, count + 1)[:count]`: numpy computes `i * step + start` with `step = (stop − start) / count`. */
function linspaceWithoutEnd(start: number, stop: number, count: number): Float64Array {
  const step = (stop - start) / count;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = i * step + start;
  return out;
}

function shiftSigma(sigma: number, shift: number): number {
  return (shift * sigma) / (1 + (shift - 1) * sigma);
}

/**
 * FlowUniPCMultistepScheduler(num_train_timesteps=N, shift=1).set_timesteps(steps, shift=shift).
 * The training schedule tops out at σ_max = 1 − 1/N (stored as float32), not 1, and ends at σ_min = 0; the
 * inference sigmas are `linspace(σ_max, 0, steps + 1)[:-1]`, shifted in float64. Timesteps are taken from the
 * float64 shifted sigmas and truncated to integers (Wan casts them to int64); sigmas are rounded to float32.
 */
export function uniPCSchedule(steps: number, shift: number, numTrainTimesteps: number): SigmaSchedule {
  const sigmaMax = Math.fround(1 - 1 / numTrainTimesteps);
  const base = linspaceWithoutEnd(sigmaMax, 0, steps);
  const sigmas = new Float64Array(steps + 1);
  const timesteps = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const shifted = shiftSigma(base[i]!, shift);
    timesteps[i] = Math.trunc(shifted * numTrainTimesteps);
    sigmas[i] = Math.fround(shifted);
  }
  sigmas[steps] = 0;
  return { sigmas, timesteps };
}

/**
 * Wan's `get_sampling_sigmas(steps, shift)` (`linspace(1, 0, steps + 1)[:steps]`, shifted) fed to a flow-matching
 * Euler scheduler: sigmas become float32 and timesteps are float32(σ) × N in float32, not truncated.
 */
export function eulerSchedule(steps: number, shift: number, numTrainTimesteps: number): SigmaSchedule {
  const base = linspaceWithoutEnd(1, 0, steps);
  const sigmas = new Float64Array(steps + 1);
  const timesteps = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const sigma = Math.fround(shiftSigma(base[i]!, shift));
    sigmas[i] = sigma;
    timesteps[i] = Math.fround(sigma * numTrainTimesteps);
  }
  sigmas[steps] = 0;
  return { sigmas, timesteps };
}
