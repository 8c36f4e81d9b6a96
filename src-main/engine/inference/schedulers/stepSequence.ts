/**
 * Enforces the calling contract shared by the schedulers: steps run once each, in order, on arrays of one size.
 * Checks happen before any state changes, so a rejected call leaves the scheduler usable.
 */
export class StepSequence {
  private next = 0;
  private size = -1;

  constructor(
    private readonly name: string,
    private readonly steps: number,
  ) {}

  /** Validates a call; returns the sample size. Call `advance()` once the step has succeeded. */
  check(velocity: Float32Array, stepIndex: number, sample: Float32Array): number {
    if (!Number.isInteger(stepIndex) || stepIndex < 0 || stepIndex >= this.steps) {
      throw new RangeError(
        `${this.name} scheduler: step index ${stepIndex} is out of range; this schedule has steps 0 to ${this.steps - 1}`,
      );
    }
    if (stepIndex !== this.next) {
      const expected =
        this.next >= this.steps ? `all ${this.steps} steps have run; create a new scheduler to sample again` : `expected step ${this.next}`;
      throw new Error(`${this.name} scheduler: step ${stepIndex} called out of order (${expected}); steps run once each, in order`);
    }
    if (sample.length === 0) throw new RangeError(`${this.name} scheduler: the sample is empty`);
    if (velocity.length !== sample.length) {
      throw new RangeError(
        `${this.name} scheduler: velocity has ${velocity.length} values but the sample has ${sample.length}; they must match`,
      );
    }
    if (this.size !== -1 && sample.length !== this.size) {
      throw new RangeError(
        `${this.name} scheduler: the sample has ${sample.length} values at step ${stepIndex} but had ${this.size} before`,
      );
    }
    return sample.length;
  }

  advance(size: number): void {
    this.size = size;
    this.next++;
  }
}
