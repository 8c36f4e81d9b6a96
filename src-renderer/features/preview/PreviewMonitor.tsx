import { useEffect, useRef, useState } from 'react';
import { framesToTimecode, sourceFrameAt } from '../../../src-shared/timeline';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { LevelMeters } from '../audio/LevelMeters';
import { CameoMonitorOverlay } from '../cameos';
import { usePreviewMix } from '../audio/usePreviewMix';
import { selectFps, selectTimelineEnd } from '../document/selectors';
import { goTo, markLoop, stepFrames, togglePlay } from '../editor/commands';
import { loopSet } from '../editor/uiSlice';
import { useMediaUrl } from '../project/useMediaUrl';
import { selectClipAt } from './clipAtPlayhead';

/**
 * Plays the timeline composition: the clip under the playhead, its <video> sought to the source frame, and every audio
 * track mixed in Web Audio (usePreviewMix), with level meters. While playing, the video runs on its own and is re-synced
 * when it drifts more than two frames from the playhead clock, which follows the audio clock while sound plays.
 */
export function PreviewMonitor() {
  const dispatch = useAppDispatch();
  const playhead = useAppSelector((s) => s.ui.playhead);
  const playing = useAppSelector((s) => s.ui.playing);
  const rate = useAppSelector((s) => s.ui.rate);
  const loop = useAppSelector((s) => s.ui.loop);
  const fps = useAppSelector(selectFps);
  const end = useAppSelector(selectTimelineEnd);
  const clip = useAppSelector((s) => selectClipAt(s, s.ui.playhead));
  const take = useAppSelector((s) => (clip?.takeId ? s.document.present.takes.entities[clip.takeId] : undefined));
  const url = useMediaUrl(take?.status === 'ready' ? take.renderPath : null);
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const frameBox = useRef<HTMLDivElement>(null);
  usePreviewMix();

  useEffect(() => {
    const v = video.current;
    if (!v || !clip || !take || !url) return;
    const sourceFrame = sourceFrameAt(clip, playhead, take.fps / fps);
    if (sourceFrame === null) return;
    // The middle of the source frame, so rounding in the decoder never shows its neighbour.
    const t = (sourceFrame + 0.5) / take.fps;
    const forward = playing && rate > 0;
    if (forward) {
      v.playbackRate = rate;
      if (Math.abs(v.currentTime - t) > 2 / take.fps) v.currentTime = t;
      // play() rejects when a pause or a new source interrupts it, which is expected here.
      if (v.paused) void v.play().catch(() => undefined);
    } else {
      if (!v.paused) v.pause();
      if (Math.abs(v.currentTime - t) > 0.25 / take.fps) v.currentTime = t;
    }
  }, [clip, take, url, playhead, playing, rate, fps]);

  const fullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frameBox.current?.requestFullscreen();
  };

  return (
    <div className="preview">
      <div className="preview-frame" ref={frameBox} onDoubleClick={fullscreen}>
        {end === 0 ? (
          <p className="empty">Put takes on the timeline (“→ Timeline” on a scene) and they play here.</p>
        ) : url && failed === url ? (
          <p className="error" role="alert">
            This take cannot be played: its file in the project&apos;s renders folder is missing or damaged. Generate the scene again.
          </p>
        ) : url ? (
          <video key={url} ref={video} src={url} aria-label="Preview video" muted playsInline preload="auto" onError={() => setFailed(url)} />
        ) : (
          <p className="empty">{clip ? 'Loading…' : 'No clip at the playhead'}</p>
        )}
        {url && <CameoMonitorOverlay video={video} clip={clip} take={take} playhead={playhead} />}
      </div>
      <div className="transport" role="toolbar" aria-label="Transport">
        <ToolButton label="Go to start" shortcut="Home" onClick={() => dispatch(goTo('start'))}>
          ⇤
        </ToolButton>
        <ToolButton label="Previous frame" shortcut="ArrowLeft" onClick={() => dispatch(stepFrames(-1))}>
          ◂|
        </ToolButton>
        <ToolButton label={playing ? 'Pause' : 'Play'} shortcut="Space" className="primary" onClick={() => dispatch(togglePlay())}>
          {playing ? '❚❚' : '▶'}
        </ToolButton>
        <ToolButton label="Next frame" shortcut="ArrowRight" onClick={() => dispatch(stepFrames(1))}>
          |▸
        </ToolButton>
        <ToolButton label="Go to end" shortcut="End" onClick={() => dispatch(goTo('end'))}>
          ⇥
        </ToolButton>
        <output className="timecode" aria-label="Preview timecode">
          {framesToTimecode(playhead, fps)}
        </output>
        <span className="meta-dim">/ {framesToTimecode(end, fps)}</span>
        <span className="spacer" />
        <LevelMeters />
        <ToolButton label="Set loop in" shortcut="I" onClick={() => dispatch(markLoop('in'))}>
          [ {loop.in !== null ? framesToTimecode(loop.in, fps).slice(3) : ''}
        </ToolButton>
        <ToolButton label="Set loop out" shortcut="O" onClick={() => dispatch(markLoop('out'))}>
          {loop.out !== null ? framesToTimecode(loop.out, fps).slice(3) : ''} ]
        </ToolButton>
        <ToolButton label="Loop" pressed={loop.enabled} onClick={() => dispatch(loopSet({ enabled: !loop.enabled }))}>
          ⟲
        </ToolButton>
        <ToolButton label="Full screen" onClick={fullscreen}>
          Full
        </ToolButton>
      </div>
    </div>
  );
}
