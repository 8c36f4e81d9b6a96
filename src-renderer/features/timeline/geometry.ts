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

/** Clips narrower than this on average are drawn as one canvas per lane instead of an element each (level of detail). */
export const OVERVIEW_MEAN_PIXELS = 28;

/** Whether a lane's clips in the draw range are, on average, too narrow at `zoom` to be worth an element each. */
export function prefersOverview(spans: readonly Span[], zoom: number): boolean {
  if (spans.length === 0) return false;
  const total = spans.reduce((sum, s) => sum + s.durationFrames, 0);
  return (total / spans.length) * zoom < OVERVIEW_MEAN_PIXELS;
}

export interface OverviewBar {
  id: string;
  /** CSS pixels from the left of the drawn range. */
  x: number;
  width: number;
}

/**
 * Where each clip goes on a lane's overview canvas that starts at frame `from`: at least one pixel wide, with a
 * one-pixel gap before the next clip once clips are wide enough to spare it, so neighbours stay apart.
 */
export function overviewBars<C extends Span & { id: string }>(spans: readonly C[], from: number, zoom: number, startOf: (c: C) => number = (c) => c.startFrame): OverviewBar[] {
  return spans.map((c) => {
    const x = (startOf(c) - from) * zoom;
    const width = c.durationFrames * zoom;
    return { id: c.id, x, width: Math.max(1, width >= 4 ? width - 1 : width) };
  });
}

/**
 * The clip under frame `frame` among a track's clips (sorted by start), or the nearest one within `toleranceFrames`
 * when the frame falls in a gap (a sliver of a clip is hard to hit); null when none is that close.
 */
export function clipNearFrame<C extends Span & { id: string }>(sorted: readonly C[], frame: number, toleranceFrames: number): C | null {
  let best: C | null = null;
  let bestDistance = Infinity;
  for (const c of sorted) {
    if (c.startFrame - toleranceFrames > frame) break;
    const end = c.startFrame + c.durationFrames;
    if (frame >= c.startFrame && frame < end) return c;
    const distance = frame < c.startFrame ? c.startFrame - frame : frame - end;
    if (distance < bestDistance && distance <= toleranceFrames) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}
