import { MAX_OFFSET_MS, type AudioClip } from './state.js';

/**
 * Where an audio clip starts, in milliseconds, and moving it: whole frames live in `startFrame`, the sub-frame rest in
 * `offsetMs`, which stays well inside its ±1000 ms range.
 */

function checkFps(fps: number): void {
  if (!Number.isInteger(fps) || fps < 1) throw new RangeError(`fps must be a positive integer, got ${fps}`);
}

/** Timeline time of the clip's first sample, in ms (may be fractional at fps that don't divide 1000). */
export function clipStartMs(clip: Pick<AudioClip, 'startFrame' | 'offsetMs'>, fps: number): number {
  checkFps(fps);
  return (clip.startFrame * 1000) / fps + clip.offsetMs;
}

/** The placement (startFrame, offsetMs) nearest to `ms` on the timeline; never before 0. */
export function placementAtMs(ms: number, fps: number): Pick<AudioClip, 'startFrame' | 'offsetMs'> {
  checkFps(fps);
  if (!Number.isFinite(ms)) throw new RangeError(`time must be a finite number of ms, got ${ms}`);
  const target = Math.max(0, ms);
  const startFrame = Math.round((target * fps) / 1000);
  const offsetMs = Math.round(target - (startFrame * 1000) / fps) + 0;
  return { startFrame, offsetMs: Math.max(-MAX_OFFSET_MS, Math.min(MAX_OFFSET_MS, offsetMs)) };
}

/** The fine offset carries into whole frames only past this, so a run of 1 ms nudges stays exact. */
const CARRY_MS = 500;

/**
 * Moves a clip by whole frames and/or milliseconds (nudge: ±1 frame, alt: ±1 ms). Milliseconds add to `offsetMs`
 * exactly (100 nudges of +1 ms are +100 ms, and back); only past ±500 ms do whole frames carry into `startFrame`.
 */
export function nudgeClip<C extends Pick<AudioClip, 'startFrame' | 'offsetMs'>>(clip: C, by: { frames?: number; ms?: number }, fps: number): C {
  checkFps(fps);
  const frames = by.frames ?? 0;
  const ms = by.ms ?? 0;
  if (!Number.isInteger(frames) || !Number.isInteger(ms)) throw new RangeError('nudge by whole frames and whole milliseconds');
  let startFrame = clip.startFrame + frames;
  let offsetMs = clip.offsetMs + ms;
  if (Math.abs(offsetMs) > CARRY_MS) {
    const carry = Math.round((offsetMs * fps) / 1000);
    startFrame += carry;
    offsetMs = Math.round(offsetMs - (carry * 1000) / fps) + 0;
  }
  // Nothing starts before the timeline does.
  if (startFrame < 0 || (startFrame === 0 && offsetMs < 0)) return { ...clip, startFrame: 0, offsetMs: 0 };
  return { ...clip, startFrame, offsetMs };
}

/**
 * Applies an auto-sync result: the sound was `offsetMs` late (AutoSyncResult.offsetMs), so the clip moves earlier by
 * that much, to the nearest millisecond.
 */
export function applySyncOffset<C extends Pick<AudioClip, 'startFrame' | 'offsetMs'>>(clip: C, offsetMs: number, fps: number): C {
  return { ...clip, ...placementAtMs(clipStartMs(clip, fps) - offsetMs, fps) };
}
