import { frameToSample, msToSamples } from './samples.js';
import { isClipAudible, type AudioClip, type AudioTimeline } from './state.js';

/** What the mix needs to know about each asset's file: where it is and how many channels it has (from a probe). */
export interface MixInputAsset {
  path: string;
  channels: number;
}

export interface MixGraphOptions {
  /** Project frames per second. */
  fps: number;
  /** Mix rate in Hz; 48000 for video. */
  sampleRate: number;
  /** Every asset an audible clip plays, by asset id. */
  inputs: Readonly<Record<string, MixInputAsset>>;
  /** Length of the mix in project frames (the export's length). Default: the end of the last audible clip. */
  totalFrames?: number;
  /** ffmpeg input index of the first clip's file, when other inputs (the video) come first. Default 0. */
  firstInputIndex?: number;
  /** Name of the output pad. Default `aout`. */
  outputLabel?: string;
}

/** One clip as the graph plays it, in samples at the mix rate. */
export interface MixClipPlan {
  clipId: string;
  assetId: string;
  /** ffmpeg input index (`-i` order) that reads this clip's file. */
  inputIndex: number;
  /** First sample of the source that is heard. */
  sourceStartSample: number;
  /** Timeline sample where that source sample plays. */
  timelineStartSample: number;
  lengthSamples: number;
  /** Fade lengths; positions count from the first heard sample (`sourceStartSample`). A fade cut by the timeline's
   * start or the mix's end keeps its place on the clip, so only part of it is heard. */
  fadeInSamples: number;
  fadeOutStartSample: number;
  fadeOutSamples: number;
  gainDb: number;
}

export interface MixGraph {
  /** The `-filter_complex` argument (pass it as one argument; it contains no paths). */
  filterComplex: string;
  /** The output pad with brackets, for `-map`: `[aout]`. */
  outputLabel: string;
  /** The files to pass as `-i`, in order, starting at `firstInputIndex`. One input per clip, so clips never share a
   * decoder that would have to buffer between two distant positions of the same file. */
  inputs: { index: number; clipId: string; assetId: string; path: string }[];
  clips: MixClipPlan[];
  sampleRate: number;
  /** Exact length of the output in samples. */
  totalSamples: number;
}

/** dB with up to three decimals and no exponent: `-6`, `3.5`, `-0.125`. */
function formatDb(db: number): string {
  const rounded = Math.round(db * 1000) / 1000;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(3).replace(/\.?0+$/, '');
}

function channelFilter(channels: number): string {
  // A mono source plays at full level in both channels; ffmpeg's own mono→stereo upmix would lower it by 3 dB.
  if (channels === 1) return 'pan=stereo|c0=c0|c1=c0';
  return 'aformat=sample_fmts=fltp:channel_layouts=stereo';
}

function planClip(clip: AudioClip, fps: number, sampleRate: number, totalSamples: number | undefined): Omit<MixClipPlan, 'inputIndex'> | null {
  const startSample = frameToSample(clip.startFrame, fps, sampleRate) + msToSamples(clip.offsetMs, sampleRate);
  // The clip covers the timeline frames [start, start + duration): its length is the difference of the two
  // boundaries, so clips that abut on frames abut on samples too.
  const fullLength = frameToSample(clip.startFrame + clip.durationFrames, fps, sampleRate) - frameToSample(clip.startFrame, fps, sampleRate);
  const fadeIn = frameToSample(clip.fadeInFrames, fps, sampleRate);
  const fadeOut = frameToSample(clip.fadeOutFrames, fps, sampleRate);
  // A negative fine offset at the very start of the timeline: the part before time 0 is not heard.
  const cut = Math.max(0, -startSample);
  const timelineStart = startSample + cut;
  let length = fullLength - cut;
  if (totalSamples !== undefined) length = Math.min(length, totalSamples - timelineStart);
  if (length <= 0) return null;
  // Fades keep their place on the clip: the fade-out still ends at the clip's end when the mix's end cuts it short.
  const fadeOutStart = fullLength - fadeOut - cut;
  return {
    clipId: clip.id,
    assetId: clip.assetId,
    sourceStartSample: frameToSample(clip.sourceInFrame, fps, sampleRate) + cut,
    timelineStartSample: timelineStart,
    lengthSamples: length,
    fadeInSamples: Math.max(0, Math.min(fadeIn - cut, length)),
    fadeOutStartSample: Math.max(0, fadeOutStart),
    fadeOutSamples: fadeOut > 0 && fadeOutStart < length ? fadeOut - Math.max(0, -fadeOutStart) : 0,
    gainDb: clip.gainDb,
  };
}

