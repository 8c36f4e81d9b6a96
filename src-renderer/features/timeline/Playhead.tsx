import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { scrolled } from '../editor/uiSlice';

/** The playhead line; while playing it keeps itself in view by paging the timeline. */
export function Playhead({ width }: { width: number }) {
  const dispatch = useAppDispatch();
  const playhead = useAppSelector((s) => s.ui.playhead);
  const zoom = useAppSelector((s) => s.ui.zoom);
  const scrollX = useAppSelector((s) => s.ui.scrollX);
  const playing = useAppSelector((s) => s.ui.playing);
  const x = playhead * zoom - scrollX;
  useEffect(() => {
    if (playing && width > 0 && (x > width - 20 || x < 0)) dispatch(scrolled(playhead * zoom - 40));
  }, [dispatch, playing, x, width, playhead, zoom]);
  if (x < -2 || x > width + 2) return null;
  return <div className="playhead" data-testid="playhead" data-frame={playhead} style={{ transform: `translateX(${x}px)` }} aria-hidden="true" />;
}
