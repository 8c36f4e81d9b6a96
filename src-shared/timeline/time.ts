/**
 * Timeline time is integer frames at the project fps. These helpers convert to and from seconds and SMPTE-style
 * timecode (non-drop-frame: every fps here is an integer).
 */

export function assertFps(fps: number): void {
  if (!Number.isInteger(fps) || fps < 1) throw new RangeError(`fps must be a positive integer, got ${fps}`);
}

/** The frame that contains the instant `seconds` (floor, so a time inside a frame shows that frame). */
export function secondsToFrames(seconds: number, fps: number): number {
  assertFps(fps);
  // A tiny epsilon absorbs binary fractions: 0.1 s × 30 fps is 2.9999999999999996, which is frame 3.
  return Math.max(0, Math.floor(seconds * fps + 1e-6));
}

export function framesToSeconds(frames: number, fps: number): number {
  assertFps(fps);
  return frames / fps;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `HH:MM:SS:FF`; negative frames get a leading minus. */
export function framesToTimecode(frame: number, fps: number): string {
  assertFps(fps);
  if (!Number.isInteger(frame)) throw new RangeError(`frame must be an integer, got ${frame}`);
  const sign = frame < 0 ? '-' : '';
  let rest = Math.abs(frame);
  const ff = rest % fps;
  rest = (rest - ff) / fps;
  const ss = rest % 60;
  rest = (rest - ss) / 60;
  const mm = rest % 60;
  const hh = (rest - mm) / 60;
  return `${sign}${pad(hh)}:${pad(mm)}:${pad(ss)}:${pad(ff, String(fps - 1).length < 2 ? 2 : String(fps - 1).length)}`;
}

/**
 * Parses `HH:MM:SS:FF`, `MM:SS:FF`, `SS:FF` or a plain frame count. Returns null for anything else, including a frame
 * field ≥ fps or seconds/minutes ≥ 60.
 */
export function parseTimecode(text: string, fps: number): number | null {
  assertFps(fps);
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const match = /^(?:(?:(\d+):)?(\d{1,2}):)?(\d{1,2})[:;.](\d+)$/.exec(trimmed);
  if (!match) return null;
  const [hh, mm, ss, ff] = [match[1], match[2], match[3], match[4]].map((part) => Number(part ?? 0)) as [number, number, number, number];
  if (ff >= fps || ss >= 60 || mm >= 60) return null;
  return ((hh * 60 + mm) * 60 + ss) * fps + ff;
}

/** Short ruler label: `M:SS` on whole seconds, `M:SS:FF` otherwise. */
export function rulerLabel(frame: number, fps: number): string {
  assertFps(fps);
  const totalSeconds = Math.floor(frame / fps);
  const ff = frame % fps;
  const label = `${Math.floor(totalSeconds / 60)}:${pad(totalSeconds % 60)}`;
  return ff === 0 ? label : `${label}:${pad(ff)}`;
}

/** Ruler tick spacing (in frames) so major ticks sit at least `minPixels` apart at `pixelsPerFrame`. */
export function rulerStep(pixelsPerFrame: number, fps: number, minPixels = 80): number {
  assertFps(fps);
  const candidates = [1, 2, 5, 10].filter((f) => f < fps).concat([1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600].map((s) => s * fps));
  for (const step of candidates) if (step * pixelsPerFrame >= minPixels) return step;
  return candidates[candidates.length - 1]!;
}
