import { memo, useMemo } from 'react';
import type { Clip, Track } from '../../../src-shared/project';
import { ClipView } from './ClipView';
import { longestSpan, TRACK_HEIGHT, visibleSpans } from './geometry';

interface TrackLaneProps {
  track: Track;
  clips: readonly Clip[];
  zoom: number;
  scrollX: number;
  width: number;
  selected: ReadonlySet<string>;
}

/** A track's lane, drawing only the clips in view. */
export const TrackLane = memo(function TrackLane({ track, clips, zoom, scrollX, width, selected }: TrackLaneProps) {
  const longest = useMemo(() => longestSpan(clips), [clips]);
  const visible = visibleSpans(clips, scrollX / zoom, (scrollX + width) / zoom, longest);
  return (
    <div
      className={`lane lane-${track.kind}${track.locked ? ' locked' : ''}${track.muted ? ' muted' : ''}`}
      data-track-id={track.id}
      style={{ height: TRACK_HEIGHT[track.kind] }}
      role="group"
      aria-label={`Track ${track.name}`}
    >
      {visible.map((clip) => (
        <ClipView key={clip.id} clip={clip} zoom={zoom} scrollX={scrollX} selected={selected.has(clip.id)} />
      ))}
      {clips.length === 0 && track.kind === 'video' && <span className="lane-empty">Generate scenes, then press “→ Timeline” to place their takes here.</span>}
    </div>
  );
});
