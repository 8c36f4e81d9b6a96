import { decodeVideoFrames, rewriteVideoFrames, type MediaTools, type RewriteVideoOptions } from '../../media/index.js';
import { DEFAULT_EMBED, embedLuma, type EmbedContext, type EmbedOptions } from './embed.js';
import { WatermarkDetector, type DetectorOptions, type WatermarkVerdict } from './detect.js';
import { encodePayload, type WatermarkPayload } from './payload.js';
import { payloadTile, watermarkLayout, type WatermarkLayout } from './pattern.js';

export interface MarkVideoOptions {
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  inPath: string;
  outPath: string;
  payload: WatermarkPayload;
  layout?: WatermarkLayout;
  embed?: EmbedOptions;
  /** x264 CRF of the marked file (default 18). */
  crf?: number;
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
  /** Encoder and container other than x264 in MP4 (an HEVC or ProRes export keeps its format). */
  encode?: RewriteVideoOptions['encode'];
  onFrame?: (framesDone: number) => void;
  signal?: AbortSignal;
}

export interface MarkedVideo {
  path: string;
  frameCount: number;
  /** PSNR of the marked luma against the original luma, before encoding (dB; mean over frames of the frame MSE). */
  psnr: number;
}

export function psnrFromMse(mse: number): number {
  return mse <= 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** Writes a copy of `inPath` with the invisible watermark in every frame's luma (chroma and audio untouched). */
export async function markVideo(options: MarkVideoOptions): Promise<MarkedVideo> {
  const layout = options.layout ?? watermarkLayout();
  const tile = payloadTile(layout, encodePayload(options.payload));
  const embed = { ...DEFAULT_EMBED, ...options.embed };
  let mseSum = 0;
  const context: EmbedContext = {};
  const result = await rewriteVideoFrames({
    tools: options.tools,
    inPath: options.inPath,
    outPath: options.outPath,
    crf: options.crf,
    preset: options.preset,
    encode: options.encode,
    onFrame: options.onFrame,
    signal: options.signal,
    transform: (frame) => {
      mseSum += embedLuma(frame.data.subarray(0, frame.width * frame.height), frame.width, frame.height, layout, tile, embed, context);
    },
  });
  return { path: result.path, frameCount: result.frameCount, psnr: psnrFromMse(mseSum / Math.max(1, result.frameCount)) };
}

export interface DetectVideoOptions extends DetectorOptions {
  tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>;
  layout?: WatermarkLayout;
  /** Read at most this many frames (default: all). */
  maxFrames?: number;
}

/** Decodes a video and looks for the watermark over all its frames together. */
export async function detectVideoWatermark(file: string, options: DetectVideoOptions): Promise<WatermarkVerdict> {
  const detector = new WatermarkDetector(options.layout ?? watermarkLayout(), options);
  for await (const frame of decodeVideoFrames(options.tools, file, { pixelFormat: 'gray', maxFrames: options.maxFrames })) {
    detector.addLuma(frame.data, frame.width, frame.height);
  }
  return detector.verdict();
}
