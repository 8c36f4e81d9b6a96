import { describe, expect, it } from 'vitest';
import { drawRange, longestSpan, visibleSpans } from './geometry';

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