function clipChain(plan: MixClipPlan, asset: MixInputAsset, sampleRate: number, label: string): string {
  const filters = [
    `aresample=${sampleRate}`,
    channelFilter(asset.channels),
    // Timestamps become sample counts, so atrim cuts at exact samples whatever the container's start time was.
    'asetpts=N/SR/TB',
    `atrim=start_sample=${plan.sourceStartSample}:end_sample=${plan.sourceStartSample + plan.lengthSamples}`,
    'asetpts=PTS-STARTPTS',
  ];
  if (plan.gainDb !== 0) filters.push(`volume=${formatDb(plan.gainDb)}dB`);
  if (plan.fadeInSamples > 0) filters.push(`afade=t=in:ss=0:ns=${plan.fadeInSamples}`);
  if (plan.fadeOutSamples > 0) filters.push(`afade=t=out:ss=${plan.fadeOutStartSample}:ns=${plan.fadeOutSamples}`);
  if (plan.timelineStartSample > 0) filters.push(`adelay=delays=${plan.timelineStartSample}S:all=1`);
  return `[${plan.inputIndex}:a]${filters.join(',')}[${label}]`;
}

/**
 * The timeline's audio as one ffmpeg `-filter_complex`: per audible clip, cut the used part of its source to the
 * sample (atrim on sample counts), apply gain (dB) and fades, delay it to its timeline start (all channels), then sum
 * the clips (amix with normalize=0, so a clip's level does not depend on how many others play) and pad/trim to the
 * exact length. Mute and solo decide which clips are in the graph (see `isClipAudible`).
 */
export function buildMixFilterGraph(state: AudioTimeline, options: MixGraphOptions): MixGraph {
  const { fps, sampleRate } = options;
  const firstInputIndex = options.firstInputIndex ?? 0;
  const outputLabel = options.outputLabel ?? 'aout';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(outputLabel)) throw new RangeError(`output label must be letters, digits and _, got "${outputLabel}"`);
  if (!Number.isInteger(firstInputIndex) || firstInputIndex < 0) throw new RangeError(`firstInputIndex must be a non-negative integer, got ${firstInputIndex}`);
  if (options.totalFrames !== undefined && (!Number.isInteger(options.totalFrames) || options.totalFrames < 1)) {
    throw new RangeError(`totalFrames must be a positive integer, got ${options.totalFrames}`);
  }
  const fixedTotal = options.totalFrames !== undefined ? frameToSample(options.totalFrames, fps, sampleRate) : undefined;

  const plans: MixClipPlan[] = [];
  for (const clip of state.clips) {
    if (!state.tracks.some((t) => t.id === clip.trackId)) throw new RangeError(`audio clip "${clip.id}" is on track "${clip.trackId}", which is not an audio track`);
    if (!isClipAudible(state, clip)) continue;
    const asset = options.inputs[clip.assetId];
    if (!asset) throw new RangeError(`audio clip "${clip.id}" plays asset "${clip.assetId}", which is not among the mix inputs`);
    if (!Number.isInteger(asset.channels) || asset.channels < 1) {
      throw new RangeError(`asset "${clip.assetId}" has ${asset.channels} audio channels; probe it first`);
    }
    const plan = planClip(clip, fps, sampleRate, fixedTotal);
    if (plan) plans.push({ ...plan, inputIndex: firstInputIndex + plans.length });
  }

  const totalSamples = fixedTotal ?? plans.reduce((end, p) => Math.max(end, p.timelineStartSample + p.lengthSamples), 0);
  if (totalSamples <= 0) throw new RangeError('nothing to mix: no audible clip and no totalFrames');

  const chains: string[] = [];
  const ending = `apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples}[${outputLabel}]`;
  if (plans.length === 0) {
    chains.push(`anullsrc=r=${sampleRate}:cl=stereo,${ending}`);
  } else {
    plans.forEach((plan, i) => chains.push(clipChain(plan, options.inputs[plan.assetId]!, sampleRate, `c${i}`)));
    const pads = plans.map((_, i) => `[c${i}]`).join('');
    chains.push(`${pads}amix=inputs=${plans.length}:duration=longest:dropout_transition=0:normalize=0,${ending}`);
  }
  return {
    filterComplex: chains.join(';'),
    outputLabel: `[${outputLabel}]`,
    inputs: plans.map((p) => ({ index: p.inputIndex, clipId: p.clipId, assetId: p.assetId, path: options.inputs[p.assetId]!.path })),
    clips: plans,
    sampleRate,
    totalSamples,
  };
}
