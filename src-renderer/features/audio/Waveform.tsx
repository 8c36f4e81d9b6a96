import { memo, useEffect, useMemo, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import { calculateLinePaths } from 'wavesurfer.js/dist/renderer-utils.js';
import { useAppSelector } from '../../app/hooks';
import { selectFps } from '../document/selectors';
import { viewMoving, whenViewRests } from '../timeline/viewMotion';
import type { Peaks } from './audioSlice';

interface WaveformProps {
  peaks: Peaks;
  /** The part of the sound the clip plays, in seconds of the source. */
  fromSeconds: number;
  seconds: number;
  /** Linear clip gain, so the drawing shows what is heard. */
  gain: number;
}

const WAVE_COLOUR = '#9fe3c9';
/**
 * The waveform box's height in CSS pixels, which wavesurfer fills (height 'auto'): in a 56 px audio lane the clip
 * sits 2 px from its top and bottom with a 1 px border, and the box (audio.css) leaves 12 px above and 2 px below.
 */
const BOX_HEIGHT = 36;

/** The slice of the engine's peaks that a clip plays, as wavesurfer's one-channel peaks (absolute, gain applied). */
export function clipPeaks(peaks: Peaks, fromSeconds: number, seconds: number, gain: number): number[] {
  const first = Math.max(0, Math.floor(fromSeconds * peaks.peaksPerSecond));
  const last = Math.min(peaks.max.length, Math.max(first + 1, Math.ceil((fromSeconds + seconds) * peaks.peaksPerSecond)));
  const out: number[] = [];
  for (let i = first; i < last; i++) out.push(Math.min(1, gain * Math.max(Math.abs(peaks.min[i] ?? 0), Math.abs(peaks.max[i] ?? 0))));
  return out;
}

/**
 * The outline wavesurfer draws for `values` across `width` × `height` pixels with bars off (its line waveform, from
 * its own geometry: the peaks above the centre line and mirrored below, rounded to whole pixels), as an SVG path.
 */
export function waveformOutline(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  return calculateLinePaths({ channelData: [[...values]], width, height, vScale: 1 })
    .map((points) => `M${points.map((p) => `${p.x} ${p.y}`).join('L')}Z`)
    .join('');
}

/**
 * A clip's waveform, drawn by wavesurfer.js from peaks the engine computed (the renderer never decodes the file for
 * this). wavesurfer gets the peaks and the duration and no URL, so it loads no audio; it redraws on resize (zoom).
 *
 * Clips mount as they scroll into view, and a wavesurfer instance costs a few milliseconds to create and a canvas
 * layer to composite on every later frame: it is created once the timeline's view rests (not mid-scroll) and at an
 * idle moment. Until it has drawn, the same outline from the same peaks, at the clip's width, stands in as one SVG
 * path painted with the clip, so a clip scrolling in looks the same as at rest.
 */
export const Waveform = memo(function Waveform({ peaks, fromSeconds, seconds, gain }: WaveformProps) {
  const box = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const [ready, setReady] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const values = useMemo(() => clipPeaks(peaks, fromSeconds, seconds, gain), [peaks, fromSeconds, seconds, gain]);
  // The box is the clip inside its 1 px border (a clip is its frames × zoom wide, at least 2 px), in device pixels
  // as wavesurfer's canvas rounds them.
  const pixelsPerSecond = useAppSelector((s) => selectFps(s) * s.ui.zoom);
  const ratio = Math.max(1, window.devicePixelRatio || 1);
  const width = Math.max(1, Math.round((Math.max(2, seconds * pixelsPerSecond) - 2) * ratio));
  const height = Math.round(BOX_HEIGHT * ratio);
  const outline = useMemo(() => (drawn ? '' : waveformOutline(values, width, height)), [drawn, values, width, height]);

  useEffect(() => {
    let ws: WaveSurfer | null = null;
    let cancelWait: () => void = () => undefined;
    let idle: number | null = null;
    let timer: number | null = null;
    const create = () => {
      idle = timer = null;
      // The view started moving again between the idle request and now: wait for the next rest.
      if (viewMoving()) return schedule();
      if (!box.current) return;
      ws = WaveSurfer.create({
        container: box.current,
        height: 'auto',
        waveColor: WAVE_COLOUR,
        progressColor: WAVE_COLOUR,
        cursorWidth: 0,
        interact: false,
        normalize: false,
        barWidth: 0,
      });
      surfer.current = ws;
      setReady(true);
    };
    const schedule = () => {
      cancelWait = whenViewRests(() => {
        if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(create, { timeout: 300 });
        else timer = window.setTimeout(create, 0);
      });
    };
    schedule();
    return () => {
      cancelWait();
      if (idle !== null) cancelIdleCallback(idle);
      if (timer !== null) window.clearTimeout(timer);
      ws?.destroy();
      surfer.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    let current = true;
    surfer.current
      ?.load('', [values], Math.max(0.001, seconds))
      .then(() => current && setDrawn(true))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [ready, values, seconds]);

  return (
    <div className="waveform" ref={box} data-testid="waveform" data-peaks={peaks.max.length} data-drawn-by={drawn ? 'wavesurfer' : 'outline'} aria-hidden="true">
      {!drawn && (
        <svg className="waveform-outline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none">
          <path d={outline} fill={WAVE_COLOUR} />
        </svg>
      )}
    </div>
  );
});
