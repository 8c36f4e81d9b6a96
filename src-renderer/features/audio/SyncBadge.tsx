import type { PointerEvent } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { currentSyncPlacement, samePlacement, syncDismissed, type AutoSyncView } from './audioSlice';
import { applyAutoSync } from './commands';

const stop = (e: PointerEvent) => e.stopPropagation();

/** The auto-sync estimate on its audio clip: the offset found with its confidence, and Apply (one undo step). */
export function SyncBadge({ clipId, view }: { clipId: string; view: AutoSyncView }) {
  const dispatch = useAppDispatch();
  const stale = useAppSelector(
    (s) => view.status === 'synced' && !samePlacement(currentSyncPlacement(s.document.present, clipId, view.videoClipId), view.measuredAt),
  );
  const dismiss = (
    <button type="button" className="mini" aria-label="Dismiss the sync estimate" title="Dismiss" onClick={() => dispatch(syncDismissed(clipId))}>
      ×
    </button>
  );
  if (view.status === 'running') {
    return (
      <div className="sync-badge" role="status" aria-label="Auto-sync" onPointerDown={stop}>
        Syncing…
      </div>
    );
  }
  if (view.status === 'synced' && stale) {
    return (
      <div className="sync-badge problem" role="status" aria-label="Auto-sync" onPointerDown={stop}>
        <span>The clips moved since the sync was measured: run Auto-sync again</span>
        {dismiss}
      </div>
    );
  }
  if (view.status === 'synced') {
    const late = view.offsetMs > 0;
    const amount = `${Math.abs(Math.round(view.offsetMs))} ms ${late ? 'late' : 'early'} (${Math.abs(view.offsetFrames)} fr)`;
    return (
      <div className="sync-badge found" role="status" aria-label="Auto-sync" onPointerDown={stop} data-offset-ms={view.offsetMs} data-confidence={view.confidence}>
        <span>
          Sound {Math.round(view.offsetMs) === 0 ? 'in sync' : amount} · confidence {Math.round(view.confidence * 100)} %
        </span>
        <button type="button" className="mini primary" aria-label="Apply the sync offset" onClick={() => dispatch(applyAutoSync(clipId))}>
          Apply
        </button>
        {dismiss}
      </div>
    );
  }
  return (
    <div className="sync-badge problem" role="status" aria-label="Auto-sync" onPointerDown={stop}>
      <span>{view.status === 'error' ? view.message : `No sync found: ${view.reason}`}</span>
      {dismiss}
    </div>
  );
}
