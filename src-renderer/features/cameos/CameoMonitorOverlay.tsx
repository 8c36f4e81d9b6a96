import { useEffect, useState, type RefObject } from 'react';
import { createSelector } from '@reduxjs/toolkit';
import type { Clip, Take } from '../../../src-shared/project';
import { sourceFrameAt } from '../../../src-shared/timeline';
import { useAppSelector } from '../../app/hooks';
import type { RootState } from '../../app/store';
import { selectFps } from '../document/selectors';
import { CameoBoxes } from './CameoBoxes';
import { shotCameraFor } from './overlayBoxes';

const selectPlacements = createSelector([(s: RootState) => s.document.present.placements], (p) => p.ids.map((id) => p.entities[id]!));

/** The part of a contained <video> the picture fills, in the element's pixels. */
function pictureRect(v: HTMLVideoElement) {
  const scale = Math.min(v.clientWidth / v.videoWidth, v.clientHeight / v.videoHeight);
  const width = v.videoWidth * scale;
  const height = v.videoHeight * scale;
  return { left: v.offsetLeft + (v.clientWidth - width) / 2, top: v.offsetTop + (v.clientHeight - height) / 2, width, height };
}

/** On the monitor: where the scene's placed cameos will be (or were put) in the frame under the playhead. */
export function CameoMonitorOverlay({ video, clip, take, playhead }: { video: RefObject<HTMLVideoElement | null>; clip: Clip | null; take: Take | undefined; playhead: number }) {
  const fps = useAppSelector(selectFps);
  const meta = useAppSelector((s) => s.document.present.meta);
  const placements = useAppSelector(selectPlacements).filter((p) => take && p.sceneId === take.sceneId);
  const [rect, setRect] = useState<ReturnType<typeof pictureRect> | null>(null);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    const measure = () => setRect(v.videoWidth ? pictureRect(v) : null);
    measure();
    v.addEventListener('loadedmetadata', measure);
    const observer = new ResizeObserver(measure);
    observer.observe(v);
    return () => {
      v.removeEventListener('loadedmetadata', measure);
      observer.disconnect();
    };
  }, [video, take?.renderPath]);

  if (!clip || !take || !rect || placements.length === 0) return null;
  const sourceFrame = sourceFrameAt(clip, playhead, take.fps / fps);
  if (sourceFrame === null) return null;
  const t = take.frames > 1 ? Math.min(1, sourceFrame / (take.frames - 1)) : 0;
  return (
    <div className="cameo-monitor-overlay" style={{ left: rect.left, top: rect.top, width: rect.width, height: rect.height }}>
      <CameoBoxes placements={placements} t={t} shot={shotCameraFor((meta?.width ?? 16) / (meta?.height ?? 9))} label="Cameo placements in this frame" />
    </div>
  );
}
