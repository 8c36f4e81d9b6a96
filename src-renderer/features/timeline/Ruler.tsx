import { memo } from 'react';
import { rulerLabel, rulerStep } from '../../../src-shared/timeline';
import { RULER_HEIGHT } from './geometry';

/** Timecode ticks over the draw range; the Timeline moves the strip by transform, so scrolling re-renders nothing. */
export const Ruler = memo(function Ruler({ zoom, from, to, fps }: { zoom: number; from: number; to: number; fps: number }) {
  const step = rulerStep(zoom, fps);
  const minor = [5, 4, 3, 2].map((d) => step / d).find((m) => Number.isInteger(m)) ?? step;
  const ticks = [];
  for (let f = Math.floor(from / minor) * minor; f <= to; f += minor) {
    const major = f % step === 0;
    ticks.push(
      <div key={f} className={`tick${major ? ' major' : ''}`} style={{ transform: `translateX(${f * zoom}px)` }}>
        {major && <span>{rulerLabel(f, fps)}</span>}
      </div>,
    );
  }
  return (
    <div className="ruler" data-role="ruler" style={{ height: RULER_HEIGHT }} title="Drag to scrub">
      <div className="scroll-inner">{ticks}</div>
    </div>
  );
});
