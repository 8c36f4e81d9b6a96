import { describe, expect, it } from 'vitest';
import { CAPTURE_SCRIPT, phraseWindow, secondsLeft, stepAt } from './captureScript';

describe('guided capture script', () => {
  it('walks through centre, turn, read, done, and the phrase window is the reading step', () => {
    expect([0, 0.99, 1, 2.4, 2.5, 5.49, 5.5, 9].map((t) => stepAt(t))).toEqual(['centre', 'centre', 'turn', 'turn', 'read', 'read', 'done', 'done']);
    expect(phraseWindow()).toEqual({ startS: CAPTURE_SCRIPT.read, endS: CAPTURE_SCRIPT.done });
    // The engine wants at least 0.5 s of speech inside the window and 3 s of recording.
    expect(CAPTURE_SCRIPT.done - CAPTURE_SCRIPT.read).toBeGreaterThanOrEqual(2.5);
    expect(CAPTURE_SCRIPT.done).toBeGreaterThanOrEqual(5);
  });

  it('counts down in whole seconds, never below zero', () => {
    expect([0, 0.2, 4.6, 5.5, 7].map((t) => secondsLeft(t))).toEqual([6, 6, 1, 0, 0]);
  });
});
