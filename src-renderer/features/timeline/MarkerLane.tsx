import { memo, useState, type CSSProperties, type KeyboardEvent } from 'react';
import type { Marker } from '../../../src-shared/project';
import { framesToTimecode } from '../../../src-shared/timeline';
import { useAppDispatch } from '../../app/hooks';
import { markerRenamed, markersRemoved } from '../document/documentSlice';
import { MARKER_LANE_HEIGHT } from './geometry';
import { MarkerLabelEditor } from './MarkerLabelEditor';

const focusMarker = (id: string) => document.querySelector<HTMLElement>(`.marker[data-marker-id="${CSS.escape(id)}"]`)?.focus();

/**
 * The marker lane: a diamond per marker with its label beside it. A marker is a focusable button: Enter (or a
 * double-click) renames it in place, Delete removes it; dragging moves it (useTimelineGestures).
 */
export const MarkerLane = memo(function MarkerLane({ markers, fps }: { markers: readonly Marker[]; fps: number }) {
  const dispatch = useAppDispatch();
  const [editing, setEditing] = useState<string | null>(null);

  const onKeyDown = (m: Marker) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' || e.key === 'F2') {
      e.preventDefault();
      e.stopPropagation();
      setEditing(m.id);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      // Not the clip selection's Delete: this key belongs to the focused marker.
      e.preventDefault();
      e.stopPropagation();
      dispatch(markersRemoved([m.id]));
    }
  };
  const finish = (m: Marker, label: string | null) => {
    setEditing(null);
    if (label !== null && label !== m.label) dispatch(markerRenamed({ id: m.id, label }));
    requestAnimationFrame(() => focusMarker(m.id));
  };

  return (
    <div className="marker-lane" style={{ height: MARKER_LANE_HEIGHT }} role="group" aria-label="Markers">
      <div className="scroll-inner">
        {markers.map((m) => {
          const place = { '--f': m.frame } as CSSProperties;
          const at = framesToTimecode(m.frame, fps);
          return (
            <div key={m.id} className="marker-slot">
              <div
                className="marker"
                data-marker-id={m.id}
                data-frame={m.frame}
                role="button"
                tabIndex={0}
                aria-label={`Marker at ${at}${m.label ? `: ${m.label}` : ''}`}
                title={`${m.label || 'Marker'} · drag to move, double-click or Enter to rename, Delete to remove`}
                style={{ ...place, background: m.color }}
                onKeyDown={onKeyDown(m)}
                onDoubleClick={() => setEditing(m.id)}
              />
              {editing === m.id ? (
                <MarkerLabelEditor
                  label={m.label}
                  timecode={at}
                  style={place}
                  onDone={(label) => finish(m, label)}
                  onDelete={() => {
                    setEditing(null);
                    dispatch(markersRemoved([m.id]));
                  }}
                />
              ) : (
                m.label && (
                  <span className="marker-label" data-marker-id={m.id} style={place} aria-hidden="true" onDoubleClick={() => setEditing(m.id)}>
                    {m.label}
                  </span>
                )
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
});
