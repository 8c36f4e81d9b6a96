import { createHash } from 'node:crypto';
import { PAYLOAD_BITS } from './payload.js';

/**
 * The watermark's geometry: a square tile of `tile`×`tile` luma pixels, repeated over the whole frame. The tile is a
 * grid of `cells`×`cells` cells of `cell` pixels; each cell carries one payload bit times a key-derived ±1 chip, and the
 * tile's pixels interpolate the cell values bilinearly (cyclically), so the mark lives in low/mid spatial frequencies
 * that survive H.264 and downscaling. Any crop keeps whole periods of the tiling, so the detector folds a frame onto
 * one tile and searches the tile's cyclic shifts for where the crop started.
 */
export interface WatermarkLayout {
  key: string;
  cell: number;
  cells: number;
  tile: number;
  /** Which payload bit each cell carries (cells in row-major order). */
  bitOfCell: Uint8Array;
  /** The cell's ±1 chip. */
  chipOfCell: Int8Array;
  /** Per payload bit: its share of the tile (chip × interpolation weight of its cells), tile² values. */
  components: Float32Array[];
}

/** The public key Scenecast marks with: anyone can verify, so the pattern is not secret; the payload's CRC is the check. */
export const SCENECAST_WATERMARK_KEY = 'scenecast-watermark-v1';

export interface LayoutOptions {
  cell?: number;
  cells?: number;
}

/** A deterministic stream of 32-bit numbers from the key (SHA-256 in counter mode). */
function keyStream(key: string, purpose: string): () => number {
  let block = new Uint32Array(0);
  let counter = 0;
  let index = 0;
  return () => {
    if (index >= block.length) {
      const digest = createHash('sha256').update(`${key}\u0000${purpose}\u0000${counter++}`).digest();
      block = new Uint32Array(digest.buffer, digest.byteOffset, 8);
      index = 0;
    }
    return block[index++]!;
  };
}

const layoutCache = new Map<string, WatermarkLayout>();

export function watermarkLayout(key = SCENECAST_WATERMARK_KEY, options: LayoutOptions = {}): WatermarkLayout {
  const cell = options.cell ?? 4;
  const cells = options.cells ?? 32;
  const cacheKey = `${key}|${cell}|${cells}`;
  const cached = layoutCache.get(cacheKey);
  if (cached) return cached;
  const tile = cell * cells;
  if (tile & (tile - 1)) throw new RangeError(`watermark layout: the tile (${cell}×${cells} = ${tile} px) must be a power of two`);
  const count = cells * cells;
  if (count % PAYLOAD_BITS) throw new RangeError(`watermark layout: ${count} cells do not divide evenly among ${PAYLOAD_BITS} bits`);
  const random = keyStream(key, 'layout');
  // Each bit gets the same number of cells, spread over the tile by a key-seeded shuffle.
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = random() % (i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const bitOfCell = new Uint8Array(count);
  const chipOfCell = new Int8Array(count);
  order.forEach((cellIndex, rank) => {
    bitOfCell[cellIndex] = rank % PAYLOAD_BITS;
    chipOfCell[cellIndex] = random() & 1 ? 1 : -1;
  });
  const components = Array.from({ length: PAYLOAD_BITS }, () => new Float32Array(tile * tile));
  for (let v = 0; v < tile; v++) {
    const fy = (v + 0.5) / cell - 0.5;
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    for (let u = 0; u < tile; u++) {
      const fx = (u + 0.5) / cell - 0.5;
      const x0 = Math.floor(fx);
      const wx = fx - x0;
      for (const [dy, weightY] of [[0, 1 - wy], [1, wy]] as const) {
        for (const [dx, weightX] of [[0, 1 - wx], [1, wx]] as const) {
          const weight = weightY * weightX;
          if (weight === 0) continue;
          const cy = (((y0 + dy) % cells) + cells) % cells;
          const cx = (((x0 + dx) % cells) + cells) % cells;
          const cellIndex = cy * cells + cx;
          components[bitOfCell[cellIndex]!]![v * tile + u]! += weight * chipOfCell[cellIndex]!;
        }
      }
    }
  }
  const layout = { key, cell, cells, tile, bitOfCell, chipOfCell, components };
  layoutCache.set(cacheKey, layout);
  return layout;
}

/** The tile for a payload: Σ over bits of (±1 for the bit's value) × that bit's component. */
export function payloadTile(layout: WatermarkLayout, bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(layout.tile * layout.tile);
  layout.components.forEach((component, bit) => {
    const sign = bits[bit] ? 1 : -1;
    for (let i = 0; i < out.length; i++) out[i]! += sign * component[i]!;
  });
  return out;
}
