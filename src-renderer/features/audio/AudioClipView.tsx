import { memo, useEffect, type CSSProperties } from 'react';
import type { Clip } from '../../../src-shared/project';
import './audio.css';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { CAMEO_FLAG_NAME, selectFps } from '../document/selectors';
import { fetchPeaks, selectPeaks } from './audioSlice';
import { audioSourceKey } from './clipAudio';
import { FadeHandle } from './FadeHandle';
import { SyncBadge } from './SyncBadge';
import { Waveform } from './Waveform';

interface AudioClipViewProps {
  clip: Clip;
  selected: boolean;
  compact: boolean;
}

/**
 * The name a sound clip shows: the imported file's name, or the scene of the take it came with — marked when that take
 * was made with a cameo whose consent was revoked afterwards, or that its owner deleted (features/cameos/flagsSlice.ts).
 */
function useClipName(clip: Clip): string {
  return useAppSelector((s) => {
    const doc = s.document.present;
    if (clip.assetId) return doc.assets.entities[clip.assetId]?.name ?? 'missing sound';
    const take = clip.takeId ? doc.takes.entities[clip.takeId] : undefined;
    const scene = take ? doc.scenes.ids.indexOf(take.sceneId) + 1 : 0;
    const flag = take ? s.cameoFlags.byTake[take.id] : undefined;
    return `${scene ? `scene ${scene} sound` : 'take sound'}${flag ? ` — ${CAMEO_FLAG_NAME[flag.reason]}` : ''}`;
  });
}

/**
 * An audio clip: its waveform from the engine's peaks, fade handles, gain and link marks, and the auto-sync estimate
 * when there is one. Like ClipView it carries data-clip-id and trim edges, so the timeline's gestures move, trim and
 * select it; its fine offset (ms) shifts it within its frame.
 */
export const AudioClipView = memo(function AudioClipView({ clip, selected, compact }: AudioClipViewProps) {
  const dispatch = useAppDispatch();
  const fps = useAppSelector(selectFps);
  const name = useClipName(clip);
  const key = audioSourceKey(clip);
  const peaks = useAppSelector((s) => selectPeaks(s, clip));
  const sync = useAppSelector((s) => s.audio.sync[clip.id]);
  const sourceFps = useAppSelector((s) => (clip.takeId ? (s.document.present.takes.entities[clip.takeId]?.fps ?? fps) : fps));
  const audio = clip.audio!;

  useEffect(() => {
    if (!peaks) void dispatch(fetchPeaks(key));
  }, [dispatch, key, peaks]);

  const offsetFrames = (audio.offsetMs * fps) / 1000;
  const style = { '--s': clip.startFrame + offsetFrames, '--d': clip.durationFrames } as CSSProperties;
  const gainText = audio.gainDb === 0 ? '' : ` ${audio.gainDb > 0 ? '+' : ''}${audio.gainDb} dB`;
  return (
    <div
      className={`clip audio-clip${selected ? ' selected' : ''}${compact ? ' compact' : ''}${audio.muted ? ' clip-muted' : ''}`}
      data-clip-id={clip.id}
      role="button"
      aria-label={`Audio clip: ${name}`}
      aria-pressed={selected}
      aria-description={`starts at frame ${clip.startFrame}${audio.offsetMs ? ` ${audio.offsetMs > 0 ? '+' : ''}${audio.offsetMs} ms` : ''}${gainText}${clip.linkId ? ', linked' : ''}`}
      data-start={clip.startFrame}
      data-offset-ms={audio.offsetMs}
      data-duration={clip.durationFrames}
      data-linked={clip.linkId ? 'true' : undefined}
      style={style}
    >
      {peaks?.status === 'ready' && !compact && (
        <Waveform peaks={peaks.peaks} fromSeconds={clip.sourceInFrame / sourceFps} seconds={clip.durationFrames / fps} gain={10 ** (audio.gainDb / 20)} />
      )}
      {peaks?.status === 'error' && <span className="clip-problem" title={peaks.message}>no waveform: {peaks.message}</span>}
      {!compact && (
        <>
          <svg className="fade-shape" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
            <polygon points={`0,0 0,100 ${(audio.fadeInFrames / clip.durationFrames) * 100},0`} />
            <polygon points={`100,0 100,100 ${100 - (audio.fadeOutFrames / clip.durationFrames) * 100},0`} />
          </svg>
          <div className="clip-edge start" data-clip-id={clip.id} data-edge="start" aria-hidden="true" />
          <span className="clip-label">
            {clip.linkId ? '🔗 ' : ''}
            {name}
            {gainText}
            {audio.muted ? ' (muted)' : ''}
          </span>
          <FadeHandle clipId={clip.id} edge="in" frames={audio.fadeInFrames} maxFrames={clip.durationFrames - audio.fadeOutFrames} clipName={name} />
          <FadeHandle clipId={clip.id} edge="out" frames={audio.fadeOutFrames} maxFrames={clip.durationFrames - audio.fadeInFrames} clipName={name} />
          <div className="clip-edge end" data-clip-id={clip.id} data-edge="end" aria-hidden="true" />
        </>
      )}
      {sync && <SyncBadge clipId={clip.id} view={sync} />}
    </div>
  );
});
