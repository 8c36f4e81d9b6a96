import { describe, expect, it } from 'vitest';
import { boxAt, boxTrackCoverage, parseBoxTrack } from './boxTrack.js';

describe('cameo box tracks', () => {
  it('parses a fixed box and keyframes', () => {
    expect(parseBoxTrack('0.5,0.25,0.5,0.5')).toEqual([{ t: 0, x: 0.5, y: 0.25, w: 0.5, h: 0.5 }]);
    expect(parseBoxTrack('1:0.5,0,0.5,1; 0:0,0,0.5,1').map((k) => k.t)).toEqual([0, 1]);
  });

  it('refuses malformed or out-of-frame boxes with a message naming the part', () => {
    expect(() => parseBoxTrack('1,2,3')).toThrow(/'1,2,3'/);
    expect(() => parseBoxTrack('0.8,0,0.5,0.5')).toThrow(/outside the frame/);
    expect(() => parseBoxTrack('0:0,0,0,0.5')).toThrow(/normalised/);
    expect(() => parseBoxTrack('x:0,0,0.5,0.5')).toThrow();
    expect(() => parseBoxTrack('')).toThrow(/empty/);
  });

  it('interpolates between keyframes and holds at the ends', () => {
    const track = parseBoxTrack('0.2:0,0,0.2,0.2;0.6:0.4,0.4,0.4,0.4');
    expect(boxAt(track, 0)).toEqual({ x: 0, y: 0, w: 0.2, h: 0.2 });
    const mid = boxAt(track, 0.4);
    expect(mid.x).toBeCloseTo(0.2);
    expect(mid.w).toBeCloseTo(0.3);
    expect(boxAt(track, 1)).toEqual({ x: 0.4, y: 0.4, w: 0.4, h: 0.4 });
  });

  it('rasterises coverage per cell, with partial cells fractional', () => {
    const m = boxTrackCoverage(parseBoxTrack('0.5,0,0.5,1'), 1, 2, 4);
    expect(Array.from(m)).toEqual([0, 0, 1, 1, 0, 0, 1, 1]);
    const partial = boxTrackCoverage(parseBoxTrack('0.125,0,0.25,0.5'), 1, 2, 4);
    expect(Array.from(partial).map((v) => Number(v.toFixed(3)))).toEqual([0.5, 0.5, 0, 0, 0, 0, 0, 0]);
  });

  it('moves the mask along a keyframed path', () => {
    const m = boxTrackCoverage(parseBoxTrack('0:0,0,0.5,1;1:0.5,0,0.5,1'), 2, 1, 2);
    expect(Array.from(m)).toEqual([1, 0, 0, 1]);
  });
});
