import { pickPeaks } from './peaks.js';

/**
 * Visual events from small gray frames: impacts show as a sharp change in the direction of motion (a bounce, a hit
 * that stops or throws something) or as a burst of change between two frames (a flash, a splash, a slam). Both are
 * measured on frame differences:
 *  - difference energy D(j): mean |luma(j) − luma(j−1)|, the amount of change between frames j−1 and j;
 *  - motion centroid m(j): where that change is (weighted by it), which follows a moving object;
 *  - direction change a(j): how far the centroid's acceleration (m(j+1) − 2m(j) + m(j−1)) departs from the local
 *    median acceleration — the jump in velocity that steady forces such as gravity do not explain.
 * A difference j describes the interval between frames j−1 and j, so its events are placed at (j − ½) / fps: an impact
 * somewhere in that interval is then found without bias on average.
 */

export interface VisualEvent {
  /** Seconds from the first frame. */
  seconds: number;
  /** Relative to the strongest event of the same kind (0..1]. */
  strength: number;
  kind: 'direction-change' | 'flash';
}

export interface VisualAnalysis {
  fps: number;
  frameCount: number;
  /** D(j) for j = 1..frameCount−1 (index 0 is 0): mean absolute luma change, 0..255. */
  differenceEnergy: Float32Array;
  /** a(j), in pixels of the analysis frame per frame²; 0 where the centroid is undefined. */
  directionChange: Float32Array;
  events: VisualEvent[];
}

/** Luma differences below this are compression noise, not motion. */
const NOISE_LEVEL = 8;
/** Less than this share of changed pixels is too little motion to place a centroid. */
const MIN_CHANGED_SHARE = 0.0005;

export class VisualEventDetector {
  private previous: Uint8Array | null = null;
  private readonly energy: number[] = [0];
  private readonly centroids: ({ x: number; y: number } | null)[] = [null];

  constructor(
    readonly width: number,
    readonly height: number,
    readonly fps: number,
  ) {
    if (!(fps > 0)) throw new RangeError(`fps must be positive, got ${fps}`);
  }

  push(luma: Uint8Array): void {
    if (luma.length !== this.width * this.height) throw new RangeError(`a ${this.width}x${this.height} luma frame is ${this.width * this.height} bytes, got ${luma.length}`);
    const previous = this.previous;
    this.previous = Uint8Array.from(luma);
    if (!previous) return;
    let sum = 0;
    let mass = 0;
    let mx = 0;
    let my = 0;
    let changed = 0;
    for (let y = 0, i = 0; y < this.height; y++) {
      for (let x = 0; x < this.width; x++, i++) {
        const d = Math.abs(luma[i]! - previous[i]!);
        sum += d;
        if (d > NOISE_LEVEL) {
          const w = d - NOISE_LEVEL;
          mass += w;
          mx += w * x;
          my += w * y;
          changed += 1;
        }
      }
    }
    this.energy.push(sum / luma.length);
    this.centroids.push(changed >= Math.max(1, MIN_CHANGED_SHARE * luma.length) ? { x: mx / mass, y: my / mass } : null);
  }

  finish(): VisualAnalysis {
    const n = this.energy.length;
    const differenceEnergy = Float32Array.from(this.energy);
    // Second differences of the centroid (its acceleration, in px/frame²), then their deviation from the local median
    // acceleration: steady forces (gravity on a thrown or falling thing, a camera's smooth pan) accelerate the same
    // way frame after frame and cancel; an impact does not. At low frame rates gravity alone bends a fall by pixels
    // per frame, as much as a soft bounce, which the magnitude alone could not tell apart.
    const accel: ({ x: number; y: number } | null)[] = new Array(n).fill(null);
    for (let j = 2; j < n - 1; j++) {
      const [a, b, c] = [this.centroids[j - 1], this.centroids[j], this.centroids[j + 1]];
      if (a && b && c) accel[j] = { x: c.x - 2 * b.x + a.x, y: c.y - 2 * b.y + a.y };
    }
    const half = Math.max(2, Math.round(this.fps / 2));
    const median = (values: number[]) => {
      values.sort((p, q) => p - q);
      const mid = values.length >> 1;
      return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
    };
    const directionChange = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      const here = accel[j];
      if (!here) continue;
      const around = accel.slice(Math.max(0, j - half), j + half + 1).filter((v): v is { x: number; y: number } => v !== null);
      directionChange[j] = Math.hypot(here.x - median(around.map((v) => v.x)), here.y - median(around.map((v) => v.y)));
    }
    const second = Math.max(1, Math.round(this.fps));
    // A turn spreads over two differences when it falls near a frame, so its peak is refined between them; a flash is
    // one-sided (sharp start, slow fade), which would pull a refinement late, so it keeps its difference's place.
    const toEvents = (curve: Float32Array, floor: number, kind: VisualEvent['kind'], refine: boolean): VisualEvent[] => {
      const peaks = pickPeaks(curve, { radius: 2, meanRadius: second, ratio: 1.5, floor, baseline: 'median' });
      const strongest = peaks.reduce((max, p) => Math.max(max, p.value), 0);
      return peaks.map((p) => ({ seconds: ((refine ? p.position : p.index) - 0.5) / this.fps, strength: p.value / strongest, kind }));
    };
    // The analysis frame is ~64 px wide; the centroid of a small moving object jitters by a few tenths of a pixel.
    const turns = toEvents(directionChange, 0.5, 'direction-change', true);
    const flashes = toEvents(differenceEnergy, 2, 'flash', false);
    // A bounce also changes the difference energy; one impact is one event, the direction change wins.
    const events = [...turns, ...flashes.filter((f) => !turns.some((t) => Math.abs(t.seconds - f.seconds) <= 1.5 / this.fps))];
    events.sort((p, q) => p.seconds - q.seconds);
    return { fps: this.fps, frameCount: n, differenceEnergy, directionChange, events };
  }
}
