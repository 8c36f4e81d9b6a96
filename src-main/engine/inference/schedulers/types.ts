export type SchedulerKind = 'flow-unipc' | 'flow-euler';

export interface FlowSchedulerOptions {
  kind: SchedulerKind;
  /** Number of denoiser evaluations, ≥ 1. */
  steps: number;
  /** Timestep shift applied to every sigma: σ' = shift·σ / (1 + (shift − 1)·σ); > 0, 1 means no shift. */
  shift: number;
  /** The denoiser's training timestep count (1000 for Wan); scales sigmas to the timesteps the model sees. */
  numTrainTimesteps: number;
}

/**
 * A flow-matching sampler over a fixed sigma schedule, going from noise (σ ≈ 1) to a clean sample (σ = 0).
 * `step` must be called once per step, in order 0 … steps − 1; the multistep solver keeps history between calls.
 */
export interface FlowScheduler {
  readonly kind: SchedulerKind;
  /** steps + 1 entries, float32-valued as in Wan, strictly decreasing, last = 0. Do not mutate. */
  readonly sigmas: Float64Array;
  /** steps entries: the timestep to give the denoiser at each step (sigma × numTrainTimesteps, as Wan). */
  readonly timesteps: Float64Array;
  /**
   * Advances the sample from sigmas[stepIndex] to sigmas[stepIndex + 1], given the model's velocity prediction at
   * that step. Reads `velocity` and `sample` without keeping them; returns a new array.
   */
  step(velocity: Float32Array, stepIndex: number, sample: Float32Array): Float32Array;
}
