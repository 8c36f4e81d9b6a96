/**
 * Media: the one module that knows ffmpeg. Everything else in the engine asks for encodes, probes, posters and
 * waveforms through this surface and never spawns ffmpeg itself.
 */
export { MediaOutputError, MediaProcessError, MediaToolMissingError } from './errors.js';
export { locateMediaTools, type LocateMediaToolsOptions, type MediaToolSource, type MediaTools } from './locate.js';
export {
  createVideoEncoder,
  prestartVideoEncoder,
  type EncodedVideo,
  type PrestartedVideoEncoder,
  type VideoEncoder,
  type VideoEncoderOptions,
  type VideoEncoderSettings,
} from './encoder.js';
export { probeMedia, type AudioStreamProbe, type MediaProbe, type ProbeOptions, type VideoStreamProbe } from './probe.js';
export { makePoster, type Poster, type PosterOptions } from './poster.js';
export { PeaksCache, computePeaks, type PeaksCacheStats, type PeaksOptions, type WaveformPeaks } from './peaks.js';
export { frameMd5 } from './framemd5.js';
export { removeReservedTempFiles, reserveTempFile } from './output.js';
export {
  decodeAudioMono,
  decodeVideoLuma,
  streamAudioMono,
  type DecodeAudioOptions,
  type DecodeVideoLumaOptions,
  type DecodedAudio,
  type DecodedVideoLuma,
} from './decode.js';
export { renderAudioMix, type AudioMixRender } from './mix.js';
export { addAudioTrack, type AddAudioTrack } from './mux.js';
export { availableEncoders, renderWithFfmpeg, RenderCancelledError, type FfmpegRender } from './render.js';
export {
  decodeVideoFrames,
  rawFrameBytes,
  rewriteVideoFrames,
  type DecodeVideoOptions,
  type RawFrame,
  type RawPixelFormat,
  type RewriteVideoOptions,
} from './frames.js';
