/**
 * The one moving object of a clip and its floor contacts, found the way the model card's evaluation finds them
 * (models/training/eval/analyze.py: `track_object`, moving-object path, and `contact_frames`) and the way the audio
 * decoder's contact labels were made, so a test that counts contacts counts the same ones:
 *  - background: per pixel the median over time, then per row the median over that row (the scenes' backgrounds are
 *    horizontal bands);
 *  - foreground: the summed |RGB − background| above 55, opened with a 2×2 square (specks of compression noise go);
 *    pixels that are foreground in at least 90 % of frames are structure (a floor line), not the object;
 *  - the object: the largest 4-connected foreground blob of each frame (at least 12 pixels), its centroid and lowest row.
 */

export interface ObjectTrack {
  /** Centroid column per frame; NaN where no blob is big enough. */
  cx: number[];
  /** Centroid row per frame (rows grow downwards); NaN where no blob is big enough. */
  cy: number[];
  /** Lowest row of the blob per frame; NaN where none. */
  bottom: number[];
  /** Seen in at least 60 % of frames and moved more than 6 pixels (column range plus row range). */
  moving: boolean;
}

const FOREGROUND_THRESHOLD = 55;
const PERSISTENT_SHARE = 0.9;
const MIN_BLOB_PX = 12;

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

/** Background colour per row: [height][3]. */
function rowBackground(frames: Uint8Array[], width: number, height: number): Float64Array[] {
  const temporal = new Float64Array(width * height * 3);
  const column: number[] = new Array<number>(frames.length);
  for (let i = 0; i < temporal.length; i++) {
    for (let t = 0; t < frames.length; t++) column[t] = frames[t]![i]!;
    temporal[i] = median(column);
  }
  const rows: Float64Array[] = [];
  const row: number[] = new Array<number>(width);
  for (let y = 0; y < height; y++) {
    const bg = new Float64Array(3);
    for (let ch = 0; ch < 3; ch++) {
      for (let x = 0; x < width; x++) row[x] = temporal[(y * width + x) * 3 + ch]!;
      bg[ch] = median(row);
    }
    rows.push(bg);
  }
  return rows;
}

/** Foreground of one frame, opened with a 2×2 square: a pixel stays if some 2×2 square holding it is all foreground. */
function openedForeground(frame: Uint8Array, background: Float64Array[], width: number, height: number): Uint8Array {
  const raw = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const bg = background[y]!;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const d = Math.abs(frame[i]! - bg[0]!) + Math.abs(frame[i + 1]! - bg[1]!) + Math.abs(frame[i + 2]! - bg[2]!);
      raw[y * width + x] = d > FOREGROUND_THRESHOLD ? 1 : 0;
    }
  }
  const out = new Uint8Array(width * height);
  for (let y = 0; y + 1 < height; y++) {
    for (let x = 0; x + 1 < width; x++) {
      const i = y * width + x;
      if (raw[i] && raw[i + 1] && raw[i + width] && raw[i + width + 1]) {
        out[i] = out[i + 1] = out[i + width] = out[i + width + 1] = 1;
      }
    }
  }
  return out;
}

/** Centroid and lowest row of the largest 4-connected blob (the first one found in raster order on a tie). */
function largestBlob(mask: Uint8Array, width: number, height: number): { cx: number; cy: number; bottom: number } | null {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  let best: { size: number; sx: number; sy: number; bottom: number } | null = null;
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let size = 0;
    let sx = 0;
    let sy = 0;
    let bottom = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      size++;
      sx += x;
      sy += y;
      if (y > bottom) bottom = y;
      const neighbours = [x > 0 ? i - 1 : -1, x + 1 < width ? i + 1 : -1, y > 0 ? i - width : -1, y + 1 < height ? i + width : -1];
      for (const j of neighbours) {
        if (j >= 0 && mask[j] && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    if (!best || size > best.size) best = { size, sx, sy, bottom };
  }
  if (!best || best.size < MIN_BLOB_PX) return null;
  return { cx: best.sx / best.size, cy: best.sy / best.size, bottom: best.bottom };
}

/** Track the clip's moving object through RGB24 frames (width × height × 3 bytes each). */
export function trackObject(frames: Uint8Array[], width: number, height: number): ObjectTrack {
  if (frames.length === 0) throw new RangeError('no frames to track');
  for (const f of frames) {
    if (f.length !== width * height * 3) throw new RangeError(`an RGB24 ${width}x${height} frame is ${width * height * 3} bytes, got ${f.length}`);
  }
  const background = rowBackground(frames, width, height);
  const masks = frames.map((f) => openedForeground(f, background, width, height));
  const counts = new Uint16Array(width * height);
  for (const m of masks) for (let i = 0; i < m.length; i++) counts[i]! += m[i]!;
  const persistent = counts.map((n) => (n / frames.length >= PERSISTENT_SHARE ? 1 : 0));
  const track: ObjectTrack = { cx: [], cy: [], bottom: [], moving: false };
  for (const m of masks) {
    for (let i = 0; i < m.length; i++) if (persistent[i]) m[i] = 0;
    const blob = largestBlob(m, width, height);
    track.cx.push(blob ? blob.cx : Number.NaN);
    track.cy.push(blob ? blob.cy : Number.NaN);
    track.bottom.push(blob ? blob.bottom : Number.NaN);
  }
  const seen = track.cx.filter((v) => !Number.isNaN(v));
  const rows = track.cy.filter((v) => !Number.isNaN(v));
  const range = (v: number[]) => (v.length > 0 ? Math.max(...v) - Math.min(...v) : 0);
  track.moving = seen.length >= 0.6 * frames.length && range(seen) + range(rows) > 6;
  return track;
}

/**
 * Frames where the object hits the floor: it moved down by more than `minDrop` rows into the frame and then stops or
 * turns back up (moves down by at most half a row to the next frame).
 */
export function contactFrames(rows: number[], minDrop = 1.5): number[] {
  const out: number[] = [];
  for (let i = 1; i < rows.length - 1; i++) {
    const [a, b, c] = [rows[i - 1]!, rows[i]!, rows[i + 1]!];
    if ([a, b, c].some(Number.isNaN)) continue;
    if (b - a > minDrop && c - b <= 0.5) out.push(i);
  }
  return out;
}
