import { describe, expect, it } from 'vitest';
import { LANES_PER_FRAME, LaneRanges, type FrameRange, type LaneLayout } from './laneRanges';

const ids = ['v1', 'v2', 'c1', 'a1', 'a2', 'a3'];
const layout: LaneLayout = { zoom: 4, width: 800, zooming: false };

/** A LaneRanges whose animation frames are run by hand, and a timeline that plans, commits and re-renders with it. */
function timeline() {
  const frames = new Map<number, () => void>();
  let next = 1;
  const ranges = new LaneRanges(
    (step) => {
      frames.set(next, step);
      return next++;
    },
    (id) => frames.delete(id),
  );
  let last: { target: FrameRange; view: FrameRange; layout: LaneLayout; trackIds: string[] } | null = null;
  let drawn = new Map<string, FrameRange>();
  /** One render of the timeline: plan what each lane draws, then commit it. */
  const render = (target: FrameRange, view: FrameRange, at: LaneLayout = layout, trackIds = ids) => {
    last = { target, view, layout: at, trackIds };
    drawn = ranges.plan(trackIds, target, view, at);
    ranges.commit(drawn, target, at);
    return trackIds.map((id) => drawn.get(id));
  };
  // A lane handed its range re-renders the timeline (useSyncExternalStore) with the same scroll position.
  ranges.subscribe(() => last && render(last.target, last.view, last.layout, last.trackIds));
  const frame = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const step of due) step();
    return ids.map((id) => drawn.get(id));
  };
  return { ranges, render, frame, pendingFrames: () => frames.size };
}

describe('lane ranges', () => {
  it('while scrolling, lanes take a new draw range a few per frame while their clips still cover the view', () => {
    const { render, frame, pendingFrames } = timeline();
    const first = { from: 0, to: 500 };
    expect(render(first, { from: 100, to: 300 })).toEqual(ids.map(() => first));
    expect(pendingFrames()).toBe(0);

    // The range steps by 100 frames; the view (200–400) is still inside what every lane holds.
    const next = { from: 100, to: 600 };
    expect(render(next, { from: 200, to: 400 })).toEqual(ids.map(() => first));
    expect(LANES_PER_FRAME).toBe(2);
    expect(frame()).toEqual([next, next, first, first, first, first]);
    expect(frame()).toEqual([next, next, next, next, first, first]);
    expect(frame()).toEqual(ids.map(() => next));
    expect(pendingFrames()).toBe(0);
  });

  it('a lane whose clips no longer cover the view takes the range at once', () => {
    const { render, frame } = timeline();
    render({ from: 0, to: 500 }, { from: 100, to: 300 });
    render({ from: 100, to: 600 }, { from: 200, to: 400 });
    frame(); // v1 and v2 take it
    // A faster scroll: the view reaches past 500, where the other lanes still end.
    const far = { from: 200, to: 700 };
    const held = { from: 100, to: 600 };
    expect(render(far, { from: 320, to: 520 })).toEqual([held, held, far, far, far, far]);
    expect(frame()).toEqual(ids.map(() => far));
  });

  it('a zoom, a resize or a zoom gesture moves every lane at once', () => {
    const { render, pendingFrames } = timeline();
    render({ from: 0, to: 500 }, { from: 100, to: 300 });
    const zoomed = { from: 50, to: 300 };
    expect(render(zoomed, { from: 100, to: 200 }, { ...layout, zoom: 8 })).toEqual(ids.map(() => zoomed));
    const resized = { from: 0, to: 400 };
    expect(render(resized, { from: 100, to: 200 }, { ...layout, zoom: 8, width: 600 })).toEqual(ids.map(() => resized));
    const gesture = { from: 20, to: 300 };
    expect(render(gesture, { from: 100, to: 200 }, { ...layout, zoom: 8, width: 600, zooming: true })).toEqual(ids.map(() => gesture));
    expect(pendingFrames()).toBe(0);
  });

  it('planning is pure: a render that is thrown away changes nothing', () => {
    const { ranges, render } = timeline();
    const first = { from: 0, to: 500 };
    render(first, { from: 100, to: 300 });
    ranges.plan(ids, { from: 900, to: 1400 }, { from: 1000, to: 1200 }, layout);
    expect(render({ from: 100, to: 600 }, { from: 200, to: 400 })).toEqual(ids.map(() => first));
  });

  it('a new track starts at the current range', () => {
    const { render } = timeline();
    render({ from: 0, to: 500 }, { from: 100, to: 300 }, layout, ['v1']);
    const next = { from: 100, to: 600 };
    expect(render(next, { from: 200, to: 400 }, layout, ['v1', 'a2'])).toEqual([{ from: 0, to: 500 }, next]);
  });

  it('stops handing out ranges once disposed', () => {
    const { ranges, render, pendingFrames } = timeline();
    render({ from: 0, to: 500 }, { from: 100, to: 300 });
    render({ from: 100, to: 600 }, { from: 200, to: 400 });
    expect(pendingFrames()).toBe(1);
    ranges.dispose();
    expect(pendingFrames()).toBe(0);
  });
});
