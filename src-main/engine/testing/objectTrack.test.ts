import { describe, expect, it } from 'vitest';
import { contactFrames, trackObject } from './objectTrack.js';

const W = 64;
const H = 64;
const FLOOR = 52;

/** A studio-like frame: grey wall, a darker floor line, a lighter floor; a red disc centred at (x, y) when given. */
function frame(disc: { x: number; y: number; r: number } | null): Uint8Array {
  const f = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const i = (y * W + x) * 3;
      let rgb = y < FLOOR ? [140, 140, 145] : y === FLOOR ? [90, 90, 90] : [170, 160, 150];
      if (disc && (x - disc.x) ** 2 + (y - disc.y) ** 2 <= disc.r ** 2) rgb = [230, 30, 30];
      f[i] = rgb[0]!;
      f[i + 1] = rgb[1]!;
      f[i + 2] = rgb[2]!;
    }
  }
  return f;
}

describe('trackObject and contactFrames (the model card tracker)', () => {
  it('follows a bouncing disc and finds the frames where it meets the floor', () => {
    // centre rows: falls to the floor (row 47 with radius 5) at frame 4, rebounds, lands again at frame 10
    const rows = [12, 16, 24, 36, 47, 40, 36, 35, 37, 42, 47, 47];
    const frames = rows.map((y, t) => frame({ x: 10 + 3 * t, y, r: 5 }));
    const track = trackObject(frames, W, H);
    expect(track.moving).toBe(true);
    track.cy.forEach((cy, t) => expect(Math.abs(cy - rows[t]!)).toBeLessThan(0.5));
    track.cx.forEach((cx, t) => expect(Math.abs(cx - (10 + 3 * t))).toBeLessThan(0.5));
    // lowest row: the disc reaches row 52 (centre 47 + radius 5) with a single pixel, which the 2×2 opening removes
    expect(track.bottom[4]).toBe(51);
    expect(contactFrames(track.cy)).toEqual([4, 10]);
  });

  it('leaves frames without the object as NaN and never counts a contact across them', () => {
    const rows: (number | null)[] = [12, 24, 36, null, 47, 40];
    const frames = rows.map((y, t) => frame(y === null ? null : { x: 20 + 2 * t, y, r: 5 }));
    const track = trackObject(frames, W, H);
    expect(Number.isNaN(track.cy[3])).toBe(true);
    expect(contactFrames(track.cy)).toEqual([]);
  });

  it('ignores a still object and specks smaller than the minimum blob', () => {
    const still = Array.from({ length: 8 }, () => frame({ x: 30, y: 47, r: 5 }));
    // a still disc is background to the temporal median: nothing moves
    expect(trackObject(still, W, H).moving).toBe(false);
    const specks = Array.from({ length: 8 }, (_, t) => frame({ x: 8 + 6 * t, y: 20, r: 1 }));
    const track = trackObject(specks, W, H);
    expect(track.cy.every(Number.isNaN)).toBe(true);
    expect(track.moving).toBe(false);
  });

  it('counts a stop after a fall and a turn back up, not a slow drift or a rise', () => {
    expect(contactFrames([10, 20, 30, 30.4, 30.2])).toEqual([2]);
    expect(contactFrames([10, 20, 30, 25, 22])).toEqual([2]);
    expect(contactFrames([10, 11, 12, 12, 12])).toEqual([]); // never falls more than 1.5 rows a frame
    expect(contactFrames([30, 20, 10, 10])).toEqual([]);
    expect(contactFrames([10, 20, 30, 31, 32])).toEqual([]); // still falling
  });

  it('rejects frames of the wrong size', () => {
    expect(() => trackObject([new Uint8Array(10)], W, H)).toThrow(/RGB24 64x64 frame/);
    expect(() => trackObject([], W, H)).toThrow(/no frames/);
  });
});
