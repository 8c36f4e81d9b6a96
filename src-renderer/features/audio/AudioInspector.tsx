import { clipStartMs } from '../../../src-shared/audio';
import { CLIP_MAX_GAIN_DB, CLIP_MIN_GAIN_DB } from '../../../src-shared/project';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { ToolButton } from '../../ui/ToolButton';
import { audioClipChanged, clipsMoved } from '../document/documentSlice';
import { selectFps } from '../document/selectors';
import { importDismissed, runAutoSync } from './audioSlice';
import { nudgeSelectionMs, placeAudioClipAtMs, toggleLinkSelection } from './commands';
import { NumberField } from './NumberField';

/**
 * The selected audio clip's settings, each with a keyboard path: gain (dB), fades (frames), start to the
 * millisecond, nudges (frame / ms), mute, link, and auto-sync against the picture. Also reports an import in progress
 * or its error.
 */
export function AudioInspector() {
  const dispatch = useAppDispatch();
  const fps = useAppSelector(selectFps);
  const importing = useAppSelector((s) => s.audio.importing);
  const selectedIds = useAppSelector((s) => s.ui.selectedClipIds);
  const clip = useAppSelector((s) => {
    const id = s.ui.selectedClipIds.find((i) => s.document.present.clips.entities[i]?.audio);
    return id ? s.document.present.clips.entities[id] : undefined;
  });
  const videoClipId = useAppSelector((s) => s.ui.selectedClipIds.find((i) => s.document.present.tracks.entities[s.document.present.clips.entities[i]?.trackId ?? '']?.kind === 'video'));
  const syncing = useAppSelector((s) => (clip ? s.audio.sync[clip.id]?.status === 'running' : false));

  const status =
    importing.phase === 'busy' ? (
      <p className="audio-status" role="status">
        Importing {importing.name}…
      </p>
    ) : importing.phase === 'error' ? (
      <p className="audio-status error" role="alert">
        Could not import {importing.message}{' '}
        <button type="button" className="mini" onClick={() => dispatch(importDismissed())}>
          OK
        </button>
      </p>
    ) : null;
  if (!clip?.audio) return status;
  const audio = clip.audio;
  const nudgeKey = `nudge:${[...selectedIds].sort().join(',')}`;
  const nudgeFrames = (frames: number) => dispatch(clipsMoved({ ids: selectedIds, delta: frames }, nudgeKey));
  return (
    <>
      {status}
      <div className="audio-inspector" role="toolbar" aria-label="Audio clip">
        <NumberField label="Gain (dB)" value={audio.gainDb} step={0.5} min={CLIP_MIN_GAIN_DB} max={CLIP_MAX_GAIN_DB} onCommit={(v) => dispatch(audioClipChanged({ id: clip.id, gainDb: v }))} />
        <NumberField label="Fade in (frames)" value={audio.fadeInFrames} min={0} onCommit={(v) => dispatch(audioClipChanged({ id: clip.id, fadeInFrames: v }))} />
        <NumberField label="Fade out (frames)" value={audio.fadeOutFrames} min={0} onCommit={(v) => dispatch(audioClipChanged({ id: clip.id, fadeOutFrames: v }))} />
        <NumberField
          label="Start (ms)"
          value={Math.round(clipStartMs({ startFrame: clip.startFrame, offsetMs: audio.offsetMs }, fps) * 1000) / 1000}
          min={0}
          onCommit={(v) => dispatch(placeAudioClipAtMs(clip.id, v))}
        />
        <span className="audio-offset" aria-label="Fine offset">
          frame {clip.startFrame} {audio.offsetMs >= 0 ? '+' : '−'} {Math.abs(audio.offsetMs)} ms
        </span>
        <ToolButton label="Nudge back a frame" shortcut="Alt+ArrowLeft" onClick={(e) => (e.altKey ? dispatch(nudgeSelectionMs(-1)) : nudgeFrames(-1))}>
          −1f
        </ToolButton>
        <ToolButton label="Nudge forward a frame" shortcut="Alt+ArrowRight" onClick={(e) => (e.altKey ? dispatch(nudgeSelectionMs(1)) : nudgeFrames(1))}>
          +1f
        </ToolButton>
        <ToolButton label="Nudge back 1 ms" shortcut="Control+Alt+ArrowLeft" onClick={() => dispatch(nudgeSelectionMs(-1))}>
          −1ms
        </ToolButton>
        <ToolButton label="Nudge forward 1 ms" shortcut="Control+Alt+ArrowRight" onClick={() => dispatch(nudgeSelectionMs(1))}>
          +1ms
        </ToolButton>
        <ToolButton label="Mute clip" pressed={audio.muted} onClick={() => dispatch(audioClipChanged({ id: clip.id, muted: !audio.muted }))}>
          Mute
        </ToolButton>
        <ToolButton label={clip.linkId ? 'Unlink' : 'Link'} onClick={() => dispatch(toggleLinkSelection())} disabled={!clip.linkId && selectedIds.length < 2}>
          {clip.linkId ? 'Unlink' : 'Link'}
        </ToolButton>
        <ToolButton label="Auto-sync to the picture" disabled={syncing} onClick={() => void dispatch(runAutoSync({ audioClipId: clip.id, videoClipId }))}>
          {syncing ? 'Syncing…' : 'Auto-sync'}
        </ToolButton>
      </div>
    </>
  );
}
