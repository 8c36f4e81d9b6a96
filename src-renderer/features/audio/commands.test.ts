import { configureStore } from '@reduxjs/toolkit';
import { describe, expect, it } from 'vitest';
import { newProjectDocument } from '../../../src-shared/project';
import { rootReducer, type AppDispatch } from '../../app/store';
import { audioImported, clipsMoved, documentLoaded } from '../document/documentSlice';
import { undo } from '../history/undoable';
import { runAutoSync, type AutoSyncView } from './audioSlice';
import { applyAutoSync } from './commands';

let n = 0;
const doc = newProjectDocument({ id: 'p', name: 'p', now: '2026-01-01T00:00:00.000Z', fps: 24, createId: () => `track-${++n}` });
const [videoTrack, , audioTrack] = doc.tracks.map((t) => t.id) as [string, string, string];
doc.scenes.push({ id: 's', prompt: '', negativePrompt: '', durationFrames: 96, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: ['t'], activeTakeId: 't' });
doc.takes.push({ id: 't', sceneId: 's', renderPath: 'renders/t.mp4', posterPath: null, frames: 96, fps: 24, seed: 1, modelPack: { id: 'x', version: '1' }, status: 'ready' });
doc.clips.push({ id: 'v', trackId: videoTrack, takeId: 't', assetId: null, startFrame: 0, durationFrames: 96, sourceInFrame: 0, sourceOutFrame: 96 });
const asset = { id: 'a', kind: 'audio' as const, path: 'assets/a.wav', name: 'a.wav', durationSeconds: 4, sampleRate: 48_000, channels: 1 };

/** A store with the sound 3 frames (125 ms) late and an estimate measured there. */
function storeWithEstimate(offsetMs: number) {
  const store = configureStore({ reducer: rootReducer });
  store.dispatch(documentLoaded(doc));
  store.dispatch(audioImported({ asset, clipId: 'c', trackId: audioTrack, atFrame: 3 }));
  const view: AutoSyncView = {
    status: 'synced',
    videoClipId: 'v',
    offsetMs,
    offsetFrames: 3,
    confidence: 0.9,
    matchedEvents: 5,
    measuredAt: { audioStartFrame: 3, audioOffsetMs: 0, videoStartFrame: 0 },
  };
  store.dispatch(runAutoSync.fulfilled(view, 'request', { audioClipId: 'c', videoClipId: 'v' }));
  return store;
}
const sound = (store: ReturnType<typeof storeWithEstimate>) => store.getState().document.present.clips.entities.c!;

describe('applying an auto-sync estimate', () => {
  it('moves the sound by the offset found, to the millisecond, as one undo step, and clears the estimate', () => {
    const store = storeWithEstimate(123);
    applyAutoSync('c')(store.dispatch as AppDispatch, store.getState);
    // 125 ms − 123 ms: frame 0 + 2 ms.
    expect(sound(store)).toMatchObject({ startFrame: 0, audio: { offsetMs: 2 } });
    expect(store.getState().audio.sync.c).toBeUndefined();
    store.dispatch(undo());
    expect(sound(store)).toMatchObject({ startFrame: 3, audio: { offsetMs: 0 } });
  });

  it('does nothing once either clip has moved since the measurement', () => {
    const store = storeWithEstimate(123);
    store.dispatch(clipsMoved({ ids: ['v'], delta: 2 }));
    applyAutoSync('c')(store.dispatch as AppDispatch, store.getState);
    expect(sound(store)).toMatchObject({ startFrame: 3, audio: { offsetMs: 0 } });
    expect(store.getState().audio.sync.c?.status).toBe('synced');
  });
});
