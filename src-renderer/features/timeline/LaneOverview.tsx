import { memo, useLayoutEffect, useRef } from 'react';
import type { Clip, TrackKind } from '../../../src-shared/project';
import type { TakeLabel } from '../document/selectors';
import { cleanCanvas } from './cleanCanvas';
import { overviewBars, type OverviewBar } from './geometry';

interface LaneOverviewProps {
  trackId: string;
  trackName: string;
  kind: TrackKind;
  /** The lane's clips in the draw range. */
  clips: readonly Clip[];
  from: number;
  to: number;
  zoom: number;
  fps: number;
  height: number;
  selected: ReadonlySet<string>;
  labels: ReadonlyMap<string, TakeLabel>;
}

const MIN_LABEL_PIXELS = 48;
const SELECTED = '#ffd36b';
const colours = new Map<TrackKind, string>();

/** The clip colour of a track kind, from the theme's CSS variables (read once). */
export function colourOf(kind: TrackKind, element: Element): string {
  let colour = colours.get(kind);
  if (!colour) {
    const variable = kind === 'audio' ? '--clip-audio' : kind === 'cameo' ? '--clip-cameo' : '--clip-video';
    colour = getComputedStyle(element).getPropertyValue(variable).trim() || '#3b5c8f';
    colours.set(kind, colour);
  }
  return colour;
}

/**
 * Draws clips as bars — one filled rectangle each, outlined when selected — in a strip `top`..`top + barHeight` of a
 * canvas whose x = 0 is frame `from`; returns the bars (in the order of `clips`). Audio clips sit at their sub-frame
 * offset. Used for a lane at rest (LaneOverview) and for every lane while a zoom runs (ZoomOverview).
 */
export function drawBars(
  ctx: CanvasRenderingContext2D,
  { clips, from, zoom, fps, top, barHeight, colour, selected }: { clips: readonly Clip[]; from: number; zoom: number; fps: number; top: number; barHeight: number; colour: string; selected: ReadonlySet<string> },
): OverviewBar[] {
  const bars = overviewBars(clips, from, zoom, (c) => c.startFrame + ((c.audio?.offsetMs ?? 0) * fps) / 1000);
  ctx.fillStyle = colour;
  for (const bar of bars) ctx.fillRect(bar.x, top, bar.width, barHeight);
  ctx.strokeStyle = SELECTED;
  ctx.lineWidth = 2;
  bars.forEach((bar, i) => {
    if (selected.has(clips[i]!.id)) ctx.strokeRect(bar.x + 1, top + 1, Math.max(1, bar.width - 2), barHeight - 2);
  });
  return bars;
}

/**
 * A lane drawn as one canvas: the level of detail for clips too narrow to be worth an element each (while a zoom
 * gesture runs, ZoomOverview draws every lane instead). Drawing a hundred bars costs well under a millisecond, where as many elements would be
 * restyled, laid out and painted on every zoom step. It covers the draw range and scrolls with the lane like the
 * clip elements do; pointer gestures find the clip under the pointer from the document (useTimelineGestures).
 */
export const LaneOverview = memo(function LaneOverview({ trackId, trackName, kind, clips, from, to, zoom, fps, height, selected, labels }: LaneOverviewProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = Math.max(1, Math.ceil((to - from) * zoom));

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = cleanCanvas(el, width, height);
    if (!el || !ctx) return;
    const top = 2;
    const barHeight = height - 4;
    const bars = drawBars(ctx, { clips, from, zoom, fps, top, barHeight, colour: colourOf(kind, el), selected });
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    bars.forEach((bar, i) => {
      const clip = clips[i]!;
      const label = clip.takeId ? labels.get(clip.takeId) : undefined;
      if (label && bar.width >= MIN_LABEL_PIXELS) {
        ctx.save();
        ctx.beginPath();
        ctx.rect(bar.x + 4, top, bar.width - 8, barHeight);
        ctx.clip();
        ctx.fillStyle = '#e8edf3';
        ctx.fillText(`${label.sceneNumber ? `S${label.sceneNumber} ` : ''}${label.prompt}`, bar.x + 6, top + 2);
        ctx.restore();
      }
    });
  }, [clips, from, zoom, fps, width, height, kind, selected, labels]);

  return (
    <canvas
      ref={canvas}
      className="lane-overview"
      data-overview-track-id={trackId}
      style={{ transform: `translateX(${from * zoom}px)`, width, height }}
      role="img"
      aria-label={`${trackName}: ${clips.length} ${clips.length === 1 ? 'clip' : 'clips'} drawn small at this zoom; zoom in to reach each clip`}
    />
  );
});
