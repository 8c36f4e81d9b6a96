import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore, type CSSProperties } from 'react';
import { useAppDispatch, useAppSelector, useAppStore } from '../../app/hooks';
import { AudioInspector } from '../audio/AudioInspector';
import { selectClipsByTrack, selectFps, selectMarkers, selectTakeLabels, selectTimelineEnd, selectTracks } from '../document/selectors';
import { fetchMediaUrls } from '../project/mediaSlice';
import { zoomBy } from '../editor/commands';
import { scrolled } from '../editor/uiSlice';
import { drawRange, HEADER_WIDTH } from './geometry';
import { LaneRanges } from './laneRanges';
import { MarkerLane } from './MarkerLane';
import { Playhead } from './Playhead';
import { Ruler } from './Ruler';
import { TimelineToolbar } from './TimelineToolbar';
import { TrackLane } from './TrackLane';
import { TrackHeaders } from './TrackHeaders';
import { useTimelineGestures } from './useTimelineGestures';
import { useZoomGesture } from './useZoomGesture';
import { ZoomOverview } from './ZoomOverview';
import { viewMoved } from './viewMotion';

const NO_CLIPS: never[] = [];
/** Its own selectors keep it current; a zoom or scroll step of the timeline has nothing for it. */
const Inspector = memo(AudioInspector);

