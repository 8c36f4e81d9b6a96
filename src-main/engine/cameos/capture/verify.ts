/**
 * Checks a cameo recording before it is accepted: a face in most sampled frames (for a person) and speech while the
 * verification phrase was on screen; an accepted recording also gives the cameo its reference images (references.ts),
 * cut from the same sampled frames. What it cannot check it says: with no speech-recognition model installed, the
 * words spoken are not compared with the phrase (`phrase: 'not_checked'`), and a VAD also fires on some non-speech
 * sounds (a steady tone, in our tests), so "speech detected" means "voice-like sound", not "the phrase was said".
 */
import { decodeAudioMono } from '../../media/decode.js';
import { probeMedia, type MediaTools } from '../../media/index.js';
import type { CameoKind } from '../model.js';
import { speechSegments } from './detectors.js';
import { referenceImages, type ReferenceImage } from './references.js';
import { sampleRecording, type SampledFrame } from './sampling.js';

export interface CaptureReport {
  durationSeconds: number;
  /** Faces per sampled frame; `checked: false` for pets and objects (the detector finds human faces only). */
  subject: { checked: boolean; sampledFrames: number; framesWithFace: number; ratio: number };
  /** The cameo's reference images taken from the recording, primary first (none when it was refused). */
  references: ReferenceImage[];
  speech: { segments: { startS: number; endS: number }[]; window: { startS: number; endS: number }; secondsInWindow: number };
  /** Whether the spoken words were matched to the phrase: no speech-recognition model is installed. */
  phrase: 'not_checked';
  accepted: boolean;
  /** Why it was refused, one line each, for the person recording. */
  reasons: string[];
}

export interface CaptureCheckOptions {
  kind: CameoKind;
  /** When the phrase was on screen, in seconds from the start; the whole recording when absent. */
  phraseWindow?: { startS: number; endS: number };
}

export type CaptureVerifier = (recordingPath: string, options: CaptureCheckOptions) => Promise<CaptureReport>;

/** Takes reference images from a recording without checking it (an engine built without the capture check). */
export type ReferenceExtractor = (recordingPath: string, options: { kind: CameoKind }) => Promise<ReferenceImage[]>;

export const MIN_SECONDS = 3;
/** "Most frames": a face in at least this share of the sampled frames. */
export const MIN_FACE_RATIO = 0.6;
/** Speech for at least this long inside the phrase window. */
export const MIN_SPEECH_SECONDS = 0.5;
const VAD_RATE = 16_000;

export function captureVerifier(mediaTools: () => Promise<MediaTools>): CaptureVerifier {
  return async (file, options) => {
    const tools = await mediaTools();
    const probe = await probeMedia(tools, file);
    const audio = probe.audio ? await decodeAudioMono(tools, file, { sampleRate: VAD_RATE }) : null;
    // A browser's MediaRecorder writes WebM without a duration in its header; the decoded sound says how long it is.
    const duration = probe.durationSeconds ?? (audio ? audio.samples.length / VAD_RATE : 0);
    const reasons: string[] = [];
    if (!probe.video) reasons.push('the recording has no video');
    if (!probe.audio) reasons.push('the recording has no sound: read the phrase aloud with the microphone on');
    if (duration < MIN_SECONDS) reasons.push(`the recording is ${duration.toFixed(1)} s; record at least ${MIN_SECONDS} s`);

    const subject = { checked: options.kind === 'person' && Boolean(probe.video), sampledFrames: 0, framesWithFace: 0, ratio: 0 };
    const frames: SampledFrame[] = probe.video ? await sampleRecording(tools, file, { kind: options.kind, video: probe.video, durationSeconds: duration }) : [];
    if (subject.checked) {
      subject.sampledFrames = frames.length;
      subject.framesWithFace = frames.filter((f) => f.faces.length > 0).length;
      subject.ratio = subject.sampledFrames ? subject.framesWithFace / subject.sampledFrames : 0;
      if (subject.ratio < MIN_FACE_RATIO) {
        reasons.push(`a face was found in ${subject.framesWithFace} of ${subject.sampledFrames} sampled frames; keep your face in the frame for most of the recording`);
      }
    }

    const window = options.phraseWindow ?? { startS: 0, endS: duration };
    let segments: { startS: number; endS: number }[] = [];
    if (audio) segments = await speechSegments(audio.samples, VAD_RATE);
    const secondsInWindow = segments.reduce((sum, s) => sum + Math.max(0, Math.min(s.endS, window.endS) - Math.max(s.startS, window.startS)), 0);
    if (audio && secondsInWindow < MIN_SPEECH_SECONDS) {
      reasons.push(`no speech was heard while the phrase was shown (${secondsInWindow.toFixed(1)} s); read the phrase aloud`);
    }
    const references = reasons.length === 0 && probe.video ? await referenceImages(tools, file, probe.video, frames, options.kind) : [];
    if (reasons.length === 0 && references.length === 0) reasons.push('no frame of the recording is clear enough to keep as a reference image; film in more light');
    return {
      durationSeconds: duration,
      subject,
      references,
      speech: { segments, window, secondsInWindow },
      phrase: 'not_checked',
      accepted: reasons.length === 0,
      reasons,
    };
  };
}

/** Reference images from a recording as it is: the same sampling and choice as the check, with nothing refused. */
export function referenceExtractor(mediaTools: () => Promise<MediaTools>): ReferenceExtractor {
  return async (file, { kind }) => {
    const tools = await mediaTools();
    const probe = await probeMedia(tools, file);
    if (!probe.video) return [];
    const duration = probe.durationSeconds ?? 0;
    return referenceImages(tools, file, probe.video, await sampleRecording(tools, file, { kind, video: probe.video, durationSeconds: duration }), kind);
  };
}
