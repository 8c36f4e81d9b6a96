import { memo } from 'react';
import { rulerLabel, rulerStep } from '../../../src-shared/timeline';
import { RULER_HEIGHT } from './geometry';

/** Timecode ticks for the visible frames only. */
export const Ruler = memo(function Ruler({ zoom, scrollX, width, fps }: { zoom: number; scrollX: number; width: number; fps: number }) {
  const step = rulerStep(zoom, fps);
  const minor = [5, 4, 3, 2].map((d) => step / d).find((m) => Number.isInteger(m)) ?? step;
  const from = Math.floor(scrollX / zoom / minor) * minor;
  const to = (scrollX + width) / zoom;
  const ticks = [];
  for (let f = from; f <= to; f += minor) {
    const major = f % step === 0;
    ticks.push(
      <div key={f} className={`tick${major ? ' major' : ''}`} style={{ transform: `translateX(${f * zoom - scrollX}px)` }}>
        {major && <span>{rulerLabel(f, fps)}</span>}
      </div>,
    );
  }
  return (
    <div className="ruler" data-role="ruler" style={{ height: RULER_HEIGHT }} aria-label="Ruler: drag to scrub" role="presentation">
      {ticks}
    </div>
  );
});
