import { audioTimelineOf, type AudioTimeline } from '../../../src-shared/audio/index.js';
import type { Clip, ProjectDocument } from '../../../src-shared/project/index.js';

/**
 * What the export plays, frame by frame: the video tracks flattened into one run of segments (the topmost unmuted
 * clip wins where clips overlap; black where none plays) and the audio tracks as the mix's state. Pure: the sources'
 * files and facts come in as `sources`, resolved and probed by the caller.
 */

/** A file a clip plays, with what the plan needs to know about it. */
export interface ExportSource {
  /** Absolute, already checked to lie inside the project. */
  path: string;
  /** The source's own frame rate (a take's fps; a file's probed rate). */
  fps: number;
  /** Length in source frames. */
  frames: number;
}

export type VideoSegment =
  | {
      kind: 'clip';
      clipId: string;
      /** Key into `sources`. */
      sourceKey: string;
      startFrame: number;
      durationFrames: number;
      /** First source frame shown (source frames). */
      sourceInFrame: number;
      /** Source frames per project frame. */
      rate: number;
    }
  | { kind: 'gap'; startFrame: number; durationFrames: number };

export interface ExportTimeline {
  fps: number;
  totalFrames: number;
  video: VideoSegment[];
  /** The audio tracks as the mix's state; each clip's `assetId` is a source key (`audioSourceKey`). */
  audio: AudioTimeline;
  /** Take ids whose pictures or sounds are used: the C2PA ingredients. */
  takeIds: string[];
}

export class ExportPlanError extends Error {
  override readonly name = 'ExportPlanError';
}

/** Key of a clip's picture source: `take:<id>` or `asset:<id>`. */
export function videoSourceKey(clip: Pick<Clip, 'takeId' | 'assetId'>): string {
  return clip.takeId !== null ? `take:${clip.takeId}` : `asset:${clip.assetId}`;
}

const endOf = (clip: Pick<Clip, 'startFrame' | 'durationFrames'>) => clip.startFrame + clip.durationFrames;

/** Every frame from 0 to the end of the last clip on a video or audio track (cameo tracks hold no picture of their own). */
export function timelineLength(doc: ProjectDocument): number {
  const kinds = new Map(doc.tracks.map((t) => [t.id, t.kind]));
  return doc.clips.reduce((end, clip) => {
    const kind = kinds.get(clip.trackId);
    return kind === 'video' || kind === 'audio' ? Math.max(end, endOf(clip)) : end;
  }, 0);
}

/** Flattens the unmuted video tracks: for each stretch of frames the clip of the topmost track that covers it. */
export function flattenVideo(doc: ProjectDocument, sources: Readonly<Record<string, ExportSource>>, totalFrames: number): VideoSegment[] {
  const order = doc.tracks.filter((t) => t.kind === 'video' && !t.muted).map((t) => t.id);
  const rank = new Map(order.map((id, index) => [id, index]));
  const clips = doc.clips.filter((c) => rank.has(c.trackId) && c.startFrame < totalFrames);
  const cuts = [...new Set([0, totalFrames, ...clips.flatMap((c) => [c.startFrame, Math.min(totalFrames, endOf(c))])])].sort((a, b) => a - b);
  const segments: VideoSegment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i]!;
    const to = cuts[i + 1]!;
    const top = clips
      .filter((c) => c.startFrame <= from && endOf(c) >= to)
      .sort((a, b) => rank.get(a.trackId)! - rank.get(b.trackId)!)[0];
    const last = segments[segments.length - 1];
    if (!top) {
      if (last?.kind === 'gap') last.durationFrames += to - from;
      else segments.push({ kind: 'gap', startFrame: from, durationFrames: to - from });
      continue;
    }
    if (last?.kind === 'clip' && last.clipId === top.id) {
      last.durationFrames += to - from;
      continue;
    }
    const key = videoSourceKey(top);
    const source = sources[key];
    if (!source) throw new ExportPlanError(`clip "${top.id}" plays ${key}, which has no file to export from`);
    const rate = source.fps / doc.fps;
    segments.push({
      kind: 'clip',
      clipId: top.id,
      sourceKey: key,
      startFrame: from,
      durationFrames: to - from,
      // A clip partly covered by a higher track resumes where its own timing says it is at `from`.
      sourceInFrame: top.sourceInFrame + Math.floor((from - top.startFrame) * rate + 1e-9),
      rate,
    });
  }
  return segments;
}

/** The export's whole plan from the document and the probed sources. */
export function planExportTimeline(doc: ProjectDocument, sources: Readonly<Record<string, ExportSource>>): ExportTimeline {
  const totalFrames = timelineLength(doc);
  if (totalFrames === 0) throw new ExportPlanError('the timeline is empty: put a take on a video track first');
  const video = flattenVideo(doc, sources, totalFrames);
  // The same audio state the studio's preview plays (a take's sound counted in project frames).
  const { timeline: audio } = audioTimelineOf(doc);
  const used = new Set<string>();
  for (const segment of video) if (segment.kind === 'clip' && segment.sourceKey.startsWith('take:')) used.add(segment.sourceKey.slice(5));
  for (const clip of audio.clips) if (clip.assetId.startsWith('take:')) used.add(clip.assetId.slice(5));
  return { fps: doc.fps, totalFrames, video, audio, takeIds: [...used] };
}
