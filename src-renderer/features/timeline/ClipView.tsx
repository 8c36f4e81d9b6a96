import { memo, type CSSProperties } from 'react';
import type { Clip } from '../../../src-shared/project';
import { CAMEO_FLAG_NAME, type CameoFlagReason } from '../document/selectors';

interface ClipViewProps {
  clip: Clip;
  selected: boolean;
  label: string;
  sceneNumber: number;
  posterUrl: string | undefined;
  /** Too narrow for a label and handles at this zoom: draw a plain bar. */
  compact: boolean;
  /**
   * The take was made with a cameo whose consent was revoked, that its owner deleted, or that is not shared with the
   * signed-in person now: said in the clip's name too.
   */
  cameoFlag?: CameoFlagReason | null;
}

/**
 * One clip. Its place comes from CSS variables (start, duration × the lane's --zoom), so zooming and scrolling
 * re-render no clip; its ends are trim handles.
 */
export const ClipView = memo(function ClipView({ clip, selected, label, sceneNumber, posterUrl, compact, cameoFlag }: ClipViewProps) {
  const style = {
    '--s': clip.startFrame,
    '--d': clip.durationFrames,
    backgroundImage: posterUrl && !compact ? `url("${posterUrl}")` : undefined,
  } as CSSProperties;
  return (
    <div
      className={`clip${selected ? ' selected' : ''}${compact ? ' compact' : ''}`}
      data-clip-id={clip.id}
      role="button"
      aria-label={`${sceneNumber ? `Clip: scene ${sceneNumber}` : 'Clip'}${cameoFlag ? ` — ${CAMEO_FLAG_NAME[cameoFlag]}` : ''}`}
      aria-pressed={selected}
      data-take-id={clip.takeId ?? undefined}
      data-start={clip.startFrame}
      data-duration={clip.durationFrames}
      style={style}
    >
      {!compact && (
        <>
          <div className="clip-edge start" data-clip-id={clip.id} data-edge="start" aria-hidden="true" />
          <span className="clip-label">
            {sceneNumber ? `S${sceneNumber} ` : ''}
            {label}
          </span>
          <div className="clip-edge end" data-clip-id={clip.id} data-edge="end" aria-hidden="true" />
        </>
      )}
    </div>
  );
});
