import { describe, expect, it } from 'vitest';
import { clipNearFrame, drawRange, longestSpan, overviewBars, prefersOverview, visibleSpans } from './geometry';

describe('timeline virtualisation', () => {
  const clips = Array.from({ length: 500 }, (_, i) => ({ id: `c${i}`, startFrame: i * 10, durationFrames: i === 3 ? 200 : 10 }));

  it('finds exactly the clips overlapping the visible frames, long ones included', () => {
    const seen = visibleSpans(clips, 100, 140, longestSpan(clips)).map((c) => c.id);
    expect(seen).toEqual(['c3', 'c10', 'c11', 'c12', 'c13']);
    const brute = clips.filter((c) => c.startFrame < 140 && c.startFrame + c.durationFrames > 100).map((c) => c.id);
    expect(seen).toEqual(brute);
  });

  it('returns nothing past the end and everything for a wide view', () => {
    expect(visibleSpans(clips, 6000, 7000, 200)).toEqual([]);
    expect(visibleSpans(clips, 0, 1e9, 200)).toHaveLength(500);
  });
});

describe('draw range', () => {
  it('covers the view with margin and only changes every half view', () => {
    const a = drawRange(0, 4, 800); // 200 frames in view
    expect(a.from).toBe(0);
    expect(a.to).toBeGreaterThanOrEqual(200);
    const b = drawRange(40 * 4, 4, 800);
    expect(b).toEqual(a);
    const c = drawRange(400 * 4, 4, 800);
    expect(c.from).toBeLessThanOrEqual(400);
    expect(c.to).toBeGreaterThanOrEqual(600);
  });
});

describe('level of detail', () => {
  const spans = [
    { id: 'a', startFrame: 0, durationFrames: 24 },
    { id: 'b', startFrame: 24, durationFrames: 48 },
    { id: 'c', startFrame: 80, durationFrames: 2 },
  ];

  it('draws a lane as an overview when its clips are narrow on average, and never an empty one', () => {
    // Mean 74/3 frames: 24.7 px at zoom 1, 12.3 px at zoom 0.5.
    expect(prefersOverview(spans, 1)).toBe(true);
    expect(prefersOverview(spans, 2)).toBe(false);
    expect(prefersOverview([], 0.01)).toBe(false);
  });

  it('places bars from the start of the drawn range, at least a pixel wide, with a gap once there is room', () => {
    expect(overviewBars(spans, 10, 0.5)).toEqual([
      { id: 'a', x: -5, width: 11 },
      { id: 'b', x: 7, width: 23 },
      { id: 'c', x: 35, width: 1 },
    ]);
    // Sub-frame offsets (audio clips) come in through startOf.
    expect(overviewBars([spans[0]!], 0, 2, (c) => c.startFrame + 0.5)[0]).toEqual({ id: 'a', x: 1, width: 47 });
  });

  it('finds the clip under a frame, or the nearest within the tolerance', () => {
    expect(clipNearFrame(spans, 30, 0)?.id).toBe('b');
    expect(clipNearFrame(spans, 24, 0)?.id).toBe('b');
    expect(clipNearFrame(spans, 75, 2)).toBeNull();
    expect(clipNearFrame(spans, 78, 3)?.id).toBe('c');
    expect(clipNearFrame(spans, 74, 3)?.id).toBe('b');
    expect(clipNearFrame(spans, 500, 10)).toBeNull();
  });
});
