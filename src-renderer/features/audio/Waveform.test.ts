import { describe, expect, it } from 'vitest';
import { calculateLinePaths } from 'wavesurfer.js/dist/renderer-utils.js';
import { waveformOutline } from './Waveform';

/** The outline's closed shapes as point lists. */
function outlinePoints(path: string) {
  return path
    .split('Z')
    .filter(Boolean)
    .map((shape) =>
      shape
        .slice(1)
        .split('L')
        .map((p) => {
          const [x = NaN, y = NaN] = p.split(' ').map(Number);
          return { x, y };
        }),
    );
}

describe('waveform outline (what stands in until wavesurfer has drawn)', () => {
  // A quiet tone that swells: its peaks round to one or two pixels, where a smooth outline would look different.
  const values = Array.from({ length: 400 }, (_, i) => 0.02 + 0.1 * Math.abs(Math.sin(i / 30)));

  it('is the shape wavesurfer draws on its canvas for the same peaks and box, point for point', () => {
    for (const [width, height] of [
      [250, 36],
      [900, 72],
    ] as const) {
      const shapes = outlinePoints(waveformOutline(values, width, height));
      const canvas = calculateLinePaths({ channelData: [Float32Array.from(values)], width, height, vScale: 1 });
      expect(shapes).toEqual(canvas);
      // Above the centre line and mirrored below it, whole pixels, at least one pixel tall.
      const [top, bottom] = shapes;
      expect(top!.every((p, i) => p.y <= height / 2 && bottom![i]!.y - height / 2 === height / 2 - p.y && Number.isInteger(p.y))).toBe(true);
      expect(Math.min(...top!.slice(1, -1).map((p) => height / 2 - p.y))).toBeGreaterThanOrEqual(1);
      expect(top!.at(-1)!.x).toBe(width);
    }
  });

  it('draws nothing without peaks', () => {
    expect(waveformOutline([], 100, 36)).toBe('');
  });
});
