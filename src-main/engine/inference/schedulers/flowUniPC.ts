import { uniPCSchedule } from './schedule.js';
import { StepSequence } from './stepSequence.js';
import type { FlowScheduler } from './types.js';

const SOLVER_ORDER = 2;

/** An update x_to = onStart·x + onNew·x0_new + onLast·x0_last + onOlder·x0_older, for one step of the solver. */
interface UpdateWeights {
  onStart: number;
  onNew: number;
  onLast: number;
  onOlder: number;
}

/**
 * Wan 2.1's FlowUniPCMultistepScheduler with the settings Wan samples with: solver order 2, data (x0) prediction,
 * B(h) = e^h − 1 ("bh2"), first order on the final step, and the corrector on every step after the first.
 *
 * Flow matching has x_σ = (1 − σ)·x0 + σ·noise, so α = 1 − σ and λ = log(α / σ) is the log signal-to-noise ratio.
 * Step i:
 *  1. turns the velocity into a data prediction x0_i = x_i − σ_i·v_i, from the sample the model saw;
 *  2. UniC: redoes step i − 1 from the sample that step started from, now also using x0_i (the corrector);
 *  3. UniP: steps from σ_i to σ_{i+1} with x0_i and x0_{i−1} (the predictor).
 * Coefficients are float64; samples and the x0 history are float32, as in Wan.
 */
export class FlowUniPCScheduler implements FlowScheduler {
  readonly kind = 'flow-unipc' as const;
  readonly sigmas: Float64Array;
  readonly timesteps: Float64Array;
  /** Private copy, so a caller writing to `sigmas` cannot change the integration. */
  private readonly sigma: Float64Array;
  /** λ_i = log(1 − σ_i) − log(σ_i); +∞ at the final σ = 0. */
  private readonly lambda: Float64Array;
  private readonly steps: number;
  private readonly sequence: StepSequence;

  // History, allocated on the first step and reused: three x0 buffers rotate, so no step allocates but its result.
  private x0Last = new Float32Array(0); // x0 of the previous step
  private x0Older = new Float32Array(0); // x0 of the step before that
  private x0Spare = new Float32Array(0); // receives this step's x0
  /** The sample the previous predictor started from (Wan's `last_sample`), corrected in place. */
  private stepStart = new Float32Array(0);
  /** Order of the previous predictor; the corrector redoes that step at the same order. */
  private lastOrder = 0;

  constructor(steps: number, shift: number, numTrainTimesteps: number) {
    const schedule = uniPCSchedule(steps, shift, numTrainTimesteps);
    assertUsableSigmas(schedule.sigmas, steps, shift);
    this.sigmas = schedule.sigmas;
    this.timesteps = schedule.timesteps;
    this.sigma = schedule.sigmas.slice();
    this.lambda = this.sigma.map((s) => Math.log(1 - s) - Math.log(s));
    this.steps = steps;
    this.sequence = new StepSequence('flow-unipc', steps);
  }

  step(velocity: Float32Array, stepIndex: number, sample: Float32Array): Float32Array {
    const n = this.sequence.check(velocity, stepIndex, sample);
    const i = stepIndex;
    if (i === 0) {
      this.x0Last = new Float32Array(n);
      this.x0Older = new Float32Array(n);
      this.x0Spare = new Float32Array(n);
      this.stepStart = new Float32Array(n);
    }
    const order = this.predictorOrder(i);
    const corrector = i > 0 ? this.correctorWeights(i, this.lastOrder) : null;
    const predictor = this.predictorWeights(i, order);

    const sigma = this.sigma[i]!;
    const x0New = this.x0Spare;
    const x0Last = this.x0Last;
    const x0Older = this.x0Older;
    const start = this.stepStart;
    const out = new Float32Array(n);
    const { onStart: pStart, onNew: pNew, onLast: pLast } = predictor;
    if (corrector === null) {
      for (let k = 0; k < n; k++) {
        const x = sample[k]!;
        const x0 = x - sigma * velocity[k]!;
        x0New[k] = x0;
        start[k] = x;
        out[k] = pStart * x + pNew * x0;
      }
    } else {
      const { onStart: cStart, onNew: cNew, onLast: cLast, onOlder: cOlder } = corrector;
      for (let k = 0; k < n; k++) {
        const x0 = sample[k]! - sigma * velocity[k]!;
        x0New[k] = x0;
        const corrected = cStart * start[k]! + cNew * x0 + cLast * x0Last[k]! + cOlder * x0Older[k]!;
        start[k] = corrected;
        // After this step x0 becomes the "last" prediction and the current "last" the "older" one.
        out[k] = pStart * corrected + pNew * x0 + pLast * x0Last[k]!;
      }
    }

    this.x0Spare = x0Older;
    this.x0Older = x0Last;
    this.x0Last = x0New;
    this.lastOrder = order;
    this.sequence.advance(n);
    return out;
  }

