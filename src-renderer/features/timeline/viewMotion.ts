/**
 * Whether the timeline's view is moving: a scroll or zoom step within the last VIEW_SETTLE_MS. Work a clip can put
 * off — creating its wavesurfer waveform costs a few milliseconds, plus a layer to composite on every frame — waits
 * until the view rests, so it never lands in the frames of a scroll. Module state rather than React state: nothing
 * re-renders when the view starts or stops moving.
 */
export const VIEW_SETTLE_MS = 150;

let lastMove = -Infinity;
let timer: ReturnType<typeof setTimeout> | undefined;
const waiting = new Set<() => void>();

/** Called by the timeline on every scroll or zoom step. One timer runs at a time, however many steps there are. */
export function viewMoved(): void {
  lastMove = performance.now();
  timer ??= setTimeout(settle, VIEW_SETTLE_MS);
}

function settle() {
  const left = lastMove + VIEW_SETTLE_MS - performance.now();
  if (left > 0) {
    timer = setTimeout(settle, left);
    return;
  }
  timer = undefined;
  const due = [...waiting];
  waiting.clear();
  for (const run of due) run();
}

export const viewMoving = (): boolean => timer !== undefined;

/** Runs `run` now when the view rests, else once it does; returns a cancel for an unmount before then. */
export function whenViewRests(run: () => void): () => void {
  if (!viewMoving()) {
    run();
    return () => undefined;
  }
  // A wrapper per call, so the same function waiting twice is two entries and each cancel removes its own.
  const entry = () => run();
  waiting.add(entry);
  return () => waiting.delete(entry);
}
