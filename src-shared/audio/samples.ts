/**
 * Frame ↔ sample math. Frames are integers at the project fps; samples are integers at the mix rate. At 48 kHz every
 * common integer fps (24, 25, 30, 48, 50, 60) divides the rate, so frame boundaries fall exactly on samples; for the
 * others (e.g. 7 fps) a boundary rounds to the nearest sample, half up, computed in integers so it never drifts.
 */

function checkRate(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}

/** The first sample of frame `frame` (frame boundary → sample index). */
export function frameToSample(frame: number, fps: number, sampleRate: number): number {
  checkRate('fps', fps);
  checkRate('sampleRate', sampleRate);
  if (!Number.isInteger(frame)) throw new RangeError(`frame must be an integer, got ${frame}`);
  const sign = frame < 0 ? -1 : 1;
  const n = Math.abs(frame) * sampleRate;
  return sign * Math.floor((2 * n + fps) / (2 * fps));
}

/** Samples in `ms` whole milliseconds, rounded to the nearest sample (exact at 48 kHz: 48 per ms). */
export function msToSamples(ms: number, sampleRate: number): number {
  checkRate('sampleRate', sampleRate);
  if (!Number.isInteger(ms)) throw new RangeError(`milliseconds must be an integer, got ${ms}`);
  const sign = ms < 0 ? -1 : 1;
  return sign * Math.floor((2 * Math.abs(ms) * sampleRate + 1000) / 2000);
}

/** Seconds → frames, rounded to the nearest frame (for offsets; timeline positions use floor). */
export function msToNearestFrame(ms: number, fps: number): number {
  checkRate('fps', fps);
  return Math.round((ms * fps) / 1000);
}
