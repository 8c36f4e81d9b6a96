import { useEffect } from 'react';
import { useAppDispatch, useAppSelector, useAppStore } from '../../app/hooks';
import { previewMix } from '../audio/previewMix';
import { selectTimelineEnd } from '../document/selectors';
import { playbackSet, playheadSet } from '../editor/uiSlice';

/**
 * Drives the playhead while playing: wall-clock time × fps × rate (or, while sound plays, the audio clock), so
 * playback keeps time even when a frame is dropped. Stops at either end, or wraps between loop in/out when looping.
 */
export function usePlaybackClock(): void {
  const playing = useAppSelector((s) => s.ui.playing);
  const store = useAppStore();
  const dispatch = useAppDispatch();
  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let origin = performance.now();
    let originFrame = store.getState().ui.playhead;
    let originRate = store.getState().ui.rate;
    const tick = (now: number) => {
      const state = store.getState();
      const { rate, loop, playhead } = state.ui;
      if (rate !== originRate || Math.abs(playhead - expected(now)) > 1) {
        // Restart the clock on a rate change or a seek (scrub, frame step) while playing.
        origin = now;
        originFrame = playhead;
        originRate = rate;
      }
      let frame = Math.round(expected(now));
      const end = selectTimelineEnd(state);
      const loopIn = loop.enabled && loop.in !== null ? loop.in : 0;
      const loopOut = loop.enabled && loop.out !== null && loop.out > loopIn ? loop.out : end;
      if (loop.enabled && frame >= loopOut) {
        frame = loopIn;
        origin = now;
        originFrame = loopIn;
      } else if (frame >= end || frame < 0) {
        dispatch(playheadSet(Math.max(0, Math.min(end, frame))));
        dispatch(playbackSet({ playing: false }));
        return;
      }
      if (frame !== playhead) dispatch(playheadSet(frame));
      raf = requestAnimationFrame(tick);
    };
    function expected(now: number): number {
      // While the preview mix plays, its clock is the clock: the picture follows the sound.
      const heard = previewMix.positionFrames();
      if (heard !== null) return heard;
      const fps = store.getState().document.present.meta?.fps ?? 24;
      return originFrame + ((now - origin) / 1000) * fps * originRate;
    }
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, store, dispatch]);
}
