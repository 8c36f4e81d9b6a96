import type { Asset, Clip, ProjectDocument, Take, Track } from '../project/index.js';
import type { AudioTimeline } from './state.js';

/** What of a project document its audio needs. */
export type DocumentAudio = Pick<ProjectDocument, 'fps'> & {
  tracks: readonly Track[];
  clips: readonly Clip[];
  takes: readonly Take[];
  assets: readonly Asset[];
};

/** The sound a clip plays: an imported asset, or the sound that came with a take. */
export const audioSourceKey = (clip: Pick<Clip, 'assetId' | 'takeId'>): string => (clip.assetId ? `asset:${clip.assetId}` : `take:${clip.takeId}`);

/**
 * A project's audio as the mix sees it (the preview's Web Audio schedule and the export's ffmpeg graph): the audio
 * tracks with mute/solo and their clips, each playing a source key, with the project-relative file of every source
 * the document knows. A take's clip counts its source in the take's own frames; here that becomes project frames, as
 * `AudioClip.sourceInFrame` wants.
 */
export function audioTimelineOf(doc: DocumentAudio): { timeline: AudioTimeline; sources: Record<string, string> } {
  const tracks = doc.tracks.filter((t) => t.kind === 'audio');
  const trackIds = new Set(tracks.map((t) => t.id));
  const takes = new Map(doc.takes.map((t) => [t.id, t]));
  const sources: Record<string, string> = {};
  for (const asset of doc.assets) sources[`asset:${asset.id}`] = asset.path;
  for (const take of doc.takes) if (take.audioPath && take.status === 'ready') sources[`take:${take.id}`] = take.audioPath;
  const clips: AudioTimeline['clips'] = [];
  for (const clip of doc.clips) {
    if (!clip.audio || !trackIds.has(clip.trackId)) continue;
    const take = clip.takeId ? takes.get(clip.takeId) : undefined;
    clips.push({
      id: clip.id,
      trackId: clip.trackId,
      assetId: audioSourceKey(clip),
      startFrame: clip.startFrame,
      offsetMs: clip.audio.offsetMs,
      durationFrames: clip.durationFrames,
      sourceInFrame: take ? Math.round((clip.sourceInFrame * doc.fps) / take.fps) : clip.sourceInFrame,
      gainDb: clip.audio.gainDb,
      fadeInFrames: clip.audio.fadeInFrames,
      fadeOutFrames: clip.audio.fadeOutFrames,
      muted: clip.audio.muted,
    });
  }
  return { timeline: { tracks: tracks.map((t) => ({ id: t.id, name: t.name, muted: t.muted, solo: t.solo ?? false })), clips }, sources };
}
