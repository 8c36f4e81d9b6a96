import { frameToSample, msToSamples } from './samples.js';
import { isClipAudible, type AudioClip, type AudioTimeline } from './state.js';

/**
 * What the preview mix (Web Audio) plays from a playhead: for each audible clip that is still to come or playing,
 * when to start it, where in its source, for how long, and its gain envelope. It is the same arithmetic as the export
 * graph (`buildMixFilterGraph`): positions are frame boundaries converted to samples at the asset's rate, so preview
 * and export agree to the sample.
 */
export interface ScheduledClip {
  clipId: string;
  assetId: string;
  /** Seconds after the playhead at which the clip's sound begins (0 when the playhead is inside the clip). */
  startInSeconds: number;
  /** Where in the source to start, in seconds (AudioBufferSourceNode.start's offset). */
  sourceOffsetSeconds: number;
  /** How long it plays from there, in seconds. */
  durationSeconds: number;
  /**
   * Linear gain points relative to `startInSeconds` (fades are linear ramps, like ffmpeg's afade=tri): the first
   * point is the level at the start; a GainNode reproduces it with setValueAtTime + linearRampToValueAtTime.
   */
  envelope: { atSeconds: number; gain: number }[];
}

const dbToGain = (db: number) => 10 ** (db / 20);

/** Gain at sample `i` of a clip of `length` samples with linear fades, times the clip gain. */
function envelopeAt(i: number, length: number, fadeIn: number, fadeOut: number, gain: number): number {
  let g = gain;
  if (fadeIn > 0 && i < fadeIn) g *= i / fadeIn;
  if (fadeOut > 0 && i > length - fadeOut) g *= Math.max(0, (length - i) / fadeOut);
  return g;
}

function scheduleClip(clip: AudioClip, fps: number, sampleRate: number, playhead: number): ScheduledClip | null {
  const start = frameToSample(clip.startFrame, fps, sampleRate) + msToSamples(clip.offsetMs, sampleRate);
  const length = frameToSample(clip.startFrame + clip.durationFrames, fps, sampleRate) - frameToSample(clip.startFrame, fps, sampleRate);
  const sourceIn = frameToSample(clip.sourceInFrame, fps, sampleRate);
  // The part before timeline 0 is never heard (as in the export graph).
  const from = Math.max(playhead, start, 0);
  const end = start + length;
  if (from >= end) return null;
  const into = from - start;
  const fadeIn = Math.min(frameToSample(clip.fadeInFrames, fps, sampleRate), length);
  const fadeOut = Math.min(frameToSample(clip.fadeOutFrames, fps, sampleRate), length);
  const gain = dbToGain(clip.gainDb);
  const points = [into];
  if (fadeIn > into) points.push(fadeIn);
  if (fadeOut > 0 && length - fadeOut > into) points.push(length - fadeOut);
  points.push(length);
  return {
    clipId: clip.id,
    assetId: clip.assetId,
    startInSeconds: (from - playhead) / sampleRate,
    sourceOffsetSeconds: (sourceIn + into) / sampleRate,
    durationSeconds: (end - from) / sampleRate,
    envelope: points.map((i) => ({ atSeconds: (i - into) / sampleRate, gain: envelopeAt(i, length, fadeIn, fadeOut, gain) })),
  };
}

/**
 * The clips to start for playback from `playheadFrame` (+ `playheadOffsetMs`), in timeline order, honouring mute and
 * solo. `sampleRate` is the AudioContext's rate (positions round to its samples).
 */
export function schedulePreview(state: AudioTimeline, options: { fps: number; sampleRate: number; playheadFrame: number; playheadOffsetMs?: number }): ScheduledClip[] {
  const { fps, sampleRate } = options;
  const playhead = frameToSample(options.playheadFrame, fps, sampleRate) + msToSamples(options.playheadOffsetMs ?? 0, sampleRate);
  return state.clips
    .filter((clip) => isClipAudible(state, clip))
    .map((clip) => scheduleClip(clip, fps, sampleRate, playhead))
    .filter((s): s is ScheduledClip => s !== null)
    .sort((a, b) => a.startInSeconds - b.startInSeconds);
}
