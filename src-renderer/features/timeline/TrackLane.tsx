import { memo, useMemo } from 'react';
import type { Clip, Track } from '../../../src-shared/project';
import { AudioClipView } from '../audio/AudioClipView';
import { PlacementLane } from '../cameos';
import type { TakeLabel } from '../document/selectors';
import { ClipView } from './ClipView';
import { LaneOverview } from './LaneOverview';
import { longestSpan, prefersOverview, TRACK_HEIGHT, visibleSpans } from './geometry';

const COMPACT_PIXELS = 28;
const NONE: never[] = [];

interface TrackLaneProps {
  track: Track;
  clips: readonly Clip[];
  from: number;
  to: number;
  zoom: number;
  selected: ReadonlySet<string>;
  labels: ReadonlyMap<string, TakeLabel>;
  urls: Readonly<Record<string, string>>;
  fps: number;
  /** A zoom gesture runs: the Timeline's ZoomOverview draws the lane's clips until it rests, the lane draws none. */
  zooming: boolean;
}

/**
 * A track's lane, drawing only the clips in the draw range: an element per clip, or one canvas for all of them when
 * they are too narrow to show more than a bar; while a zoom gesture runs, none (the Timeline's ZoomOverview draws them).
 */
export const TrackLane = memo(function TrackLane({ track, clips, from, to, zoom, selected, labels, urls, fps, zooming }: TrackLaneProps) {
  const longest = useMemo(() => longestSpan(clips), [clips]);
  const visible = zooming ? NONE : visibleSpans(clips, from, to, longest);
  const overview = visible.length > 0 && prefersOverview(visible, zoom);
  return (
    <div
      className={`lane lane-${track.kind}${track.locked ? ' locked' : ''}${track.muted ? ' muted' : ''}`}
      data-track-id={track.id}
      style={{ height: TRACK_HEIGHT[track.kind] }}
      role="group"
      aria-label={`Track ${track.name}`}
    >
      <div className="lane-inner">
        {overview && (
          <LaneOverview
            trackId={track.id}
            trackName={track.name}
            kind={track.kind}
            clips={visible}
            from={from}
            to={to}
            zoom={zoom}
            fps={fps}
            height={TRACK_HEIGHT[track.kind]}
            selected={selected}
            labels={labels}
          />
        )}
        {!overview && visible.map((clip) => {
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
              cameoFlag={label?.cameoFlag ?? null}
            />
          );
        })}
        {track.kind === 'cameo' && <PlacementLane />}
      </div>
      {clips.length === 0 && track.kind === 'video' && <span className="lane-empty">Generate scenes, then press “→ Timeline” to place their takes here.</span>}
    </div>
  );
});
