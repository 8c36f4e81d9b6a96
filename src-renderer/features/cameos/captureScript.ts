/**
 * The guided cameo recording, as a timeline the recorder and the screen follow: face the camera, turn the head
 * slowly, then read the verification phrase aloud. The phrase's window is sent with the recording so the engine looks
 * for speech only while the phrase was on screen.
 */
export type CaptureStep = 'centre' | 'turn' | 'read' | 'done';

export interface CaptureScript {
  /** Seconds from the start of the recording at which each step begins; `done` is the recording's length. */
  centre: number;
  turn: number;
  read: number;
  done: number;
}

export const CAPTURE_SCRIPT: CaptureScript = { centre: 0, turn: 1, read: 2.5, done: 5.5 };

export const STEP_TEXT: Record<CaptureStep, string> = {
  centre: 'Look at the camera with your face in the circle',
  turn: 'Turn your head slowly to the left, then to the right',
  read: 'Read the phrase aloud',
  done: 'Recording finished',
};

export function stepAt(seconds: number, script: CaptureScript = CAPTURE_SCRIPT): CaptureStep {
  if (seconds >= script.done) return 'done';
  if (seconds >= script.read) return 'read';
  if (seconds >= script.turn) return 'turn';
  return 'centre';
}

export function phraseWindow(script: CaptureScript = CAPTURE_SCRIPT): { startS: number; endS: number } {
  return { startS: script.read, endS: script.done };
}

/** Seconds left in the recording, rounded up for the countdown. */
export function secondsLeft(seconds: number, script: CaptureScript = CAPTURE_SCRIPT): number {
  return Math.max(0, Math.ceil(script.done - seconds));
}

/** An uploaded clip for a pet or object must be at least this long (the engine checks it again). */
export const MIN_CLIP_SECONDS = 3;
