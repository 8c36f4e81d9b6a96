import { memo, useMemo } from 'react';
import type { Clip, Track } from '../../../src-shared/project';
import { AudioClipView } from '../audio/AudioClipView';
import { PlacementLane } from '../cameos';
import type { TakeLabel } from '../document/selectors';
import { ClipView } from './ClipView';
import { LaneOverview } from './LaneOverview';
import { longestSpan, prefersOverview, TRACK_HEIGHT, visibleSpans } from './geometry';

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
  fps: number;
  /**
   * While a zoom gesture runs, the frames in view: the lane draws an overview of just those (whatever the zoom), and
   * its clips again once the gesture stops. Null otherwise.
   */
  zoomingView: { from: number; to: number } | null;
}

/**
 * A track's lane, drawing only the clips in the draw range: an element per clip, or one canvas for all of them when
 * they are too narrow to show more than a bar (or while a zoom gesture runs).
 */
export const TrackLane = memo(function TrackLane({ track, clips, from, to, zoom, selected, labels, urls, fps, zoomingView }: TrackLaneProps) {
  const longest = useMemo(() => longestSpan(clips), [clips]);
  const visible = visibleSpans(clips, from, to, longest);
  const overview = visible.length > 0 && (zoomingView !== null || prefersOverview(visible, zoom));
  // Mid-zoom every step redraws the canvas: keep it to the view, a smaller bitmap to paint and hand to the compositor.
  const drawn = zoomingView ? { from: Math.max(from, Math.floor(zoomingView.from)), to: Math.min(to, Math.ceil(zoomingView.to)) } : { from, to };
  const drawnClips = zoomingView ? visibleSpans(clips, drawn.from, drawn.to, longest) : visible;
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
            clips={drawnClips}
            from={drawn.from}
            to={drawn.to}
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
