import { memo } from 'react';
import type { Clip } from '../../../src-shared/project';
import { useAppSelector } from '../../app/hooks';
import { selectSceneOfTake, selectTake } from '../document/selectors';
import { useMediaUrl } from '../project/useMediaUrl';

interface ClipViewProps {
  clip: Clip;
  zoom: number;
  scrollX: number;
  selected: boolean;
}

/** One clip: absolutely placed by its timeline frames; its ends are trim handles. */
export const ClipView = memo(function ClipView({ clip, zoom, scrollX, selected }: ClipViewProps) {
  const take = useAppSelector((s) => selectTake(s, clip.takeId));
  const sceneNumber = useAppSelector((s) => {
    const scene = selectSceneOfTake(s, clip.takeId);
    return scene ? s.document.present.scenes.ids.indexOf(scene.id) + 1 : 0;
  });
  const prompt = useAppSelector((s) => selectSceneOfTake(s, clip.takeId)?.prompt ?? '');
  const poster = useMediaUrl(take?.posterPath);
  const left = clip.startFrame * zoom - scrollX;
  const width = Math.max(2, clip.durationFrames * zoom);
  const name = sceneNumber ? `Clip: scene ${sceneNumber}` : 'Clip';
  return (
    <div
      className={`clip${selected ? ' selected' : ''}`}
      data-clip-id={clip.id}
      role="button"
      aria-label={name}
      aria-pressed={selected}
      data-start={clip.startFrame}
      data-duration={clip.durationFrames}
      style={{ transform: `translateX(${left}px)`, width, backgroundImage: poster && width > 40 ? `url("${poster}")` : undefined }}
    >
      <div className="clip-edge start" data-clip-id={clip.id} data-edge="start" aria-hidden="true" />
      {width > 24 && (
        <span className="clip-label">
          {sceneNumber ? `S${sceneNumber} ` : ''}
          {prompt}
        </span>
      )}
      <div className="clip-edge end" data-clip-id={clip.id} data-edge="end" aria-hidden="true" />
    </div>
  );
});
