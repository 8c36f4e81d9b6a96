/** A span of timeline frames, [from, to). */
export interface FrameRange {
  from: number;
  to: number;
}

/** What besides the scroll position decides what a lane draws. */
export interface LaneLayout {
  zoom: number;
  width: number;
  /** A zoom gesture is under way (lanes draw overviews of the view). */
  zooming: boolean;
}

/**
 * How many lanes take a new range per frame: each frame that mounts clips pays a fixed cost (style, paint and
 * layerization of the whole timeline) besides its clips, so two lanes share a frame (measured with bench:timeline's
 * trace: less main-thread time in all than one lane a frame, and shorter frames than all six at once).
 */
export const LANES_PER_FRAME = 2;

const covers = (r: FrameRange, view: FrameRange) => r.from <= view.from && r.to >= view.to;
const same = (a: FrameRange, b: FrameRange) => a.from === b.from && a.to === b.to;

/**
 * The draw range each lane renders, by track id. The timeline's draw range steps every half view while scrolling, and
 * each step brings a half view of clips into it on every lane; mounted in one frame, that frame is long. So while only
 * scrolling, lanes take a new range a few per animation frame, as long as the clips they hold still cover the view (the
 * range reaches half a view past it on each side, so they do for a while). A lane that no longer covers the view, a
 * new lane, and any step that is not a plain scroll (zoom, resize, a zoom gesture) take the new range at once.
 *
 * The timeline asks for a `plan` as it renders (pure: what each lane draws now), `commit`s it once it is on screen,
 * and re-renders when a frame hands the next lane its range (`subscribe`/`version`, for useSyncExternalStore).
 */
export class LaneRanges {
  private held = new Map<string, FrameRange>();
  private layout: LaneLayout | null = null;
  private target: FrameRange | null = null;
  private pending: string[] = [];
  private frame = 0;
  private changes = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly schedule: (step: () => void) => number = (step) => requestAnimationFrame(step),
    private readonly cancel: (id: number) => void = (id) => cancelAnimationFrame(id),
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Bumped whenever a frame hands lanes their range. */
  readonly version = (): number => this.changes;

  /** What each lane of `trackIds` draws when the timeline's draw range is `target` and `view` is in sight. */
  plan(trackIds: readonly string[], target: FrameRange, view: FrameRange, layout: LaneLayout): Map<string, FrameRange> {
    const last = this.layout;
    const scrollOnly = last !== null && !layout.zooming && !last.zooming && last.zoom === layout.zoom && last.width === layout.width;
    const plan = new Map<string, FrameRange>();
    for (const id of trackIds) {
      const held = this.held.get(id);
      plan.set(id, held && scrollOnly && covers(held, view) ? held : target);
    }
    return plan;
  }

  /** The lanes now draw `plan`; those behind `target` take it over the next frames. */
  commit(plan: ReadonlyMap<string, FrameRange>, target: FrameRange, layout: LaneLayout): void {
    this.held = new Map(plan);
    this.layout = layout;
    this.target = target;
    this.pending = [...plan].filter(([, range]) => !same(range, target)).map(([id]) => id);
    if (this.pending.length > 0 && this.frame === 0) this.frame = this.schedule(this.step);
    if (this.pending.length === 0) this.stop();
  }

  /** Stops handing out ranges (the timeline unmounted). */
  dispose(): void {
    this.stop();
    this.pending = [];
  }

  private stop() {
    if (this.frame !== 0) this.cancel(this.frame);
    this.frame = 0;
  }

  private readonly step = () => {
    this.frame = 0;
    const due = this.pending.splice(0, LANES_PER_FRAME);
    if (due.length === 0 || this.target === null) return;
    for (const id of due) this.held.set(id, this.target);
    if (this.pending.length > 0) this.frame = this.schedule(this.step);
    this.changes++;
    for (const listener of this.listeners) listener();
  };
}