  /** Warm-up (first order until there is history) and `lower_order_final` (first order on the last step). */
  private predictorOrder(i: number): number {
    return Math.min(SOLVER_ORDER, this.steps - i, i + 1);
  }

  /**
   * UniP from σ_i to σ_{i+1}. Order 2 uses Wan's simplified ρ = ½ on the divided difference D1 = (x0_{i−1} − x0_i)/r.
   * On the last step σ_{i+1} = 0, so λ = +∞ and e^{−h} − 1 = −1: the result is exactly x0_i.
   */
  private predictorWeights(i: number, order: number): UpdateWeights {
    const sigmaTo = this.sigma[i + 1]!;
    const alpha = 1 - sigmaTo;
    const h = this.lambda[i + 1]! - this.lambda[i]!;
    const hPhi1 = Math.expm1(-h);
    const bH = hPhi1; // bh2: B(h) = e^{−h} − 1, the same quantity
    const weights: UpdateWeights = { onStart: sigmaTo / this.sigma[i]!, onNew: -alpha * hPhi1, onLast: 0, onOlder: 0 };
    if (order === 2) {
      const r = (this.lambda[i - 1]! - this.lambda[i]!) / h;
      const c = (alpha * bH * 0.5) / r;
      weights.onNew += c;
      weights.onLast = -c;
    }
    return weights;
  }

  /**
   * UniC: redo the step σ_{i−1} → σ_i from the sample it started from, with x0_i as the new point. First order uses
   * ρ = ½; second order solves Wan's 2×2 system R·ρ = b with R = [[1, 1], [r, 1]].
   */
  private correctorWeights(i: number, order: number): UpdateWeights {
    const sigmaTo = this.sigma[i]!;
    const alpha = 1 - sigmaTo;
    const h = this.lambda[i]! - this.lambda[i - 1]!;
    const hh = -h;
    const hPhi1 = Math.expm1(hh);
    const bH = hPhi1;
    const onStart = sigmaTo / this.sigma[i - 1]!;
    if (order === 1) {
      return { onStart, onNew: -alpha * bH * 0.5, onLast: -alpha * hPhi1 + alpha * bH * 0.5, onOlder: 0 };
    }
    const r = (this.lambda[i - 2]! - this.lambda[i - 1]!) / h;
    // b_k = k!·h·φ_{k+1}(h) / B(h), by the recursion Wan uses: φ ← φ/hh − 1/k!
    const hPhi2 = hPhi1 / hh - 1;
    const hPhi3 = hPhi2 / hh - 0.5;
    const b1 = hPhi2 / bH;
    const b2 = (2 * hPhi3) / bH;
    const rhoOlder = (b1 - b2) / (1 - r);
    const rhoNew = b1 - rhoOlder;
    return {
      onStart,
      onNew: -alpha * bH * rhoNew,
      onLast: -alpha * hPhi1 + alpha * bH * (rhoOlder / r + rhoNew),
      onOlder: (-alpha * bH * rhoOlder) / r,
    };
  }
}

/** UniPC works in log-SNR, so every sigma before the last must lie strictly inside (0, 1) and strictly decrease. */
function assertUsableSigmas(sigmas: Float64Array, steps: number, shift: number): void {
  for (let i = 0; i < steps; i++) {
    const s = sigmas[i]!;
    if (!(s > 0 && s < 1) || !(s > sigmas[i + 1]!)) {
      throw new RangeError(
        `flow-unipc scheduler: with steps=${steps} and shift=${shift}, sigma ${i} is ${s} in float32 ` +
          `(next ${sigmas[i + 1]}); UniPC needs 0 < sigma < 1, strictly decreasing — use a smaller shift or fewer steps`,
      );
    }
  }
}
