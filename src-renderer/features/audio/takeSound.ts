import { clipsAdapter, type DocumentState } from '../document/state';
import { defaultClipAudio } from './clipAudio';

/**
 * Gives every clip of a take on a video track a linked audio clip of the take's sound (same timing, on the first
 * unlocked audio track), where it has none. The new clip's id derives from the picture clip's, so the same edit
 * replayed onto other history states makes the same clip.
 */
export function addTakeSounds(state: DocumentState, takeId: string): void {
  const take = state.takes.entities[takeId];
  if (!take?.audioPath || take.status !== 'ready') return;
  const soundTrackId = state.tracks.ids.find((id) => state.tracks.entities[id]!.kind === 'audio' && !state.tracks.entities[id]!.locked);
  if (!soundTrackId) return;
  const clips = state.clips.ids.map((id) => state.clips.entities[id]!);
  for (const picture of clips) {
    if (picture.takeId !== takeId || picture.audio || state.tracks.entities[picture.trackId]?.kind !== 'video') continue;
    const hasSound = picture.linkId && clips.some((c) => c.audio && c.linkId === picture.linkId);
    const soundId = `${picture.id}-sound`;
    if (hasSound || state.clips.entities[soundId]) continue;
    const linkId = picture.linkId ?? picture.id;
    state.clips.entities[picture.id]!.linkId = linkId;
    const { startFrame, durationFrames, sourceInFrame, sourceOutFrame } = picture;
    clipsAdapter.addOne(state.clips, { id: soundId, trackId: soundTrackId, takeId, assetId: null, startFrame, durationFrames, sourceInFrame, sourceOutFrame, audio: defaultClipAudio(), linkId });
  }
}
