import { memo, type CSSProperties } from 'react';
import type { Marker } from '../../../src-shared/project';
import { framesToTimecode } from '../../../src-shared/timeline';
import { MARKER_LANE_HEIGHT } from './geometry';

export const MarkerLane = memo(function MarkerLane({ markers, fps }: { markers: readonly Marker[]; fps: number }) {
  return (
    <div className="marker-lane" style={{ height: MARKER_LANE_HEIGHT }} role="group" aria-label="Markers">
      <div className="scroll-inner">
        {markers.map((m) => (
          <div
            key={m.id}
            className="marker"
            data-marker-id={m.id}
            data-frame={m.frame}
            role="img"
            aria-label={`Marker at ${framesToTimecode(m.frame, fps)}${m.label ? `: ${m.label}` : ''}`}
            title={`${m.label || 'Marker'} · drag to move, double-click to delete`}
            style={{ '--f': m.frame, background: m.color } as CSSProperties}
          />
        ))}
      </div>
    </div>
  );
});
