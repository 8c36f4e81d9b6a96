/**
 * Clip timing: a clip sits on the timeline at [startFrame, startFrame + durationFrames) in project frames and plays
 * [sourceInFrame, sourceOutFrame) of its source in source frames. `rate` = source frames per project frame (take fps /
 * project fps), so a take rendered at 8 fps plays at the right speed in a 24 fps project.
 */
export interface ClipTiming {
  startFrame: number;
  durationFrames: number;
  sourceInFrame: number;
  sourceOutFrame: number;
}

export interface SourceInfo {
  /** Source frames per project frame. */
  rate: number;
  /** Length of the source in source frames. */
  frames: number;
}

export const endFrame = (clip: Pick<ClipTiming, 'startFrame' | 'durationFrames'>) => clip.startFrame + clip.durationFrames;

/** Timeline length (project frames) of `sourceFrames` source frames. At least 1. */
export function timelineFramesFor(sourceFrames: number, rate: number): number {
  return Math.max(1, Math.round(sourceFrames / rate));
}

/** A fresh clip that plays the whole source from `startFrame`. */
export function clipForSource(startFrame: number, source: SourceInfo): ClipTiming {
  return { startFrame, durationFrames: timelineFramesFor(source.frames, source.rate), sourceInFrame: 0, sourceOutFrame: source.frames };
}

/** The source frame shown at timeline `frame`, or null when the clip does not cover it. */
export function sourceFrameAt(clip: ClipTiming, frame: number, rate: number): number | null {
  if (frame < clip.startFrame || frame >= endFrame(clip)) return null;
  const offset = Math.floor((frame - clip.startFrame) * rate + 1e-9);
  return Math.min(clip.sourceOutFrame - 1, clip.sourceInFrame + offset);
}

/** Source out that matches the clip's timeline duration, clamped to the source. */
export function sourceOutFor(sourceIn: number, durationFrames: number, source: SourceInfo): number {
  return Math.min(source.frames, Math.max(sourceIn + 1, sourceIn + Math.round(durationFrames * source.rate)));
}

/**
 * Puts a clip's trims onto another source (a new take of the same scene): the in point is kept when the new source
 * is long enough, and the out point follows the timeline duration, shortening the clip only when the source ends.
 */
export function retime(clip: ClipTiming, source: SourceInfo): ClipTiming {
  const sourceInFrame = Math.min(clip.sourceInFrame, Math.max(0, source.frames - 1));
  const maxDuration = timelineFramesFor(source.frames - sourceInFrame, source.rate);
  const durationFrames = Math.min(clip.durationFrames, maxDuration);
  return { startFrame: clip.startFrame, durationFrames, sourceInFrame, sourceOutFrame: sourceOutFor(sourceInFrame, durationFrames, source) };
}
