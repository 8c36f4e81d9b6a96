import { memo, useMemo } from 'react';
import type { Clip, Track } from '../../../src-shared/project';
import { AudioClipView } from '../audio/AudioClipView';
import type { TakeLabel } from '../document/selectors';
import { ClipView } from './ClipView';
import { longestSpan, TRACK_HEIGHT, visibleSpans } from './geometry';

const COMPACT_PIXELS = 28;

interface TrackLaneProps {
  track: Track;
  clips: readonly Clip[];
  from: number;
  to: number;
  zoom: number;
  selected: ReadonlySet<string>;
  labels: ReadonlyMap<string, TakeLabel>;
  urls: Readonly<Record<string, string>>;
}

/** A track's lane, drawing only the clips in the draw range. */
export const TrackLane = memo(function TrackLane({ track, clips, from, to, zoom, selected, labels, urls }: TrackLaneProps) {
  const longest = useMemo(() => longestSpan(clips), [clips]);
  const visible = visibleSpans(clips, from, to, longest);
  return (
    <div
      className={`lane lane-${track.kind}${track.locked ? ' locked' : ''}${track.muted ? ' muted' : ''}`}
      data-track-id={track.id}
      style={{ height: TRACK_HEIGHT[track.kind] }}
      role="group"
      aria-label={`Track ${track.name}`}
    >
      <div className="lane-inner">
        {visible.map((clip) => {
          if (clip.audio) return <AudioClipView key={clip.id} clip={clip} selected={selected.has(clip.id)} compact={clip.durationFrames * zoom < COMPACT_PIXELS} />;
          const label = clip.takeId ? labels.get(clip.takeId) : undefined;
          return (
            <ClipView
              key={clip.id}
              clip={clip}
              selected={selected.has(clip.id)}
              label={label?.prompt ?? ''}
              sceneNumber={label?.sceneNumber ?? 0}
              posterUrl={label?.posterPath ? urls[label.posterPath] : undefined}
              compact={clip.durationFrames * zoom < COMPACT_PIXELS}
            />
          );
        })}
      </div>
      {clips.length === 0 && track.kind === 'video' && <span className="lane-empty">Generate scenes, then press “→ Timeline” to place their takes here.</span>}
    </div>
  );
});
