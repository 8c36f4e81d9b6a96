/** Layout of the timeline, in CSS pixels. */
export const HEADER_WIDTH = 132;
export const RULER_HEIGHT = 26;
export const MARKER_LANE_HEIGHT = 20;
export const TRACK_HEIGHT = { video: 52, cameo: 40, audio: 56, marker: 20 } as const;
/** Pixels within which an edge, the playhead or a marker pulls a dragged frame. */
export const SNAP_PIXELS = 8;

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

/**
 * The frame range to draw: the view plus half a view on the left and more on the right, snapped to half-view steps.
 * Scrolling inside a step changes nothing React renders (lanes move by a CSS variable), so most scroll frames cost
 * only a compositor transform.
 */
export function drawRange(scrollX: number, zoom: number, width: number): { from: number; to: number } {
  const view = Math.max(1, width / zoom);
  const chunk = Math.max(1, Math.ceil(view / 2));
  const from = Math.max(0, (Math.floor(scrollX / zoom / chunk) - 1) * chunk);
  return { from, to: from + 5 * chunk };
}
