import { describe, expect, it } from 'vitest';
import { clipForSource, retime, sourceFrameAt, type SourceInfo } from './clip';
import { clipsInRange, mergeSpans, moveClips, overwrite, rippleDelete, splitClip, timelineEnd, trimEnd, trimStart, type TimelineClip } from './edits';

// An 8 fps take of 33 frames in a 24 fps project: one source frame lasts three timeline frames.
const take: SourceInfo = { rate: 8 / 24, frames: 33 };
const same: SourceInfo = { rate: 1, frames: 100 };

const clip = (id: string, trackId: string, startFrame: number, durationFrames: number, sourceInFrame = 0): TimelineClip => ({
  id,
  trackId,
  startFrame,
  durationFrames,
  sourceInFrame,
  sourceOutFrame: sourceInFrame + durationFrames,
});

describe('clip timing', () => {
  it('makes a clip for a whole source at the project rate', () => {
    expect(clipForSource(10, take)).toEqual({ startFrame: 10, durationFrames: 99, sourceInFrame: 0, sourceOutFrame: 33 });
  });

  it('maps a timeline frame to the source frame under it', () => {
    const c = { startFrame: 24, durationFrames: 30, sourceInFrame: 6, sourceOutFrame: 16 };
    expect(sourceFrameAt(c, 24, take.rate)).toBe(6);
    expect(sourceFrameAt(c, 26, take.rate)).toBe(6);
    expect(sourceFrameAt(c, 27, take.rate)).toBe(7);
    expect(sourceFrameAt(c, 53, take.rate)).toBe(15);
    expect(sourceFrameAt(c, 54, take.rate)).toBeNull();
    expect(sourceFrameAt(c, 23, take.rate)).toBeNull();
  });

  it('keeps trims when the clip moves to a new take, shortening only when the take is shorter', () => {
    const trimmed = { startFrame: 5, durationFrames: 40, sourceInFrame: 10, sourceOutFrame: 50 };
    expect(retime(trimmed, { rate: 1, frames: 80 })).toEqual(trimmed);
    expect(retime(trimmed, { rate: 1, frames: 30 })).toEqual({ startFrame: 5, durationFrames: 20, sourceInFrame: 10, sourceOutFrame: 30 });
    expect(retime(trimmed, { rate: 1, frames: 5 })).toEqual({ startFrame: 5, durationFrames: 1, sourceInFrame: 4, sourceOutFrame: 5 });
  });
});

describe('trim', () => {
  it('trims the start: the end stays, the source in point follows', () => {
    const c = clip('a', 'v', 10, 50, 5);
    const t = trimStart(c, 20, same);
    expect(t).toMatchObject({ startFrame: 20, durationFrames: 40, sourceInFrame: 15, sourceOutFrame: 55 });
    expect(t.startFrame + t.durationFrames).toBe(60);
    expect(c.startFrame).toBe(10); // input untouched
  });

  it('extends the start only back to the first source frame and never past the end', () => {
    const c = clip('a', 'v', 10, 50, 5);
    expect(trimStart(c, 0, same)).toMatchObject({ startFrame: 5, durationFrames: 55, sourceInFrame: 0 });
    expect(trimStart(c, 500, same)).toMatchObject({ startFrame: 59, durationFrames: 1 });
    expect(trimStart(clip('b', 'v', 2, 10, 50), 0, same)).toMatchObject({ startFrame: 0, sourceInFrame: 48 });
  });

  it('trims the start of a slower source in whole source frames', () => {
    const c = { id: 'a', trackId: 'v', ...clipForSource(0, take) };
    expect(trimStart(c, 12, take)).toMatchObject({ startFrame: 12, durationFrames: 87, sourceInFrame: 4, sourceOutFrame: 33 });
  });

  it('trims the end, clamped to one frame and the source length', () => {
    const c = clip('a', 'v', 10, 50, 5);
    expect(trimEnd(c, 40, same)).toMatchObject({ startFrame: 10, durationFrames: 30, sourceInFrame: 5, sourceOutFrame: 35 });
    expect(trimEnd(c, 5, same)).toMatchObject({ durationFrames: 1, sourceOutFrame: 6 });
    expect(trimEnd(c, 1000, same)).toMatchObject({ durationFrames: 95, sourceOutFrame: 100 });
  });
});

