import { memo } from 'react';
import type { Track } from '../../../src-shared/project';
import { useAppDispatch } from '../../app/hooks';
import { AudioTrackControls } from '../audio/AudioTrackControls';
import { trackToggled } from '../document/documentSlice';
import { HEADER_WIDTH, MARKER_LANE_HEIGHT, RULER_HEIGHT, TRACK_HEIGHT } from './geometry';

/** The track names and their mute/lock (and audio) controls, beside the lanes; zooming and scrolling leave them be. */
export const TrackHeaders = memo(function TrackHeaders({ tracks }: { tracks: readonly Track[] }) {
  const dispatch = useAppDispatch();
  return (
    <div className="track-headers" style={{ width: HEADER_WIDTH }}>
      <div className="ruler-spacer" style={{ height: RULER_HEIGHT }} />
      <div className="track-header marker-header" style={{ height: MARKER_LANE_HEIGHT }}>
        Markers
      </div>
      {tracks.map((t) => (
        <div key={t.id} className={`track-header header-${t.kind}`} style={{ height: TRACK_HEIGHT[t.kind] }}>
          <span className="track-name">{t.name}</span>
          <button type="button" className="mini" aria-label={`Mute ${t.name}`} aria-pressed={t.muted} title="Mute" onClick={() => dispatch(trackToggled({ id: t.id, flag: 'muted' }))}>
            M
          </button>
          <button type="button" className="mini" aria-label={`Lock ${t.name}`} aria-pressed={t.locked} title="Lock" onClick={() => dispatch(trackToggled({ id: t.id, flag: 'locked' }))}>
            L
          </button>
          {t.kind === 'audio' && <AudioTrackControls track={t} />}
        </div>
      ))}
    </div>
  );
});
