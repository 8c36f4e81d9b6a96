import type { CameoPlacement } from '../../../src-shared/cameo/placement';
import type { ShotCamera } from '../../../src-shared/cameo/stage';
import { overlayBoxes } from './overlayBoxes';

/** The placed cameos' boxes over a frame (the monitor, the stage's shot view), as percentages of it. */
export function CameoBoxes({ placements, t, shot, label, images }: { placements: readonly CameoPlacement[]; t: number; shot: ShotCamera; label: string; images?: Readonly<Record<string, string | null>> }) {
  const imageOf = (id: string) => {
    const url = images?.[placements.find((p) => p.id === id)?.cameoId ?? ''];
    return url ? `url("${url}")` : undefined;
  };
  return (
    <div className="cameo-boxes" role="group" aria-label={label}>
      {overlayBoxes(placements, t, shot).map((b) => (
        <div
          key={b.id}
          className={`cameo-box${b.visible ? '' : ' outside'}`}
          role="img"
          aria-label={`${b.label}: ${b.visible ? `x ${b.x.toFixed(2)}, y ${b.y.toFixed(2)}, ${b.w.toFixed(2)} × ${b.h.toFixed(2)} of the frame` : 'outside the frame'}`}
          style={{ left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.w * 100}%`, height: `${b.h * 100}%`, backgroundImage: imageOf(b.id) }}
        >
          <span>{b.label}</span>
        </div>
      ))}
    </div>
  );
}
