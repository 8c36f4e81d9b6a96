import { memo } from 'react';
import type { Marker } from '../../../src-shared/project';
import { framesToTimecode } from '../../../src-shared/timeline';
import { MARKER_LANE_HEIGHT } from './geometry';

export const MarkerLane = memo(function MarkerLane({ markers, zoom, scrollX, width, fps }: { markers: readonly Marker[]; zoom: number; scrollX: number; width: number; fps: number }) {
  const from = scrollX / zoom;
  const to = (scrollX + width) / zoom;
  return (
    <div className="marker-lane" style={{ height: MARKER_LANE_HEIGHT }} role="group" aria-label="Markers">
      {markers
        .filter((m) => m.frame >= from - 1 && m.frame <= to)
        .map((m) => (
          <div
            key={m.id}
            className="marker"
            data-marker-id={m.id}
            role="img"
            aria-label={`Marker at ${framesToTimecode(m.frame, fps)}${m.label ? `: ${m.label}` : ''}`}
            title={`${m.label || 'Marker'} · drag to move, double-click to delete`}
            style={{ transform: `translateX(${m.frame * zoom - scrollX - 5}px)`, background: m.color }}
          />
        ))}
    </div>
  );
});
