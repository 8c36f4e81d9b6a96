/**
 * What the capture check and the reference images know of a recording: frames sampled through it (2 a second, fewer
 * for a long clip), each with the faces found in it (a person's recording) and how much detail it holds. Frames are
 * looked at FACE_INPUT wide, scaled by ffmpeg as the detector has always seen them (fed larger frames, or frames scaled
 * another way, it finds "faces" in a test pattern). The few frames that become reference images are decoded again,
 * larger (`framesAt`), by their index: the same frames, with no seeking in a browser's WebM, whose timestamps ffmpeg
 * cannot always seek by.
 */
import { decodeVideoFrames } from '../../media/frames.js';
import type { MediaTools, VideoStreamProbe } from '../../media/index.js';
import type { CameoKind } from '../model.js';
import { FACE_INPUT, faceDetector, type FoundFace } from './detectors.js';

/** Frames sampled per second of recording (fewer past MAX_SAMPLES). */
export const FRAMES_PER_SECOND_SAMPLED = 2;
export const MAX_SAMPLES = 40;
/** Frames for reference images are decoded at most this wide (never enlarged): enough for a face crop to fill one. */
export const REFERENCE_SOURCE_WIDTH = 640;

export interface SampledFrame {
  /** The frame's index in the decoded stream (what `framesAt` takes). */
  index: number;
  /** Seconds from the start of the recording. */
  atS: number;
  /** The size the frame was looked at (FACE_INPUT wide); face boxes are in these pixels. */
  width: number;
  height: number;
  /** Faces found (a person's recording only; empty for a pet or an object, where no detector looks). */
  faces: FoundFace[];
  /** Detail in the frame: the variance of the Laplacian of its luma (higher is sharper). */
  sharpness: number;
}

/** Variance of the 4-neighbour Laplacian of the luma inside `region` (the whole frame by default). */
export function sharpness(rgb: Uint8Array, width: number, height: number, region = { x: 0, y: 0, width, height }): number {
  const x0 = Math.max(1, Math.floor(region.x));
  const y0 = Math.max(1, Math.floor(region.y));
  const x1 = Math.min(width - 1, Math.ceil(region.x + region.width));
  const y1 = Math.min(height - 1, Math.ceil(region.y + region.height));
  const luma = (x: number, y: number) => {
    const i = (y * width + x) * 3;
    return 0.299 * rgb[i]! + 0.587 * rgb[i + 1]! + 0.114 * rgb[i + 2]!;
  };
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const l = luma(x - 1, y) + luma(x + 1, y) + luma(x, y - 1) + luma(x, y + 1) - 4 * luma(x, y);
      n++;
      sum += l;
      sumSq += l * l;
    }
  }
  return n ? sumSq / n - (sum / n) ** 2 : 0;
}

/** Samples frames through the recording; looks for faces in each when the cameo is a person. */
export async function sampleRecording(
  tools: MediaTools,
  file: string,
  options: { kind: CameoKind; video: VideoStreamProbe; durationSeconds: number },
): Promise<SampledFrame[]> {
  const fps = options.video.fps > 0 ? options.video.fps : 30;
  const every = Math.max(1, Math.round(fps / FRAMES_PER_SECOND_SAMPLED), Math.ceil((options.durationSeconds * fps) / MAX_SAMPLES));
  const detect = options.kind === 'person' ? await faceDetector() : null;
  const frames: SampledFrame[] = [];
  for await (const frame of decodeVideoFrames(tools, file, { width: FACE_INPUT, pixelFormat: 'rgb24' })) {
    if (frame.index % every !== 0) continue;
    const faces = detect ? await detect(frame.data, frame.width, frame.height) : [];
    // A person's frame is as sharp as their face; a pet's or an object's, the whole picture.
    const subject = largestFace(faces);
    frames.push({
      index: frame.index,
      atS: frame.index / fps,
      width: frame.width,
      height: frame.height,
      faces,
      sharpness: sharpness(frame.data, frame.width, frame.height, subject?.box),
    });
  }
  return frames;
}

/** The subject among the faces in a frame: the largest, weighed by the detector's confidence. */
export function largestFace(faces: readonly FoundFace[]): FoundFace | null {
  let best: FoundFace | null = null;
  for (const f of faces) if (!best || f.score * f.box.width * f.box.height > best.score * best.box.width * best.box.height) best = f;
  return best;
}

/** Frames of the recording by index, decoded up to REFERENCE_SOURCE_WIDTH wide (never enlarged), as RGB. */
export async function framesAt(tools: MediaTools, file: string, video: VideoStreamProbe, indexes: readonly number[]): Promise<Map<number, { rgb: Uint8Array; width: number; height: number }>> {
  const wanted = new Set(indexes);
  const last = Math.max(-1, ...indexes);
  const width = Math.min(video.width, REFERENCE_SOURCE_WIDTH);
  const found = new Map<number, { rgb: Uint8Array; width: number; height: number }>();
  if (last < 0) return found;
  for await (const frame of decodeVideoFrames(tools, file, { width: width - (width % 2), pixelFormat: 'rgb24', maxFrames: last + 1 })) {
    if (wanted.has(frame.index)) found.set(frame.index, { rgb: frame.data, width: frame.width, height: frame.height });
  }
  return found;
}
