import { memo, useEffect, type CSSProperties } from 'react';
import { useAppDispatch, useAppSelector, useAppStore } from '../../app/hooks';
import { scrolled } from '../editor/uiSlice';

/** The playhead line, placed by CSS from --zoom and its own --scroll-x (set by the Timeline); while playing it pages the view along. */
export const Playhead = memo(function Playhead({ width }: { width: number }) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const playhead = useAppSelector((s) => s.ui.playhead);
  const playing = useAppSelector((s) => s.ui.playing);
  useEffect(() => {
    if (!playing || width <= 0) return;
    const { zoom, scrollX } = store.getState().ui;
    const x = playhead * zoom - scrollX;
    if (x > width - 20 || x < 0) dispatch(scrolled(playhead * zoom - 40));
  }, [dispatch, store, playing, playhead, width]);
  // A layer of its own: the Timeline moves it on every scroll step (--scroll-x), which for a layer is a transform
  // update; painted with the page, every step would repaint the page.
  return <div className="playhead" data-testid="playhead" data-frame={playhead} style={{ '--p': playhead, willChange: 'transform' } as CSSProperties} aria-hidden="true" />;
});
