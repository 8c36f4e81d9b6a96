import { memo, useLayoutEffect, useRef } from 'react';
import type { Clip, Track } from '../../../src-shared/project';
import { cleanCanvas } from './cleanCanvas';
import { longestSpan, visibleSpans } from './geometry';
import { colourOf, drawBars } from './LaneOverview';

interface ZoomOverviewProps {
  tracks: readonly Track[];
  byTrack: ReadonlyMap<string, readonly Clip[]>;
  /** The frames in view. */
  from: number;
  to: number;
  zoom: number;
  fps: number;
  /** The view's width in CSS pixels. */
  width: number;
  selected: ReadonlySet<string>;
}

interface Row {
  kind: Track['kind'];
  clips: readonly Clip[];
  /** The track's longest clip, for visibleSpans. */
  longest: number;
  top: number;
  height: number;
}

/**
 * Every track lane's clips as bars on one canvas over the view, while a zoom gesture runs (the lanes draw nothing of
 * their own meanwhile). Chromium hands a canvas to the compositor at a fixed cost per canvas on every frame its lane
 * repaints, whatever its size — about 1.5 ms each on a 2-core machine with software rendering — so one canvas for all
 * lanes, instead of one per lane, is what keeps a zoom step inside a 60 Hz frame. Labels wait for the zoom to rest.
 */
export const ZoomOverview = memo(function ZoomOverview({ tracks, byTrack, from, to, zoom, fps, width, selected }: ZoomOverviewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const rows = useRef<Row[]>([]);

  // Where each lane is, read once when the gesture starts (and if the tracks change): lanes keep their boxes while
  // zooming, so the steps below only draw.
  useLayoutEffect(() => {
    const el = canvas.current;
    const parent = el?.parentElement;
    if (!el || !parent) return;
    rows.current = [];
    for (const track of tracks) {
      const lane = parent.querySelector<HTMLElement>(`.lane[data-track-id="${CSS.escape(track.id)}"]`);
      const clips = byTrack.get(track.id) ?? [];
      if (lane) rows.current.push({ kind: track.kind, clips, longest: longestSpan(clips), top: lane.offsetTop, height: lane.clientHeight });
    }
  }, [tracks, byTrack]);

  useLayoutEffect(() => {
    const el = canvas.current;
    const all = rows.current;
    if (!el || all.length === 0) return;
    const top = all[0]!.top;
    const height = all[all.length - 1]!.top + all[all.length - 1]!.height - top;
    el.style.top = `${top}px`;
    el.style.width = `${width}px`;
    el.style.height = `${height}px`;
    const ctx = cleanCanvas(el, width, height);
    if (!ctx) return;
    for (const row of all) {
      const clips = visibleSpans(row.clips, from, to, row.longest);
      drawBars(ctx, { clips, from, zoom, fps, top: row.top - top + 2, barHeight: row.height - 4, colour: colourOf(row.kind, el), selected });
    }
  }, [tracks, byTrack, from, to, zoom, fps, width, selected]);

  return <canvas ref={canvas} className="zoom-overview" role="img" aria-label="Tracks drawn as bars while zooming; clips come back when the zoom rests" />;
});
