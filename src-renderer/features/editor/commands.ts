import type { AppDispatch, RootState } from '../../app/store';
import { clipTrimmed, clipsDeleted, clipsMoved, clipsSplit, markerAdded } from '../document/documentSlice';
import { selectTimelineEnd } from '../document/selectors';
import { clipsSelected, loopSet, playbackSet, playheadSet, zoomSet } from './uiSlice';

type Command = (dispatch: AppDispatch, getState: () => RootState) => void;

/** Splits the selected clips under the playhead, or every clip under it when none is selected. */
export const splitAtPlayhead = (): Command => (dispatch, getState) => {
  const { playhead, selectedClipIds } = getState().ui;
  dispatch(clipsSplit({ frame: playhead, ids: selectedClipIds.length > 0 ? selectedClipIds : null }));
};

export const deleteSelection =
  (ripple: boolean): Command =>
  (dispatch, getState) => {
    const ids = getState().ui.selectedClipIds;
    if (ids.length === 0) return;
    dispatch(clipsDeleted({ ids, ripple }));
    dispatch(clipsSelected({ ids: [] }));
  };

export const stepFrames =
  (frames: number): Command =>
  (dispatch, getState) => {
    dispatch(playbackSet({ playing: false }));
    dispatch(playheadSet(getState().ui.playhead + frames));
  };

export const goTo =
  (where: 'start' | 'end'): Command =>
  (dispatch, getState) => {
    dispatch(playheadSet(where === 'start' ? 0 : selectTimelineEnd(getState())));
  };

export const togglePlay = (): Command => (dispatch, getState) => {
  const { playing, playhead, loop } = getState().ui;
  if (!playing && playhead >= selectTimelineEnd(getState()) && !loop.enabled) dispatch(playheadSet(0));
  dispatch(playbackSet({ playing: !playing, rate: 1 }));
};

/** J/K/L: L plays forward (faster on each press), J backwards, K stops. */
export const shuttle =
  (key: 'j' | 'k' | 'l'): Command =>
  (dispatch, getState) => {
    const { playing, rate } = getState().ui;
    if (key === 'k') return void dispatch(playbackSet({ playing: false }));
    const dir = key === 'l' ? 1 : -1;
    const next = playing && Math.sign(rate) === dir ? Math.min(8, Math.abs(rate) * 2) * dir : dir;
    dispatch(playbackSet({ playing: true, rate: next }));
  };

export const markLoop =
  (edge: 'in' | 'out'): Command =>
  (dispatch, getState) => {
    const frame = getState().ui.playhead;
    dispatch(loopSet(edge === 'in' ? { in: frame, enabled: true } : { out: frame, enabled: true }));
  };

export const addMarkerAtPlayhead = (): Command => (dispatch, getState) => {
  dispatch(markerAdded({ frame: getState().ui.playhead }));
};

/** Zooms so the whole timeline fits `widthPx`. */
export const zoomToFit =
  (widthPx: number): Command =>
  (dispatch, getState) => {
    const end = Math.max(selectTimelineEnd(getState()), (getState().document.present.meta?.fps ?? 24) * 10);
    dispatch(zoomSet({ zoom: (widthPx - 24) / end }));
  };

export const zoomBy =
  (factor: number, anchorPx?: number): Command =>
  (dispatch, getState) => {
    dispatch(zoomSet({ zoom: getState().ui.zoom * factor, anchorPx }));
  };

/** Nudges the selected clips by whole frames (Alt+←/→); repeated nudges of the same clips are one undo step. */
export const nudgeSelection =
  (frames: number): Command =>
  (dispatch, getState) => {
    const ids = getState().ui.selectedClipIds;
    if (ids.length > 0) dispatch(clipsMoved({ ids, delta: frames }, `nudge:${[...ids].sort().join(',')}`));
  };

/** Trims the selected clips' start (Q) or end (W) to the playhead, where the playhead is inside them. */
export const trimSelectionToPlayhead =
  (edge: 'start' | 'end'): Command =>
  (dispatch, getState) => {
    const { playhead, selectedClipIds } = getState().ui;
    for (const id of selectedClipIds) {
      const clip = getState().document.present.clips.entities[id];
      if (clip && playhead > clip.startFrame && playhead < clip.startFrame + clip.durationFrames) dispatch(clipTrimmed({ id, edge, toFrame: playhead }));
    }
  };

/** Selects the next/previous clip in time across all tracks (Tab-like walking with [ and ]). */
export const selectAdjacentClip =
  (direction: 1 | -1): Command =>
  (dispatch, getState) => {
    const state = getState();
    const clips = state.document.present.clips.ids.map((id) => state.document.present.clips.entities[id]!).sort((a, b) => a.startFrame - b.startFrame || a.id.localeCompare(b.id));
    if (clips.length === 0) return;
    const current = clips.findIndex((c) => c.id === state.ui.selectedClipIds[state.ui.selectedClipIds.length - 1]);
    const next = clips[current < 0 ? (direction > 0 ? 0 : clips.length - 1) : Math.max(0, Math.min(clips.length - 1, current + direction))]!;
    dispatch(clipsSelected({ ids: [next.id] }));
  };