describe('split', () => {
  it('cuts into two clips that play on seamlessly', () => {
    const c = clip('a', 'v', 10, 50, 5);
    const parts = splitClip(c, 30, same, 'b');
    expect(parts).not.toBeNull();
    const [left, right] = parts!;
    expect(left).toMatchObject({ id: 'a', startFrame: 10, durationFrames: 20, sourceInFrame: 5, sourceOutFrame: 25 });
    expect(right).toMatchObject({ id: 'b', trackId: 'v', startFrame: 30, durationFrames: 30, sourceInFrame: 25, sourceOutFrame: 55 });
  });

  it('refuses to split at or outside an edge', () => {
    const c = clip('a', 'v', 10, 50);
    expect(splitClip(c, 10, same, 'b')).toBeNull();
    expect(splitClip(c, 60, same, 'b')).toBeNull();
    expect(splitClip(c, 3, same, 'b')).toBeNull();
  });

  it('splits a slower source on a source frame boundary', () => {
    const c = { id: 'a', trackId: 'v', ...clipForSource(0, take) };
    const [left, right] = splitClip(c, 31, take, 'b')!;
    expect(left.sourceOutFrame).toBe(10);
    expect(right.sourceInFrame).toBe(10);
    expect(left.durationFrames + right.durationFrames).toBe(99);
  });
});

describe('move and ripple delete', () => {
  const clips = [clip('a', 'v', 0, 10), clip('b', 'v', 10, 20), clip('c', 'v', 40, 10), clip('d', 'v', 60, 5), clip('x', 'a1', 15, 30)];

  it('moves a selection together, never before frame 0', () => {
    expect(moveClips(clips, new Set(['b', 'c']), 5).moved.map((c) => c.startFrame)).toEqual([15, 45]);
    const clamped = moveClips(clips, new Set(['b', 'c']), -25);
    expect(clamped.delta).toBe(-10);
    expect(clamped.moved.map((c) => c.startFrame)).toEqual([0, 30]);
  });

  it('closes the gap on the same track only', () => {
    const { removed, kept } = rippleDelete(clips, new Set(['b']));
    expect(removed).toEqual(['b']);
    expect(kept.map((c) => [c.id, c.startFrame])).toEqual([
      ['a', 0],
      ['c', 20],
      ['d', 40],
      ['x', 15],
    ]);
  });

  it('closes several gaps at once, counting only what lies before each clip', () => {
    const { kept } = rippleDelete(clips, new Set(['a', 'c']));
    expect(kept.map((c) => [c.id, c.startFrame])).toEqual([
      ['b', 0],
      ['d', 40],
      ['x', 15],
    ]);
  });

  it('merges overlapping spans and finds the end and the visible clips', () => {
    expect(mergeSpans([[5, 10], [0, 6], [20, 30], [30, 31]])).toEqual([[0, 10], [20, 31]]);
    expect(timelineEnd(clips)).toBe(65);
    expect(clipsInRange(clips, 30, 41).map((c) => c.id)).toEqual(['c', 'x']);
  });
});

describe('overwrite', () => {
  let n = 0;
  const newId = () => `new${++n}`;
  const source = (): SourceInfo => ({ rate: 1, frames: 200 });

  it('trims, splits around and removes what a placed clip covers on its track only', () => {
    const clips = [
      clip('head', 'v', 0, 20), // its end is covered
      clip('under', 'v', 22, 5), // fully covered
      clip('tail', 'v', 35, 20), // its start is covered
      clip('other', 'a1', 10, 40), // another track
      clip('placed', 'v', 15, 25),
    ];
    const { changed, added, removed } = overwrite(clips, new Set(['placed']), source, newId);
    expect(removed).toEqual(['under']);
    expect(added).toEqual([]);
    expect(changed.map((c) => [c.id, c.startFrame, c.durationFrames, c.sourceInFrame])).toEqual([
      ['head', 0, 15, 0],
      ['tail', 40, 15, 5],
    ]);
  });

  it('splits a longer clip around a clip dropped inside it, keeping the source in step', () => {
    const { changed, added } = overwrite([clip('long', 'v', 0, 100, 10), clip('placed', 'v', 40, 10)], new Set(['placed']), source, newId);
    expect(changed).toEqual([expect.objectContaining({ id: 'long', startFrame: 0, durationFrames: 40, sourceOutFrame: 50 })]);
    expect(added).toEqual([expect.objectContaining({ startFrame: 50, durationFrames: 50, sourceInFrame: 60, sourceOutFrame: 110 })]);
  });

  it('changes nothing when nothing overlaps', () => {
    expect(overwrite([clip('a', 'v', 0, 10), clip('b', 'v', 10, 10)], new Set(['b']), source, newId)).toEqual({ changed: [], added: [], removed: [] });
  });
});
