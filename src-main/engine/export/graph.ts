import { buildMixFilterGraph, type MixInputAsset } from '../../../src-shared/audio/index.js';
import type { ExportFormat } from '../../../src-shared/export.js';
import type { ExportSource, ExportTimeline, VideoSegment } from './timeline.js';

/**
 * The timeline as one ffmpeg command (arguments, never a shell line): per video segment its own input, cut to its
 * frames, scaled into the frame keeping its shape (black bars), brought to the project rate; segments joined with hard
 * cuts or dissolves; the moving watermark over the result; the audio mix from src-shared/audio's graph; the encoder.
 */

export interface RenderGraphOptions {
  timeline: ExportTimeline;
  /** Picture sources by key (ExportTimeline's segments name them). */
  sources: Readonly<Record<string, ExportSource>>;
  /** Sound files by the audio state's asset key, with their channel counts. */
  audioInputs: Readonly<Record<string, MixInputAsset>>;
  width: number;
  height: number;
  format: ExportFormat;
  crossfadeFrames: number;
  /** The visible watermark's PNG (with alpha), or null for none. */
  watermarkPng: string | null;
}

export interface RenderGraph {
  /** Inputs, `-filter_complex`, maps and codec options: everything before `-f` and the output file. */
  args: string[];
  container: 'mp4' | 'mov';
  filterComplex: string;
  totalFrames: number;
}

export const MIX_SAMPLE_RATE = 48_000;

/** Video codec options of each format; the invisible watermark's re-encode uses the same ones. */
export function videoCodecArgs(format: ExportFormat): string[] {
  switch (format) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', 'fast', '-crf', '18', '-profile:v', 'high', '-pix_fmt', 'yuv420p'];
    case 'hevc':
      return ['-c:v', 'libx265', '-preset', 'fast', '-crf', '22', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error'];
    case 'prores':
      return ['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le'];
  }
}

export function audioCodecArgs(format: ExportFormat): string[] {
  return format === 'prores' ? ['-c:a', 'pcm_s16le'] : ['-c:a', 'aac', '-b:a', '192k'];
}

/** The encoders a format needs: offered only when this ffmpeg has them. */
export const FORMAT_ENCODERS: Record<ExportFormat, string[]> = {
  h264: ['libx264', 'aac'],
  hevc: ['libx265', 'aac'],
  prores: ['prores_ks', 'pcm_s16le'],
};

export const containerOf = (format: ExportFormat): 'mp4' | 'mov' => (format === 'prores' ? 'mov' : 'mp4');

/** Seconds for filter options, exact to the microsecond and never in exponent form. */
const seconds = (frames: number, fps: number) => (frames / fps).toFixed(6);

/** The watermark's path: a slow Lissajous drift inside a margin, so it never rests in one place for long. */
export function watermarkOverlay(width: number, height: number): { markWidth: number; x: string; y: string } {
  const short = Math.min(width, height);
  const markWidth = Math.max(32, 2 * Math.round((short * 0.3) / 2));
  const margin = Math.round(short * 0.04);
  return {
    markWidth,
    x: `${margin}+(W-w-${2 * margin})*(0.5+0.5*sin(t*0.53))`,
    y: `${margin}+(H-h-${2 * margin})*(0.5+0.5*sin(t*0.31+1.9))`,
  };
}

/** Picks the crossfade for each cut: only between two clips that abut, and never longer than either. */
function crossfades(segments: readonly VideoSegment[], frames: number): number[] {
  return segments.map((segment, i) => {
    const next = segments[i + 1];
    if (!next || frames === 0 || segment.kind !== 'clip' || next.kind !== 'clip') return 0;
    return Math.min(frames, segment.durationFrames, next.durationFrames);
  });
}

export function buildRenderGraph(options: RenderGraphOptions): RenderGraph {
  const { timeline, width, height } = options;
  const { fps, totalFrames } = timeline;
  const args: string[] = [];
  const chains: string[] = [];
  let inputIndex = 0;
  const fades = crossfades(timeline.video, options.crossfadeFrames);
  const fit = `scale=${width}:${height}:force_original_aspect_ratio=decrease:force_divisible_by=2:flags=bicubic,pad=${width}:${height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1`;

  const labels = timeline.video.map((segment, i) => {
    const label = `v${i}`;
    if (segment.kind === 'gap') {
      chains.push(`color=c=black:s=${width}x${height}:r=${fps},trim=end_frame=${segment.durationFrames},setsar=1,format=yuv420p[${label}]`);
      return { label, frames: segment.durationFrames };
    }
    const source = options.sources[segment.sourceKey];
    if (!source) throw new RangeError(`segment ${i} plays ${segment.sourceKey}, which is not among the sources`);
    // A dissolve into the next clip runs under its first frames: this clip goes on past its out point for that long,
    // from its own source where the source has more, else holding its last frame.
    const frames = segment.durationFrames + fades[i]!;
    const sourceEnd = Math.min(source.frames, segment.sourceInFrame + Math.ceil(frames * segment.rate));
    args.push('-i', source.path);
    chains.push(
      `[${inputIndex}:v]trim=start_frame=${segment.sourceInFrame}:end_frame=${Math.max(segment.sourceInFrame + 1, sourceEnd)},setpts=PTS-STARTPTS,${fit},` +
        `fps=${fps},tpad=stop_mode=clone:stop=${frames},trim=end_frame=${frames},setpts=PTS-STARTPTS,format=yuv420p[${label}]`,
    );
    inputIndex++;
    return { label, frames };
  });

  let current = labels[0]!.label;
  let length = labels[0]!.frames;
  for (let i = 1; i < labels.length; i++) {
    const next = labels[i]!;
    const fade = fades[i - 1]!;
    const joined = `j${i}`;
    if (fade > 0) chains.push(`[${current}][${next.label}]xfade=transition=fade:duration=${seconds(fade, fps)}:offset=${seconds(length - fade, fps)}[${joined}]`);
    // concat hands out microsecond timestamps; xfade wants both inputs in the frame rate's time base.
    else chains.push(`[${current}][${next.label}]concat=n=2:v=1:a=0,settb=1/${fps}[${joined}]`);
    length += next.frames - fade;
    current = joined;
  }

  if (options.watermarkPng) {
    const overlay = watermarkOverlay(width, height);
    args.push('-i', options.watermarkPng);
    chains.push(`[${inputIndex}:v]scale=${overlay.markWidth}:-2[mark]`);
    // A single picture: overlay keeps drawing its last (only) frame to the end.
    chains.push(`[${current}][mark]overlay=x=${overlay.x}:y=${overlay.y}:eof_action=repeat,format=yuv420p[vout]`);
    inputIndex++;
  } else {
    chains.push(`[${current}]null[vout]`);
  }

  const mix = buildMixFilterGraph(timeline.audio, {
    fps,
    sampleRate: MIX_SAMPLE_RATE,
    inputs: options.audioInputs,
    totalFrames,
    firstInputIndex: inputIndex,
    outputLabel: 'aout',
  });
  for (const input of mix.inputs) args.push('-i', input.path);
  chains.push(mix.filterComplex);

  const filterComplex = chains.join(';');
  args.push(
    '-filter_complex', filterComplex,
    '-map', '[vout]', '-map', mix.outputLabel,
    ...videoCodecArgs(options.format), '-r', String(fps), '-frames:v', String(totalFrames),
    ...audioCodecArgs(options.format), '-ar', String(MIX_SAMPLE_RATE), '-ac', '2',
    '-map_metadata', '-1', '-movflags', '+faststart',
  );
  return { args, container: containerOf(options.format), filterComplex, totalFrames };
}
