/**
 * Timeline edits as pure functions over clip timings: move, trim either end, split at a frame, ripple delete. The
 * renderer's document reducers call these; they never mutate their input.
 */
import { endFrame, sourceOutFor, type ClipTiming, type SourceInfo } from './clip.js';

export interface TimelineClip extends ClipTiming {
  id: string;
  trackId: string;
}

/**
 * Moves `ids` by `delta` frames, all together; the delta is clamped so no moved clip starts before frame 0.
 * Returns the clamped delta with the moved clips.
 */
export function moveClips<C extends TimelineClip>(clips: readonly C[], ids: ReadonlySet<string>, delta: number): { delta: number; moved: C[] } {
  const moving = clips.filter((c) => ids.has(c.id));
  if (moving.length === 0) return { delta: 0, moved: [] };
  const earliest = Math.min(...moving.map((c) => c.startFrame));
  const clamped = Math.max(-earliest, Math.round(delta));
  return { delta: clamped, moved: moving.map((c) => ({ ...c, startFrame: c.startFrame + clamped })) };
}

/**
 * Moves the clip's start edge to `toFrame`, keeping its end: the source in point follows. Clamped so the clip keeps
 * at least one frame and does not reach before the source's first frame or before timeline frame 0.
 */
export function trimStart<C extends ClipTiming>(clip: C, toFrame: number, source: SourceInfo): C {
  const end = endFrame(clip);
  // How far left the start may go: until source frame 0.
  const earliest = Math.max(0, clip.startFrame - Math.floor(clip.sourceInFrame / source.rate + 1e-9));
  const start = Math.min(end - 1, Math.max(earliest, Math.round(toFrame)));
  const sourceInFrame = Math.min(source.frames - 1, Math.max(0, clip.sourceInFrame + Math.round((start - clip.startFrame) * source.rate)));
  const durationFrames = end - start;
  return { ...clip, startFrame: start, durationFrames, sourceInFrame, sourceOutFrame: sourceOutFor(sourceInFrame, durationFrames, source) };
}

/** Moves the clip's end edge to `toFrame`, keeping its start; clamped to one frame and to the end of the source. */
export function trimEnd<C extends ClipTiming>(clip: C, toFrame: number, source: SourceInfo): C {
  const maxDuration = Math.max(1, Math.floor((source.frames - clip.sourceInFrame) / source.rate + 1e-9));
  const durationFrames = Math.min(maxDuration, Math.max(1, Math.round(toFrame) - clip.startFrame));
  return { ...clip, durationFrames, sourceOutFrame: sourceOutFor(clip.sourceInFrame, durationFrames, source) };
}

/**
 * Splits a clip at timeline `frame` into two that play on seamlessly. Null when the frame is not strictly inside
 * the clip (splitting at an edge would make an empty clip).
 */
export function splitClip<C extends ClipTiming>(clip: C, frame: number, source: SourceInfo, rightId: string): [C, C & { id: string }] | null {
  const at = Math.round(frame);
  if (at <= clip.startFrame || at >= endFrame(clip)) return null;
  const leftDuration = at - clip.startFrame;
  const cut = Math.min(clip.sourceOutFrame - 1, Math.max(clip.sourceInFrame + 1, clip.sourceInFrame + Math.round(leftDuration * source.rate)));
  const left = { ...clip, durationFrames: leftDuration, sourceOutFrame: cut };
  const right = { ...clip, id: rightId, startFrame: at, durationFrames: endFrame(clip) - at, sourceInFrame: cut };
  return [left, right];
}

/**
 * Removes `ids` and closes the gaps they leave on their tracks: every later clip on the same track moves left by the
 * deleted length before it. Clips on other tracks stay put.
 */
export function rippleDelete<C extends TimelineClip>(clips: readonly C[], ids: ReadonlySet<string>): { removed: string[]; kept: C[] } {
  const spansByTrack = new Map<string, Array<[number, number]>>();
  for (const c of clips) {
    if (!ids.has(c.id)) continue;
    const spans = spansByTrack.get(c.trackId) ?? [];
    spans.push([c.startFrame, endFrame(c)]);
    spansByTrack.set(c.trackId, spans);
  }
  for (const [track, spans] of spansByTrack) spansByTrack.set(track, mergeSpans(spans));
  const kept: C[] = [];
  const removed: string[] = [];
  for (const c of clips) {
    if (ids.has(c.id)) {
      removed.push(c.id);
      continue;
    }
    const spans = spansByTrack.get(c.trackId);
    if (!spans) {
      kept.push(c);
      continue;
    }
    let shift = 0;
    for (const [from, to] of spans) shift += Math.max(0, Math.min(to, c.startFrame) - from);
    kept.push(shift === 0 ? c : { ...c, startFrame: c.startFrame - shift });
  }
  return { removed, kept };
}

/** Sorted, non-overlapping spans covering the same frames. */
export function mergeSpans(spans: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of sorted) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/** The first frame after every clip: the timeline's length. */
export function timelineEnd(clips: readonly ClipTiming[]): number {
  let end = 0;
  for (const c of clips) end = Math.max(end, endFrame(c));
  return end;
}

/** Clips that overlap [fromFrame, toFrame), for drawing only what is visible. */
export function clipsInRange<C extends ClipTiming>(clips: readonly C[], fromFrame: number, toFrame: number): C[] {
  return clips.filter((c) => c.startFrame < toFrame && endFrame(c) > fromFrame);
}

/**
 * Overwrite edit, as after a drop: where a placed clip now covers part of another clip on its track, that part of the
 * other clip goes — it is trimmed, split around the placed clip, or removed when fully covered. Placed clips among
 * themselves are left alone.
 */
export function overwrite<C extends TimelineClip>(
  clips: readonly C[],
  placedIds: ReadonlySet<string>,
  sourceFor: (clip: C) => SourceInfo,
  newId: () => string,
): { changed: C[]; added: C[]; removed: string[] } {
  const placed = clips.filter((c) => placedIds.has(c.id));
  const changed: C[] = [];
  const added: C[] = [];
  const removed: string[] = [];
  for (const original of clips) {
    if (placedIds.has(original.id)) continue;
    // Cut the clip by each covering span in turn; the pieces left are what survives.
    let pieces: C[] = [original];
    for (const cover of placed) {
      if (cover.trackId !== original.trackId) continue;
      const from = cover.startFrame;
      const to = endFrame(cover);
      const next: C[] = [];
      for (const piece of pieces) {
        if (piece.startFrame >= to || endFrame(piece) <= from) {
          next.push(piece);
          continue;
        }
        const source = sourceFor(piece);
        if (piece.startFrame < from) next.push(trimEnd(piece, from, source));
        if (endFrame(piece) > to) {
          const tail = piece.startFrame < from ? { ...piece, id: newId() } : piece;
          next.push(trimStart(tail, to, source));
        }
      }
      pieces = next;
    }
    const kept = pieces.find((p) => p.id === original.id);
    if (!kept) removed.push(original.id);
    else if (kept !== original) changed.push(kept);
    for (const p of pieces) if (p.id !== original.id) added.push(p);
  }
  return { changed, added, removed };
}
