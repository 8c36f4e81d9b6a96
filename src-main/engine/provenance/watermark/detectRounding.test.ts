/**
 * Regression: the box filter's running sums can leave the local power of a flat area a rounding error below zero
 * (−4·10⁻¹³ in a re-encoded 1080×1920 export). Its square root is NaN, and one NaN pixel used to wipe out the whole
 * clip's accumulated mark — the re-encoded export then read "not found" although the mark was intact. The box filter is
 * wrapped here so that every local-power result has such a value at one pixel.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('./boxfilter.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./boxfilter.js')>();
  return {
    boxMean: (src: ArrayLike<number>, width: number, height: number, radius: number) => {
      const out = original.boxMean(src, width, height, radius);
      // The detector filters the luma (Uint8Array), then the squared residual (Float32Array): spoil only the latter.
      if (src instanceof Float32Array) out[Math.floor(out.length / 2)] = -4e-13;
      return out;
    },
  };
});

const { WatermarkDetector } = await import('./detect.js');
const { embedLuma } = await import('./embed.js');
const { encodePayload } = await import('./payload.js');
const { payloadTile, watermarkLayout } = await import('./pattern.js');
const { syntheticLuma } = await import('./testClip.js');

describe('watermark detector and rounding', () => {
  it('a local power a rounding error below zero does not erase the mark', () => {
    const payload = { installId: 0x1a2b3c, exportId: 0x4d5e6f };
    const layout = watermarkLayout();
    const tile = payloadTile(layout, encodePayload(payload));
    const detector = new WatermarkDetector(layout, { scales: [1] });
    for (let f = 0; f < 8; f++) {
      const luma = syntheticLuma(256, 144, f, 3);
      embedLuma(luma, 256, 144, layout, tile);
      detector.addLuma(luma, 256, 144);
    }
    const verdict = detector.verdict();
    expect(Number.isFinite(verdict.score)).toBe(true);
    expect(verdict).toMatchObject({ found: true, payload });
  });
});
