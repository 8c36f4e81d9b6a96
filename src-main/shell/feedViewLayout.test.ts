import { describe, expect, it } from 'vitest';
import { feedViewBounds } from './feedViewLayout.js';

const window = { width: 1440, height: 900 };

describe('feed view bounds', () => {
  it('places the view over the slot, scaled by the page zoom', () => {
    expect(feedViewBounds({ x: 1100, y: 320, width: 340, height: 580 }, 1, window)).toEqual({ x: 1100, y: 320, width: 340, height: 580 });
    // Zoomed in to 125 %: the page's 880 CSS px start at 1100 DIPs.
    expect(feedViewBounds({ x: 880, y: 256, width: 272, height: 464 }, 1.25, window)).toEqual({ x: 1100, y: 320, width: 340, height: 580 });
    expect(feedViewBounds({ x: 2200, y: 640, width: 680, height: 1160 }, 0.5, window)).toEqual({ x: 1100, y: 320, width: 340, height: 580 });
  });

  it('rounds each edge, so panels that meet in CSS pixels still meet', () => {
    const left = feedViewBounds({ x: 0.4, y: 10.6, width: 100.3, height: 50 }, 1.1, window)!;
    const right = feedViewBounds({ x: 100.7, y: 10.6, width: 50, height: 50 }, 1.1, window)!;
    expect(left).toEqual({ x: 0, y: 12, width: 111, height: 55 });
    expect(right.x).toBe(left.x + left.width);
    for (const value of Object.values(left)) expect(Number.isInteger(value)).toBe(true);
  });

  it('clips to the window and hides what cannot be shown', () => {
    expect(feedViewBounds({ x: 1300, y: -40, width: 400, height: 200 }, 1, window)).toEqual({ x: 1300, y: 0, width: 140, height: 160 });
    expect(feedViewBounds({ x: 1500, y: 0, width: 300, height: 300 }, 1, window)).toBeNull();
    expect(feedViewBounds({ x: 10, y: 10, width: 0, height: 300 }, 1, window)).toBeNull();
    expect(feedViewBounds({ x: 10, y: 10, width: 0.2, height: 300 }, 1, window)).toBeNull();
    expect(feedViewBounds(null, 1, window)).toBeNull();
    for (const zoom of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) expect(feedViewBounds({ x: 0, y: 0, width: 10, height: 10 }, zoom, window)).toBeNull();
  });
});
