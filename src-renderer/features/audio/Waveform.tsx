import { memo, useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import type { Peaks } from './audioSlice';

interface WaveformProps {
  peaks: Peaks;
  /** The part of the sound the clip plays, in seconds of the source. */
  fromSeconds: number;
  seconds: number;
  /** Linear clip gain, so the drawing shows what is heard. */
  gain: number;
}

/** The slice of the engine's peaks that a clip plays, as wavesurfer's one-channel peaks (absolute, gain applied). */
export function clipPeaks(peaks: Peaks, fromSeconds: number, seconds: number, gain: number): number[] {
  const first = Math.max(0, Math.floor(fromSeconds * peaks.peaksPerSecond));
  const last = Math.min(peaks.max.length, Math.max(first + 1, Math.ceil((fromSeconds + seconds) * peaks.peaksPerSecond)));
  const out: number[] = [];
  for (let i = first; i < last; i++) out.push(Math.min(1, gain * Math.max(Math.abs(peaks.min[i] ?? 0), Math.abs(peaks.max[i] ?? 0))));
  return out;
}

/**
 * A clip's waveform, drawn by wavesurfer.js from peaks the engine computed (the renderer never decodes the file for
 * this). wavesurfer gets the peaks and the duration and no URL, so it loads no audio; it redraws on resize (zoom).
 */
export const Waveform = memo(function Waveform({ peaks, fromSeconds, seconds, gain }: WaveformProps) {
  const box = useRef<HTMLDivElement>(null);
  const surfer = useRef<WaveSurfer | null>(null);
  const [ready, setReady] = useState(false);

  // Clips mount as they scroll into view; creating a wavesurfer instance costs a few milliseconds, so it waits for an
  // idle moment (at most 300 ms) instead of lengthening the scroll frame that brought the clip in.
  useEffect(() => {
    let ws: WaveSurfer | null = null;
    const create = () => {
      if (!box.current) return;
      ws = WaveSurfer.create({
        container: box.current,
        height: 'auto',
        waveColor: '#9fe3c9',
        progressColor: '#9fe3c9',
        cursorWidth: 0,
        interact: false,
        normalize: false,
        barWidth: 0,
      });
      surfer.current = ws;
      setReady(true);
    };
    const idle = typeof requestIdleCallback === 'function' ? requestIdleCallback(create, { timeout: 300 }) : null;
    const timer = idle === null ? window.setTimeout(create, 0) : null;
    return () => {
      if (idle !== null) cancelIdleCallback(idle);
      if (timer !== null) window.clearTimeout(timer);
      ws?.destroy();
      surfer.current = null;
    };
  }, []);

  useEffect(() => {
    if (!ready) return;
    const values = clipPeaks(peaks, fromSeconds, seconds, gain);
    void surfer.current?.load('', [values], Math.max(0.001, seconds)).catch(() => undefined);
  }, [ready, peaks, fromSeconds, seconds, gain]);

  return <div className="waveform" ref={box} data-testid="waveform" data-peaks={peaks.max.length} aria-hidden="true" />;
});
