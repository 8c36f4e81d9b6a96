/** Snapping: edges of other clips, the playhead and markers pull a dragged frame when within a few pixels. */

export interface SnapResult {
  frame: number;
  /** The frame it snapped to, or null when nothing was close enough. */
  target: number | null;
}

/** Sorted, de-duplicated targets. */
export function snapTargets(parts: { clips?: readonly { startFrame: number; durationFrames: number }[]; playhead?: number | null; markers?: readonly number[] }): number[] {
  const set = new Set<number>();
  for (const clip of parts.clips ?? []) {
    set.add(clip.startFrame);
    set.add(clip.startFrame + clip.durationFrames);
  }
  if (parts.playhead !== undefined && parts.playhead !== null) set.add(parts.playhead);
  for (const m of parts.markers ?? []) set.add(m);
  return [...set].sort((a, b) => a - b);
}

/** The target nearest to `frame` within `threshold` frames (ties go to the earlier target). */
export function snapFrame(frame: number, targets: readonly number[], threshold: number): SnapResult {
  if (targets.length === 0 || threshold < 0) return { frame, target: null };
  // Binary search for the first target ≥ frame, then compare it with its predecessor.
  let lo = 0;
  let hi = targets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (targets[mid]! < frame) lo = mid + 1;
    else hi = mid;
  }
  let best: number | null = null;
  for (const candidate of [targets[lo - 1], targets[lo]]) {
    if (candidate === undefined) continue;
    const distance = Math.abs(candidate - frame);
    if (distance <= threshold && (best === null || distance < Math.abs(best - frame))) best = candidate;
  }
  return best === null ? { frame, target: null } : { frame: best, target: best };
}

/**
 * Snaps a moving span [start, start + duration): whichever edge lands closer to a target wins. Returns the snapped
 * start.
 */
export function snapSpan(start: number, duration: number, targets: readonly number[], threshold: number): SnapResult {
  const head = snapFrame(start, targets, threshold);
  const tail = snapFrame(start + duration, targets, threshold);
  const headDistance = head.target === null ? Infinity : Math.abs(head.target - start);
  const tailDistance = tail.target === null ? Infinity : Math.abs(tail.target - (start + duration));
  if (headDistance === Infinity && tailDistance === Infinity) return { frame: start, target: null };
  return headDistance <= tailDistance ? { frame: head.frame, target: head.target } : { frame: tail.frame - duration, target: tail.target };
}
