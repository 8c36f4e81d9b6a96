import { audioSourceKey, audioTimelineOf, type AudioTimeline } from '../../../src-shared/audio';
import { CLIP_MAX_GAIN_DB, CLIP_MIN_GAIN_DB, type Clip, type ClipAudio } from '../../../src-shared/project';
import type { DocumentState } from '../document/state';

export { audioSourceKey };

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

/** The document's entity collections as plain arrays, for src-shared/audio's `audioTimelineOf`. */
function documentAudio(state: DocumentState) {
  const all = <T>(c: { ids: readonly string[]; entities: Record<string, T | undefined> }) => c.ids.map((id) => c.entities[id]!);
  return { fps: state.meta?.fps ?? 24, tracks: all(state.tracks), clips: all(state.clips), takes: all(state.takes), assets: all(state.assets) };
}

/** The project-relative file of each audio source key; sources whose file is unknown are left out. */
export function audioSourcePaths(state: DocumentState): Map<string, string> {
  return new Map(Object.entries(audioTimelineOf(documentAudio(state)).sources));
}

/** The document's audio as src-shared/audio sees it (the model the preview mix and the export share). */
export function toAudioTimeline(state: DocumentState): AudioTimeline {
  return audioTimelineOf(documentAudio(state)).timeline;
}
