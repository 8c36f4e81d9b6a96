import { memo } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { framesToTimecode } from '../../../src-shared/timeline';
import { audioTrackAdded } from '../document/documentSlice';
import { selectFps } from '../document/selectors';
import { addMarkerAtPlayhead, deleteSelection, splitAtPlayhead, trimSelectionToPlayhead, zoomBy, zoomToFit } from '../editor/commands';
import { snappingToggled } from '../editor/uiSlice';

export const TimelineToolbar = memo(function TimelineToolbar({ viewWidth }: { viewWidth: number }) {
  const dispatch = useAppDispatch();
  const snapping = useAppSelector((s) => s.ui.snapping);
  const hasSelection = useAppSelector((s) => s.ui.selectedClipIds.length > 0);
  const playhead = useAppSelector((s) => s.ui.playhead);
  const fps = useAppSelector(selectFps);
  return (
    <div className="toolbar timeline-toolbar" role="toolbar" aria-label="Timeline tools">
      <output className="timecode" aria-label="Timeline timecode">
        {framesToTimecode(playhead, fps)}
      </output>
      <ToolButton label="Snapping" shortcut="N" pressed={snapping} onClick={() => dispatch(snappingToggled())}>
        Snap
      </ToolButton>
      <ToolButton label="Split at playhead" shortcut="S" onClick={() => dispatch(splitAtPlayhead())}>
        ✂ Split
      </ToolButton>
      <ToolButton label="Trim start to playhead" shortcut="Q" disabled={!hasSelection} onClick={() => dispatch(trimSelectionToPlayhead('start'))}>
        ⇤Trim
      </ToolButton>
      <ToolButton label="Trim end to playhead" shortcut="W" disabled={!hasSelection} onClick={() => dispatch(trimSelectionToPlayhead('end'))}>
        Trim⇥
      </ToolButton>
      <ToolButton label="Delete clips" shortcut="Delete" disabled={!hasSelection} onClick={() => dispatch(deleteSelection(false))}>
        Delete
      </ToolButton>
      <ToolButton label="Ripple delete" shortcut="Shift+Delete" disabled={!hasSelection} onClick={() => dispatch(deleteSelection(true))}>
        Ripple delete
      </ToolButton>
      <ToolButton label="Add marker" shortcut="M" onClick={() => dispatch(addMarkerAtPlayhead())}>
        ◆ Marker
      </ToolButton>
      <ToolButton label="Add audio track" onClick={() => dispatch(audioTrackAdded())}>
        + Audio
      </ToolButton>
      <span className="spacer" />
      <ToolButton label="Zoom out" shortcut="-" onClick={() => dispatch(zoomBy(0.8))}>
        −
      </ToolButton>
      <ToolButton label="Zoom in" shortcut="=" onClick={() => dispatch(zoomBy(1.25))}>
        +
      </ToolButton>
      <ToolButton label="Zoom to fit" onClick={() => dispatch(zoomToFit(viewWidth))}>
        Fit
      </ToolButton>
    </div>
  );
});
