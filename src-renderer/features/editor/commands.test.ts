import { configureStore } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import { newProjectDocument } from '../../../src-shared/project';
import { rootReducer, type ThunkExtra } from '../../app/store';
import { documentLoaded } from '../document/documentSlice';
import { undo } from '../history/undoable';
import { deleteSelection, nudgeSelection, selectAdjacentClip, shuttle, splitAtPlayhead, togglePlay, trimSelectionToPlayhead } from './commands';
import { clipsSelected, playbackSet, playheadSet, zoomSet } from './uiSlice';

/** A 24 fps project with three back-to-back 48-frame clips on the video track and one on the audio track. */
function studio() {
  let n = 0;
  const doc = newProjectDocument({ id: 'p', name: 'P', now: '2026-01-01T00:00:00.000Z', createId: () => `t${++n}` });
  const [video, , audio] = doc.tracks;
  doc.clips = [0, 1, 2].map((i) => ({ id: `v${i}`, trackId: video!.id, takeId: null, assetId: `a${i}`, startFrame: i * 48, durationFrames: 48, sourceInFrame: 0, sourceOutFrame: 48 }));
  doc.clips.push({ id: 'x', trackId: audio!.id, takeId: null, assetId: 'ax', startFrame: 60, durationFrames: 48, sourceInFrame: 0, sourceOutFrame: 48 });
  // These commands never reach the engine, so no client.
  const store = configureStore({ reducer: rootReducer, middleware: (getDefault) => getDefault({ thunk: { extraArgument: {} as ThunkExtra } }) });
  store.dispatch(documentLoaded(doc));
  const clip = (id: string) => store.getState().document.present.clips.entities[id];
  return { store, clip };
}

describe('editing commands', () => {
  it('splits only the selected clips under the playhead, or all of them without a selection', () => {
    const { store } = studio();
    store.dispatch(playheadSet(72));
    store.dispatch(clipsSelected({ ids: ['v1'] }));
    store.dispatch(splitAtPlayhead());
    expect(store.getState().document.present.clips.ids).toHaveLength(5);
    store.dispatch(undo());
    store.dispatch(clipsSelected({ ids: [] }));
    store.dispatch(splitAtPlayhead());
    expect(store.getState().document.present.clips.ids).toHaveLength(6);
  });

  it('ripple-deletes the selection on its track and clears the selection', () => {
    const { store, clip } = studio();
    store.dispatch(clipsSelected({ ids: ['v0'] }));
    store.dispatch(deleteSelection(true));
    expect(clip('v0')).toBeUndefined();
    expect(clip('v1')!.startFrame).toBe(0);
    expect(clip('x')!.startFrame).toBe(60);
    expect(store.getState().ui.selectedClipIds).toEqual([]);
  });

  it('nudges by frames, several nudges being one undo step', () => {
    const { store, clip } = studio();
    store.dispatch(clipsSelected({ ids: ['x'] }));
    store.dispatch(nudgeSelection(1));
    store.dispatch(nudgeSelection(1));
    store.dispatch(nudgeSelection(10));
    expect(clip('x')!.startFrame).toBe(72);
    store.dispatch(undo());
    expect(clip('x')!.startFrame).toBe(60);
  });

  it('trims the selection to the playhead with Q and W', () => {
    const { store, clip } = studio();
    store.dispatch(clipsSelected({ ids: ['v1'] }));
    store.dispatch(playheadSet(60));
    store.dispatch(trimSelectionToPlayhead('start'));
    expect(clip('v1')).toMatchObject({ startFrame: 60, durationFrames: 36, sourceInFrame: 12 });
    store.dispatch(playheadSet(80));
    store.dispatch(trimSelectionToPlayhead('end'));
    expect(clip('v1')).toMatchObject({ startFrame: 60, durationFrames: 20, sourceOutFrame: 32 });
  });

  it('walks clips in time order with [ and ]', () => {
    const { store } = studio();
    store.dispatch(selectAdjacentClip(1));
    expect(store.getState().ui.selectedClipIds).toEqual(['v0']);
    store.dispatch(selectAdjacentClip(1));
    store.dispatch(selectAdjacentClip(1));
    expect(store.getState().ui.selectedClipIds).toEqual(['x']); // starts at 60, after v1 at 48
    store.dispatch(selectAdjacentClip(-1));
    expect(store.getState().ui.selectedClipIds).toEqual(['v1']);
  });

  it('shuttles with J/K/L and restarts play from the start at the end', () => {
    const { store } = studio();
    store.dispatch(shuttle('l'));
    store.dispatch(shuttle('l'));
    expect(store.getState().ui).toMatchObject({ playing: true, rate: 2 });
    store.dispatch(shuttle('j'));
    expect(store.getState().ui.rate).toBe(-1);
    store.dispatch(shuttle('k'));
    expect(store.getState().ui.playing).toBe(false);
    store.dispatch(playheadSet(500));
    store.dispatch(togglePlay());
    expect(store.getState().ui).toMatchObject({ playing: true, playhead: 0 });
    store.dispatch(playbackSet({ playing: false }));
  });

  it('zooms around the pointer, keeping the frame under it in place', () => {
    const { store } = studio();
    store.dispatch(zoomSet({ zoom: 4 }));
    const frameAt = (px: number) => (store.getState().ui.scrollX + px) / store.getState().ui.zoom;
    const before = frameAt(300);
    store.dispatch(zoomSet({ zoom: 10, anchorPx: 300 }));
    expect(frameAt(300)).toBeCloseTo(before, 6);
  });
});
