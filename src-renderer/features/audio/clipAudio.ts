import type { AudioTimeline } from '../../../src-shared/audio';
import { CLIP_MAX_GAIN_DB, CLIP_MIN_GAIN_DB, type Clip, type ClipAudio } from '../../../src-shared/project';
import type { DocumentState } from '../document/state';

/** A new audio clip's settings: unity gain, no fades, on its frame, audible. */
export const defaultClipAudio = (): ClipAudio => ({ gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false });

export const clampGainDb = (db: number) => Math.min(CLIP_MAX_GAIN_DB, Math.max(CLIP_MIN_GAIN_DB, Math.round(db * 10) / 10));

/**
 * Keeps a clip's fades inside it after its length changed (trim, split, overwrite): the fade-in keeps what it can,
 * the fade-out gets the rest.
 */
export function fitAudio<C extends Pick<Clip, 'durationFrames' | 'audio'>>(clip: C): C {
  if (!clip.audio) return clip;
  const fadeIn = Math.min(clip.audio.fadeInFrames, clip.durationFrames);
  const fadeOut = Math.min(clip.audio.fadeOutFrames, clip.durationFrames - fadeIn);
  if (fadeIn === clip.audio.fadeInFrames && fadeOut === clip.audio.fadeOutFrames) return clip;
  return { ...clip, audio: { ...clip.audio, fadeInFrames: fadeIn, fadeOutFrames: fadeOut } };
}

/** After a split the cut is not a fade: the left part keeps the fade-in, the right part the fade-out. */
export function splitAudio<C extends Pick<Clip, 'durationFrames' | 'audio'>>(left: C, right: C): [C, C] {
  if (!left.audio || !right.audio) return [left, right];
  return [fitAudio({ ...left, audio: { ...left.audio, fadeOutFrames: 0 } }), fitAudio({ ...right, audio: { ...right.audio, fadeInFrames: 0 } })];
}

/** The ids plus every clip linked to one of them (a take's picture and its sound move together). */
export function withLinked(state: DocumentState, ids: Iterable<string>): string[] {
  const out = new Set<string>();
  const links = new Set<string>();
  for (const id of ids) {
    const clip = state.clips.entities[id];
    if (!clip) continue;
    out.add(id);
    if (clip.linkId) links.add(clip.linkId);
  }
  if (links.size === 0) return [...out];
  for (const id of state.clips.ids) {
    const linkId = state.clips.entities[id]!.linkId;
    if (linkId && links.has(linkId)) out.add(id);
  }
  return [...out];
}

/** What an audio clip plays: an imported asset, or the sound that came with a take. */
export const audioSourceKey = (clip: Pick<Clip, 'assetId' | 'takeId'>) => (clip.assetId ? `asset:${clip.assetId}` : `take:${clip.takeId}`);

/** The project-relative file of each audio source key; sources whose file is unknown are left out. */
export function audioSourcePaths(state: DocumentState): Map<string, string> {
  const paths = new Map<string, string>();
  for (const id of state.assets.ids) paths.set(`asset:${id}`, state.assets.entities[id]!.path);
  for (const id of state.takes.ids) {
    const take = state.takes.entities[id]!;
    if (take.audioPath && take.status === 'ready') paths.set(`take:${id}`, take.audioPath);
  }
  return paths;
}

/**
 * The document's audio as src-shared/audio sees it (the model the preview mix and the export share): audio tracks
 * with mute/solo, and their clips with positions in project frames (a take's source frames mapped to the project's).
 */
export function toAudioTimeline(state: DocumentState): AudioTimeline {
  const fps = state.meta?.fps ?? 24;
  const tracks = state.tracks.ids.map((id) => state.tracks.entities[id]!).filter((t) => t.kind === 'audio');
  const trackIds = new Set(tracks.map((t) => t.id));
  const clips: AudioTimeline['clips'] = [];
  for (const id of state.clips.ids) {
    const clip = state.clips.entities[id]!;
    if (!clip.audio || !trackIds.has(clip.trackId)) continue;
    const take = clip.takeId ? state.takes.entities[clip.takeId] : undefined;
    const rate = take ? take.fps / fps : 1;
    clips.push({
      id: clip.id,
      trackId: clip.trackId,
      assetId: audioSourceKey(clip),
      startFrame: clip.startFrame,
      offsetMs: clip.audio.offsetMs,
      durationFrames: clip.durationFrames,
      sourceInFrame: Math.round(clip.sourceInFrame / rate),
      gainDb: clip.audio.gainDb,
      fadeInFrames: clip.audio.fadeInFrames,
      fadeOutFrames: clip.audio.fadeOutFrames,
      muted: clip.audio.muted,
    });
  }
  return { tracks: tracks.map((t) => ({ id: t.id, name: t.name, muted: t.muted, solo: t.solo ?? false })), clips };
}