/** The multi-track timeline: ruler, marker lane, video/cameo/audio tracks; Ctrl+wheel zooms, wheel scrolls. */
export function Timeline() {
  const dispatch = useAppDispatch();
  const store = useAppStore();
  const tracks = useAppSelector(selectTracks);
  const byTrack = useAppSelector(selectClipsByTrack);
  const markers = useAppSelector(selectMarkers);
  const fps = useAppSelector(selectFps);
  const end = useAppSelector(selectTimelineEnd);
  const zoom = useAppSelector((s) => s.ui.zoom);
  const scrollX = useAppSelector((s) => s.ui.scrollX);
  const selectedIds = useAppSelector((s) => s.ui.selectedClipIds);
  const selected = useMemo(() => new Set(selectedIds), [selectedIds]);
  const labels = useAppSelector(selectTakeLabels);
  const urls = useAppSelector((s) => s.media.urls);
  const area = useRef<HTMLDivElement>(null);
  const scrollbar = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const gestures = useTimelineGestures(area);
  const { active: zooming, started: zoomStarted } = useZoomGesture();

  useEffect(() => {
    const el = area.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    setWidth(el.clientWidth);
    // Not passive: Ctrl+wheel must not zoom the page.
    const onWheel = (e: WheelEvent) => {
      // Alt+wheel scrolls the tracks up and down natively.
      if (e.altKey) return;
      e.preventDefault();
      if (e.ctrlKey || e.metaKey) {
        zoomStarted();
        dispatch(zoomBy(Math.exp(-e.deltaY * 0.002), e.clientX - el.getBoundingClientRect().left));
      }
      else dispatch(scrolled(store.getState().ui.scrollX + (e.deltaX || e.deltaY)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => {
      observer.disconnect();
      el.removeEventListener('wheel', onWheel);
    };
  }, [dispatch, store, zoomStarted]);

  // Posters of the takes on the timeline, asked for in one batch.
  useEffect(() => {
    const missing = [...labels.values()].map((l) => l.posterPath).filter((p): p is string => p !== null && !urls[p]);
    if (missing.length > 0) void dispatch(fetchMediaUrls(missing));
  }, [dispatch, labels, urls]);

  const contentWidth = Math.max(width, (end + fps * 10) * zoom);
  const { from, to } = drawRange(scrollX, zoom, width);
  // While only scrolling, lanes take a step of the draw range a few per frame (see LaneRanges).
  const [laneRanges] = useState(() => new LaneRanges());
  useSyncExternalStore(laneRanges.subscribe, laneRanges.version);
  const trackIds = useMemo(() => tracks.map((t) => t.id), [tracks]);
  const plan = laneRanges.plan(trackIds, { from, to }, { from: scrollX / zoom, to: (scrollX + width) / zoom }, { zoom, width, zooming });
  useLayoutEffect(() => laneRanges.commit(plan, { from, to }, { zoom, width, zooming }), [laneRanges, plan, from, to, zoom, width, zooming]);
  useEffect(() => () => laneRanges.dispose(), [laneRanges]);
  const zoomingView = useMemo(() => (zooming ? { from: scrollX / zoom, to: (scrollX + width) / zoom } : null), [zooming, scrollX, zoom, width]);
  // Scrolling moves a few strips by transform, set here directly: a CSS variable on the lanes would restyle every
  // clip, and a React prop would re-render every lane.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    for (const strip of el.querySelectorAll<HTMLElement>('.scroll-inner, .lane-inner')) strip.style.transform = `translateX(${-scrollX}px)`;
    el.querySelector<HTMLElement>('.playhead')?.style.setProperty('--scroll-x', String(scrollX));
  }, [scrollX, tracks, from, to]);
  // A scroll or zoom step: work that can wait for the view to rest (creating waveforms) waits.
  const view = useRef({ scrollX, zoom });
  useLayoutEffect(() => {
    if (view.current.scrollX === scrollX && view.current.zoom === zoom) return;
    view.current = { scrollX, zoom };
    viewMoved();
  }, [scrollX, zoom]);
  useEffect(() => {
    const raf = requestAnimationFrame(() => {
      if (scrollbar.current && Math.abs(scrollbar.current.scrollLeft - scrollX) > 1) scrollbar.current.scrollLeft = scrollX;
    });
    return () => cancelAnimationFrame(raf);
  }, [scrollX]);


  return (
    <div className="timeline">
      <TimelineToolbar viewWidth={width} />
      <Inspector />
      <div className="timeline-body">
        <TrackHeaders tracks={tracks} />
        <div
          className="lanes"
          ref={area}
          role="region"
          aria-label="Timeline tracks"
          onPointerDown={gestures.onPointerDown}
          onPointerMove={gestures.onPointerMove}
          onPointerUp={gestures.onPointerUp}
          onPointerCancel={gestures.onPointerCancel}
          style={{ '--zoom': zoom } as CSSProperties}
        >
          <Ruler zoom={zoom} from={zoomingView ? Math.max(from, Math.floor(zoomingView.from)) : from} to={zoomingView ? Math.min(to, Math.ceil(zoomingView.to)) : to} fps={fps} />
          <MarkerLane markers={markers} fps={fps} />
          {tracks.map((t) => (
            <TrackLane
              key={t.id}
              track={t}
              clips={byTrack.get(t.id) ?? NO_CLIPS}
              from={plan.get(t.id)?.from ?? from}
              to={plan.get(t.id)?.to ?? to}
              zoom={zoom}
              selected={selected}
              labels={labels}
              urls={urls}
              fps={fps}
              zooming={zooming}
            />
          ))}
          {zoomingView && <ZoomOverview tracks={tracks} byTrack={byTrack} from={zoomingView.from} to={zoomingView.to} zoom={zoom} fps={fps} width={width} selected={selected} />}
          <Playhead width={width} />
          {gestures.marquee && <div className="marquee" style={gestures.marquee} aria-hidden="true" />}
          {gestures.snapLine !== null && <div className="snap-line" style={{ transform: `translateX(${gestures.snapLine * zoom - scrollX}px)` }} aria-hidden="true" />}
        </div>
      </div>
      <div className="timeline-scroll" ref={scrollbar} style={{ marginLeft: HEADER_WIDTH }} onScroll={(e) => dispatch(scrolled(e.currentTarget.scrollLeft))} aria-label="Scroll the timeline">
        <div style={{ width: contentWidth, height: 1 }} />
      </div>
    </div>
  );
}
