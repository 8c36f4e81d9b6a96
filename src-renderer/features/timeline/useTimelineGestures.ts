import { useRef, useState, type PointerEvent, type RefObject } from 'react';
import { snapFrame, snapSpan, snapTargets } from '../../../src-shared/timeline';
import { useAppDispatch, useAppStore } from '../../app/hooks';
import { clipTrimmed, clipsMoved, clipsSettled, markerMoved } from '../document/documentSlice';
import { clipsSelected, playheadSet } from '../editor/uiSlice';
import { clipNearFrame, SNAP_PIXELS } from './geometry';

/** How near, in pixels, a press on an overview lane may fall from a clip and still take it. */
const OVERVIEW_HIT_PIXELS = 3;

type Gesture =
  | { kind: 'scrub' }
  | { kind: 'move'; id: string; ids: string[]; originStart: number; duration: number; targets: number[]; startX: number; started: boolean; gestureId: string; trackId: string }
  | { kind: 'trim'; id: string; edge: 'start' | 'end'; targets: number[]; gestureId: string }
  | { kind: 'marker'; id: string; gestureId: string }
  | { kind: 'marquee'; x0: number; y0: number; x1: number; y1: number; additive: boolean };

export interface Marquee {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Pointer editing on the timeline lanes: scrub on the ruler, move and trim clips (snapping when on), drag markers,
 * marquee-select on empty lane space, click to place the playhead. Each drag is one undo step (a gesture id).
 */
export function useTimelineGestures(area: RefObject<HTMLDivElement | null>) {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const gesture = useRef<Gesture | null>(null);
  const [marquee, setMarquee] = useState<Marquee | null>(null);
  /** The frame a drag is snapped to, drawn as a guide line. */
  const [snapLine, setSnapLine] = useState<number | null>(null);

  const local = (e: PointerEvent) => {
    const rect = area.current!.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  };
  const frameAt = (x: number) => {
    const { zoom, scrollX } = store.getState().ui;
    return (x + scrollX) / zoom;
  };
  const threshold = () => (store.getState().ui.snapping ? SNAP_PIXELS / store.getState().ui.zoom : -1);
  const targetsExcept = (ids: ReadonlySet<string>) => {
    const s = store.getState();
    const doc = s.document.present;
    return snapTargets({
      clips: doc.clips.ids.filter((id) => !ids.has(id)).map((id) => doc.clips.entities[id]!),
      playhead: s.ui.playhead,
      markers: doc.markers.ids.map((id) => doc.markers.entities[id]!.frame),
    });
  };

  const clipUnder = (trackId: string, frame: number): string | undefined => {
    const s = store.getState();
    const doc = s.document.present;
    const onTrack = doc.clips.ids.map((cid) => doc.clips.entities[cid]!).filter((c) => c.trackId === trackId);
    onTrack.sort((a, b) => a.startFrame - b.startFrame);
    return clipNearFrame(onTrack, frame, OVERVIEW_HIT_PIXELS / s.ui.zoom)?.id;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !area.current) return;
    const target = e.target as HTMLElement;
    const { x, y } = local(e);
    const state = store.getState();
    const markerEl = target.closest<HTMLElement>('[data-marker-id]');
    // Captured by the marker itself (moves still bubble up to the lanes), so a double-click reaches the marker and
    // opens its rename field; anything else is captured by the lanes.
    (markerEl ?? area.current).setPointerCapture(e.pointerId);
    if (target.closest('[data-role="ruler"]')) {
      gesture.current = { kind: 'scrub' };
      dispatch(playheadSet(frameAt(x)));
      return;
    }
    if (markerEl) {
      gesture.current = { kind: 'marker', id: markerEl.dataset.markerId!, gestureId: crypto.randomUUID() };
      return;
    }
    const clipEl = target.closest<HTMLElement>('[data-clip-id]');
    const overview = clipEl ? null : target.closest<HTMLElement>('[data-overview-track-id]');
    // On a lane drawn as an overview, the clip under the pointer (or the nearest within a few pixels) comes from the document.
    const id = clipEl?.dataset.clipId ?? (overview ? clipUnder(overview.dataset.overviewTrackId!, frameAt(x)) : undefined);
    if (id) {
      const clip = state.document.present.clips.entities[id];
      if (!clip) return;
      const edge = clipEl ? (target.dataset.edge as 'start' | 'end' | undefined) : undefined;
      if (edge) {
        dispatch(clipsSelected({ ids: [id] }));
        gesture.current = { kind: 'trim', id, edge, targets: targetsExcept(new Set([id])), gestureId: crypto.randomUUID() };
        return;
      }
      const toggle = e.shiftKey || e.ctrlKey || e.metaKey;
      const selected = state.ui.selectedClipIds;
      if (toggle) dispatch(clipsSelected({ ids: [id], mode: 'toggle' }));
      else if (!selected.includes(id)) dispatch(clipsSelected({ ids: [id] }));
      const ids = store.getState().ui.selectedClipIds.includes(id) ? store.getState().ui.selectedClipIds : [id];
      gesture.current = {
        kind: 'move',
        id,
        ids,
        originStart: clip.startFrame,
        duration: clip.durationFrames,
        targets: targetsExcept(new Set(ids)),
        startX: x,
        started: false,
        gestureId: crypto.randomUUID(),
        trackId: clip.trackId,
      };
      return;
    }
    gesture.current = { kind: 'marquee', x0: x, y0: y, x1: x, y1: y, additive: e.shiftKey || e.ctrlKey || e.metaKey };
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    if (!g) return;
    const { x, y } = local(e);
    const state = store.getState();
    switch (g.kind) {
      case 'scrub':
        dispatch(playheadSet(frameAt(x)));
        return;
      case 'marker': {
        const snapped = snapFrame(Math.round(frameAt(x)), targetsExcept(new Set()), threshold());
        setSnapLine(snapped.target);
        dispatch(markerMoved({ id: g.id, frame: snapped.frame }, g.gestureId));
        return;
      }
      case 'trim': {
        const snapped = snapFrame(Math.round(frameAt(x)), g.targets, threshold());
        setSnapLine(snapped.target);
        dispatch(clipTrimmed({ id: g.id, edge: g.edge, toFrame: snapped.frame }, g.gestureId));
        return;
      }
      case 'move': {
        if (!g.started && Math.abs(x - g.startX) < 3) return;
        g.started = true;
        const raw = g.originStart + Math.round((x - g.startX) / state.ui.zoom);
        const snapped = snapSpan(raw, g.duration, g.targets, threshold());
        setSnapLine(snapped.target);
        const wanted = snapped.frame;
        const current = state.document.present.clips.entities[g.id];
        if (!current) return;
        const lane = document.elementsFromPoint(e.clientX, e.clientY).find((el) => el instanceof HTMLElement && el.dataset.trackId) as HTMLElement | undefined;
        const trackId = g.ids.length === 1 && lane?.dataset.trackId && lane.dataset.trackId !== current.trackId ? lane.dataset.trackId : undefined;
        const delta = wanted - current.startFrame;
        if (delta !== 0 || trackId) dispatch(clipsMoved({ ids: g.ids, delta, trackId }, g.gestureId));
        return;
      }
      case 'marquee': {
        g.x1 = x;
        g.y1 = y;
        if (Math.abs(g.x1 - g.x0) > 3 || Math.abs(g.y1 - g.y0) > 3) {
          setMarquee({ left: Math.min(g.x0, x), top: Math.min(g.y0, y), width: Math.abs(x - g.x0), height: Math.abs(y - g.y0) });
        }
      }
    }
  };

  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    const g = gesture.current;
    gesture.current = null;
    setSnapLine(null);
    if (area.current?.hasPointerCapture(e.pointerId)) area.current.releasePointerCapture(e.pointerId);
    // A dropped or trimmed clip overwrites what it now covers, in the same undo step as the drag.
    if (g?.kind === 'move' && g.started) dispatch(clipsSettled(g.ids, g.gestureId));
    if (g?.kind === 'trim') dispatch(clipsSettled([g.id], g.gestureId));
    if (!g || g.kind !== 'marquee') return;
    setMarquee(null);
    const moved = Math.abs(g.x1 - g.x0) > 3 || Math.abs(g.y1 - g.y0) > 3;
    if (!moved) {
      // A click on empty space: place the playhead, clear the selection.
      dispatch(playheadSet(frameAt(g.x0)));
      if (!g.additive) dispatch(clipsSelected({ ids: [] }));
      return;
    }
    const areaRect = area.current!.getBoundingClientRect();
    const top = Math.min(g.y0, g.y1) + areaRect.top;
    const bottom = Math.max(g.y0, g.y1) + areaRect.top;
    const tracks = new Set(
      [...area.current!.querySelectorAll<HTMLElement>('[data-track-id]')]
        .filter((lane) => {
          const r = lane.getBoundingClientRect();
          return r.bottom > top && r.top < bottom;
        })
        .map((lane) => lane.dataset.trackId!),
    );
    const from = frameAt(Math.min(g.x0, g.x1));
    const to = frameAt(Math.max(g.x0, g.x1));
    const doc = store.getState().document.present;
    const ids = doc.clips.ids.filter((id) => {
      const c = doc.clips.entities[id]!;
      return tracks.has(c.trackId) && c.startFrame < to && c.startFrame + c.durationFrames > from;
    });
    dispatch(clipsSelected({ ids, mode: g.additive ? 'add' : 'replace' }));
  };

  return { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, marquee, snapLine };
}
