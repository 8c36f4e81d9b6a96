import type { ReactNode } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { Panel } from '../../ui/Panel';
import { Splitter } from '../../ui/Splitter';
import { panelResized, panelToggled } from '../editor/uiSlice';
import { useShortcuts } from '../editor/useShortcuts';
import { FeedPanel } from '../feed';
import { QueuePanel } from '../generation/QueuePanel';
import { PreviewMonitor } from '../preview/PreviewMonitor';
import { usePlaybackClock } from '../preview/usePlaybackClock';
import { Storyboard } from '../storyboard/Storyboard';
import { Timeline } from '../timeline/Timeline';
import { StudioHeader } from './StudioHeader';

/** The studio: storyboard | preview | queue (+ feed slot) above the timeline; every panel resizes and collapses. */
export function Studio({ status }: { status: ReactNode }) {
  const dispatch = useAppDispatch();
  const collapsed = useAppSelector((s) => s.ui.collapsed);
  const sizes = useAppSelector((s) => s.ui.sizes);
  useShortcuts();
  usePlaybackClock();
  const toggle = (id: Parameters<typeof panelToggled>[0]) => () => dispatch(panelToggled(id));
  const columns = [collapsed.storyboard ? '32px' : `${sizes.left}px`, '4px', 'minmax(240px, 1fr)', '4px', collapsed.queue && collapsed.feed ? '32px' : `${sizes.right}px`].join(' ');
  const rows = `minmax(200px, 1fr) 4px ${collapsed.timeline ? '32px' : `${sizes.bottom}px`}`;
  return (
    <div className="studio">
      <StudioHeader status={status} />
      <div className="studio-grid" style={{ gridTemplateColumns: columns, gridTemplateRows: rows }}>
        <div className="area-left">
          <Panel id="storyboard" title="Storyboard" collapsed={collapsed.storyboard} onToggle={toggle('storyboard')}>
            <Storyboard />
          </Panel>
        </div>
        <Splitter label="Resize storyboard" orientation="vertical" size={sizes.left} direction={1} onResize={(size) => dispatch(panelResized({ side: 'left', size }))} />
        <div className="area-center">
          <Panel id="preview" title="Preview" collapsed={collapsed.preview} onToggle={toggle('preview')} className="preview-panel">
            <PreviewMonitor />
          </Panel>
        </div>
        <Splitter label="Resize queue" orientation="vertical" size={sizes.right} direction={-1} onResize={(size) => dispatch(panelResized({ side: 'right', size }))} />
        <div className="area-right">
          <Panel id="queue" title="Queue" collapsed={collapsed.queue} onToggle={toggle('queue')}>
            <QueuePanel />
          </Panel>
          <Panel id="feed" title="Feed" collapsed={collapsed.feed} onToggle={toggle('feed')}>
            <FeedPanel />
          </Panel>
        </div>
        <Splitter label="Resize timeline" orientation="horizontal" size={sizes.bottom} direction={-1} onResize={(size) => dispatch(panelResized({ side: 'bottom', size }))} />
        <div className="area-bottom">
          <Panel id="timeline" title="Timeline" collapsed={collapsed.timeline} onToggle={toggle('timeline')} className="timeline-panel">
            <Timeline />
          </Panel>
        </div>
      </div>
    </div>
  );
}
