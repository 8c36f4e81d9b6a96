/** Timeline audio: state (tracks, clips, mute/solo), frame ↔ sample math, and the mix as an ffmpeg filter graph. */
export {
  MAX_GAIN_DB,
  MAX_OFFSET_MS,
  MIN_GAIN_DB,
  audioClipSchema,
  audioTimelineSchema,
  audioTrackSchema,
  isClipAudible,
  type AudioClip,
  type AudioTimeline,
  type AudioTrack,
} from './state.js';
export { frameToSample, msToNearestFrame, msToSamples } from './samples.js';
export { buildMixFilterGraph, type MixClipPlan, type MixGraph, type MixGraphOptions, type MixInputAsset } from './mixGraph.js';
export { applySyncOffset, clipStartMs, nudgeClip, placementAtMs } from './placement.js';
export { schedulePreview, type ScheduledClip } from './preview.js';
export { audioSourceKey, audioTimelineOf, type DocumentAudio } from './document.js';
