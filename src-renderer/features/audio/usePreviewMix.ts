import { createSelector } from '@reduxjs/toolkit';
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector, useAppStore } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { fetchMediaUrls } from '../project/mediaSlice';
import { audioSourcePaths, toAudioTimeline } from './clipAudio';
import { previewMix } from './previewMix';

export const selectAudioTimeline = createSelector([(s: RootState) => s.document.present], (doc) => toAudioTimeline(doc));
const selectSourcePaths = createSelector([(s: RootState) => s.document.present], (doc) => audioSourcePaths(doc));

/**
 * Drives the preview mix from the transport: plays every audio track, mixed, while the timeline plays forwards (at
 * the shuttle's speed), restarts it from the playhead after a seek, an edit or a change of speed, and stops it on
 * pause; playing backwards is silent. Also fetches the URLs of the sounds in use and starts decoding them before play is pressed.
 */
export function usePreviewMix(): void {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  // Forward at any shuttle speed; backwards is silent (a buffer source cannot play in reverse).
  const rate = useAppSelector((s) => (s.ui.playing && s.ui.rate > 0 ? s.ui.rate : 0));
  const timeline = useAppSelector(selectAudioTimeline);
  const paths = useAppSelector(selectSourcePaths);
  const urls = useAppSelector((s) => s.media.urls);

  const used = [...new Set(timeline.clips.map((c) => paths.get(c.assetId)).filter((p): p is string => p !== undefined))];
  const missing = used.filter((p) => !urls[p]);
  const missingKey = missing.join('\n');
  useEffect(() => {
    if (missingKey) void dispatch(fetchMediaUrls(missingKey.split('\n')));
  }, [dispatch, missingKey]);

  const readyKey = used.map((p) => urls[p] ?? '').join('\n');
  useEffect(() => {
    if (timeline.clips.length > 0) previewMix.preload(readyKey.split('\n').filter(Boolean));
  }, [readyKey, timeline.clips.length]);

  useEffect(() => {
    if (rate === 0) {
      previewMix.stop();
      return;
    }
    const fps = () => store.getState().document.present.meta?.fps ?? 24;
    const urlOf = (key: string) => {
      const path = selectSourcePaths(store.getState()).get(key);
      return path ? store.getState().media.urls[path] : undefined;
    };
    const start = () => void previewMix.play(selectAudioTimeline(store.getState()), urlOf, () => store.getState().ui.playhead, fps(), rate);
    start();
    let lastTimeline = selectAudioTimeline(store.getState());
    const unsubscribe = store.subscribe(() => {
      const state = store.getState();
      const current = selectAudioTimeline(state);
      const heard = previewMix.positionFrames();
      // An edit to the audio, or a seek (the playhead is not where the sound is): start again from the playhead.
      if (current !== lastTimeline || (heard !== null && Math.abs(state.ui.playhead - heard) > 1.5)) {
        lastTimeline = current;
        start();
      }
    });
    return () => {
      unsubscribe();
      previewMix.stop();
    };
  }, [rate, store]);
}
