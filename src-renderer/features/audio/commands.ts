import { applySyncOffset, placementAtMs } from '../../../src-shared/audio';
import type { AppDispatch, RootState } from '../../app/store';
import { audioClipPlaced, audioClipsNudgedMs, clipsLinked, clipsUnlinked } from '../document/documentSlice';
import { currentSyncPlacement, samePlacement, syncDismissed } from './audioSlice';

type Command = (dispatch: AppDispatch, getState: () => RootState) => void;

const nudgeKey = (ids: readonly string[]) => `nudge:${[...ids].sort().join(',')}`;

/** The selected clips that are on audio tracks. */
export const selectedAudioClipIds = (s: RootState) => s.ui.selectedClipIds.filter((id) => s.document.present.clips.entities[id]?.audio);

/**
 * Nudges the selected audio clips by whole milliseconds (Ctrl+Alt+←/→). It shares its undo key with frame nudges
 * (Alt+←/→) of the same selection, so a run of nudges of either size is one undo step.
 */
export const nudgeSelectionMs =
  (ms: number): Command =>
  (dispatch, getState) => {
    const ids = selectedAudioClipIds(getState());
    if (ids.length > 0) dispatch(audioClipsNudgedMs({ ids, ms }, nudgeKey(getState().ui.selectedClipIds)));
  };

/** Applies the auto-sync estimate shown on an audio clip: the clip moves by the offset found (one undo step). */
export const applyAutoSync =
  (audioClipId: string): Command =>
  (dispatch, getState) => {
    const state = getState();
    const view = state.audio.sync[audioClipId];
    const clip = state.document.present.clips.entities[audioClipId];
    if (view?.status !== 'synced' || !clip?.audio) return;
    // Measured for other places: applying it now would move the sound by the wrong amount.
    if (!samePlacement(currentSyncPlacement(state.document.present, audioClipId, view.videoClipId), view.measuredAt)) return;
    const fps = state.document.present.meta?.fps ?? 24;
    const placed = applySyncOffset({ startFrame: clip.startFrame, offsetMs: clip.audio.offsetMs }, view.offsetMs, fps);
    dispatch(audioClipPlaced({ id: audioClipId, ...placed }));
    dispatch(syncDismissed(audioClipId));
  };

/** Typed start time of an audio clip, in ms from the timeline's start (to the millisecond). */
export const placeAudioClipAtMs =
  (audioClipId: string, ms: number): Command =>
  (dispatch, getState) => {
    if (!Number.isFinite(ms)) return;
    const fps = getState().document.present.meta?.fps ?? 24;
    dispatch(audioClipPlaced({ id: audioClipId, ...placementAtMs(ms, fps) }));
  };

/** Links the selected clips (a picture and its sound) or, when they are linked, unlinks them. */
export const toggleLinkSelection = (): Command => (dispatch, getState) => {
  const state = getState();
  const ids = state.ui.selectedClipIds;
  const clips = ids.map((id) => state.document.present.clips.entities[id]).filter((c) => c !== undefined);
  if (clips.some((c) => c.linkId)) dispatch(clipsUnlinked({ ids }));
  else if (clips.length >= 2) dispatch(clipsLinked({ ids }));
};
