/** Layout of the timeline, in CSS pixels. */
export const HEADER_WIDTH = 132;
export const RULER_HEIGHT = 26;
export const MARKER_LANE_HEIGHT = 20;
export const TRACK_HEIGHT = { video: 52, cameo: 40, audio: 36, marker: 20 } as const;
/** Pixels within which an edge, the playhead or a marker pulls a dragged frame. */
export const SNAP_PIXELS = 8;
/** Pixels at a clip's ends that trim instead of move. */
export const EDGE_PIXELS = 6;

interface Span {
  startFrame: number;
  durationFrames: number;
}

/**
 * The clips of one track (sorted by start) that overlap [fromFrame, toFrame). Binary search from `fromFrame -
 * longest`, so the cost is O(log n + visible) — what keeps 500 clips smooth.
 */
export function visibleSpans<C extends Span>(sorted: readonly C[], fromFrame: number, toFrame: number, longest: number): C[] {
  let lo = 0;
  let hi = sorted.length;
  const earliest = fromFrame - longest;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.startFrame < earliest) lo = mid + 1;
    else hi = mid;
  }
  const out: C[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const c = sorted[i]!;
    if (c.startFrame >= toFrame) break;
    if (c.startFrame + c.durationFrames > fromFrame) out.push(c);
  }
  return out;
}

export const longestSpan = (spans: readonly Span[]) => spans.reduce((m, s) => Math.max(m, s.durationFrames), 0);
