import { memo, useLayoutEffect, useRef } from 'react';
import { rulerLabel, rulerStep } from '../../../src-shared/timeline';
import { cleanCanvas } from './cleanCanvas';
import { RULER_HEIGHT } from './geometry';

const MINOR = '#3a404b';
const MAJOR = '#6b7382';
/** The theme's muted text colour, read once: getComputedStyle on every zoom step would force a style recalculation. */
let labelColour: string | null = null;

/**
 * Timecode ticks over the draw range, drawn on a canvas: a zoom step redraws a few hundred lines and labels in well
 * under a millisecond, where as many tick elements would each be restyled. The Timeline moves the strip by transform,
 * so scrolling redraws nothing.
 */
export const Ruler = memo(function Ruler({ zoom, from, to, fps }: { zoom: number; from: number; to: number; fps: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const width = Math.max(1, Math.ceil((to - from) * zoom));

  useLayoutEffect(() => {
    const el = canvas.current;
    const ctx = cleanCanvas(el, width, RULER_HEIGHT);
    if (!el || !ctx) return;
    const step = rulerStep(zoom, fps);
    const minor = [5, 4, 3, 2].map((d) => step / d).find((m) => Number.isInteger(m)) ?? step;
    labelColour ??= getComputedStyle(el).getPropertyValue('--muted').trim() || '#8a93a3';
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    for (let f = Math.floor(from / minor) * minor; f <= to; f += minor) {
      const major = f % step === 0;
      const x = Math.round((f - from) * zoom);
      ctx.fillStyle = major ? MAJOR : MINOR;
      ctx.fillRect(x, major ? 6 : 16, 1, RULER_HEIGHT - (major ? 6 : 16));
      if (major) {
        ctx.fillStyle = labelColour;
        ctx.fillText(rulerLabel(f, fps), x + 3, 2);
      }
    }
  }, [zoom, from, to, fps, width]);

  return (
    <div className="ruler" data-role="ruler" style={{ height: RULER_HEIGHT }} title="Drag to scrub">
      <div className="scroll-inner">
        <canvas ref={canvas} className="ruler-ticks" style={{ transform: `translateX(${from * zoom}px)`, width, height: RULER_HEIGHT }} aria-hidden="true" />
      </div>
    </div>
  );
});
