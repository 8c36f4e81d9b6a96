import type { Clip } from '../../../src-shared/project';
import type { RootState } from '../../app/store';
import { selectClipsByTrack, selectTracks } from '../document/selectors';

/** What the monitor shows at `frame`: the first unmuted video or cameo track (top to bottom) with a clip there. */
export function selectClipAt(state: RootState, frame: number): Clip | null {
  const byTrack = selectClipsByTrack(state);
  for (const track of selectTracks(state)) {
    if (track.muted || (track.kind !== 'video' && track.kind !== 'cameo')) continue;
    for (const clip of byTrack.get(track.id) ?? []) {
      if (clip.startFrame > frame) break;
      if (frame < clip.startFrame + clip.durationFrames) return clip;
    }
  }
  return null;
}
