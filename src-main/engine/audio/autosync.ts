import { decodeAudioMono, decodeVideoLuma, probeMedia, type MediaTools } from '../media/index.js';
import { alignEvents, type Alignment } from './correlate.js';
import { ONSET_SAMPLE_RATE, detectOnsetsAsync } from './onsets.js';
import { VisualEventDetector, type VisualEvent } from './visualEvents.js';

/**
 * Auto-sync: how far a sound is off its picture. Visual events (bounces, hits, flashes) come from frame differences of
 * small gray frames; audio events from spectral-flux onsets; the offset is the lag that lines the two up best
 * (cross-correlation, ±2 s), with a confidence. When either side has no events, or they do not line up clearly, the
 * answer is "no sync points found" — never a guess.
 */

export interface AutoSyncOptions {
  videoPath: string;
  audioPath: string;
  /** Project frames per second, for the offset in frames. */
  fps: number;
  /**
   * Which moment of the audio file plays with the video's first frame, in ms of the audio file (the audio clip's
   * source position relative to the video clip's, from the timeline). Default 0: both files start together.
   */
  audioSourceOffsetMs?: number;
  /** Largest offset looked for, either way. Default 2000 ms. */
  maxLagMs?: number;
}

export interface AutoSyncEvents {
  /** Visual events in ms of the video file. */
  video: { ms: number; strength: number; kind: VisualEvent['kind'] }[];
  /** Audio onsets in ms of the audio file. */
  audio: { ms: number; strength: number }[];
}

export type AutoSyncResult =
  | {
      status: 'synced';
      /**
       * How late the sound is against the picture, in ms (negative: early). To sync, move the audio clip earlier by
       * this much: its timeline start minus `offsetMs` (or minus `offsetFrames` at the project fps).
       */
      offsetMs: number;
      /** `offsetMs` rounded to whole project frames. */
      offsetFrames: number;
      /** 0..1; below MIN_CONFIDENCE the result is 'no-sync-points' instead. */
      confidence: number;
      /** How many visual events have a sound at the found offset. */
      matchedEvents: number;
      events: AutoSyncEvents;
    }
  | {
      status: 'no-sync-points';
      /** Why, in a sentence for the user. */
      reason: string;
      confidence: number;
      events: AutoSyncEvents;
    };

/** Below this a result is 'no-sync-points': on random, unrelated event trains about 1 in 700 reaches it (see README). */
export const MIN_CONFIDENCE = 0.5;
const DEFAULT_MAX_LAG_MS = 2000;
/** Long clips are analysed from their start; two minutes hold plenty of events to sync on. */
const MAX_ANALYSIS_SECONDS = 120;
const ANALYSIS_WIDTH = 64;

export async function autoSync(tools: Pick<MediaTools, 'ffmpeg' | 'ffprobe'>, options: AutoSyncOptions): Promise<AutoSyncResult> {
  const { fps, audioSourceOffsetMs = 0, maxLagMs = DEFAULT_MAX_LAG_MS } = options;
  if (!Number.isInteger(fps) || fps < 1 || fps > 240) throw new RangeError(`fps must be an integer from 1 to 240, got ${fps}`);
  if (!Number.isFinite(audioSourceOffsetMs)) throw new RangeError(`audioSourceOffsetMs must be a number of ms, got ${audioSourceOffsetMs}`);
  if (!(maxLagMs >= 40 && maxLagMs <= 10_000)) throw new RangeError(`maxLagMs must be from 40 to 10000, got ${maxLagMs}`);

  const probe = await probeMedia(tools, options.videoPath);
  if (!probe.video) throw new RangeError(`auto-sync: ${options.videoPath} has no video stream`);
  const aspect = probe.video.height / probe.video.width;
  const height = Math.max(8, Math.min(ANALYSIS_WIDTH, Math.round(ANALYSIS_WIDTH * aspect)));
  const videoFps = probe.video.fps;
  if (!(videoFps > 0)) throw new RangeError(`auto-sync: ${options.videoPath} has no frame rate`);
  const detector = new VisualEventDetector(ANALYSIS_WIDTH, height, videoFps);
  const decoded = await decodeVideoLuma(tools, options.videoPath, { width: ANALYSIS_WIDTH, height, maxFrames: Math.ceil(MAX_ANALYSIS_SECONDS * videoFps) }, (luma) =>
    detector.push(luma),
  );
  const visual = detector.finish();
  const videoSeconds = decoded.frameCount / decoded.fps;

  // The audio that can matter: the video's span, widened by the lag range on both sides.
  const audioStartMs = Math.max(0, audioSourceOffsetMs - maxLagMs);
  const audioEndMs = audioSourceOffsetMs + videoSeconds * 1000 + maxLagMs;
  const sound = await decodeAudioMono(tools, options.audioPath, {
    sampleRate: ONSET_SAMPLE_RATE,
    startSeconds: audioStartMs / 1000,
    durationSeconds: Math.max(0.1, (audioEndMs - audioStartMs) / 1000),
  });
  const onsets = (await detectOnsetsAsync(sound.samples)).onsets;

  const events: AutoSyncEvents = {
    video: visual.events.map((e) => ({ ms: e.seconds * 1000, strength: e.strength, kind: e.kind })),
    audio: onsets.map((o) => ({ ms: audioStartMs + o.seconds * 1000, strength: o.strength })),
  };
  if (events.video.length === 0 || events.audio.length === 0) {
    const why =
      events.video.length === 0 && events.audio.length === 0
        ? 'neither the picture nor the sound has clear events'
        : events.video.length === 0
          ? 'the picture has no clear events (impacts, bounces, flashes)'
          : 'the sound has no clear onsets (hits, knocks, claps)';
    return { status: 'no-sync-points', reason: `No sync points found: ${why} to line up.`, confidence: 0, events };
  }

  const alignment: Alignment | null = alignEvents(
    events.video.map((e) => ({ seconds: e.ms / 1000, strength: e.strength })),
    // Onsets onto the video's clock: audio file time minus where the video starts in it.
    events.audio.map((e) => ({ seconds: (e.ms - audioSourceOffsetMs) / 1000, strength: e.strength })),
    { maxLagMs, videoSigmaMs: 500 / videoFps, audioSigmaMs: 3 },
  );
  if (!alignment || alignment.confidence < MIN_CONFIDENCE) {
    return {
      status: 'no-sync-points',
      reason: 'No sync points found: the picture and the sound both have events, but they do not line up at any one offset.',
      confidence: alignment?.confidence ?? 0,
      events,
    };
  }
  return {
    status: 'synced',
    // `+ 0` turns a rounded -0 into 0.
    offsetMs: Math.round(alignment.lagMs * 10) / 10 + 0,
    offsetFrames: Math.round((alignment.lagMs * fps) / 1000) + 0,
    confidence: alignment.confidence,
    matchedEvents: alignment.matched,
    events,
  };
}
