import { describe, expect, it } from 'vitest';
import { framesToSeconds, framesToTimecode, parseTimecode, rulerLabel, rulerStep, secondsToFrames } from './time';

describe('frame and timecode math', () => {
  it('formats frames as HH:MM:SS:FF at the project fps', () => {
    expect(framesToTimecode(0, 24)).toBe('00:00:00:00');
    expect(framesToTimecode(23, 24)).toBe('00:00:00:23');
    expect(framesToTimecode(24, 24)).toBe('00:00:01:00');
    expect(framesToTimecode(24 * 3600 + 24 * 61 + 5, 24)).toBe('01:01:01:05');
    expect(framesToTimecode(-25, 24)).toBe('-00:00:01:01');
    // Three-digit frame fields only where the fps needs them.
    expect(framesToTimecode(119, 120)).toBe('00:00:00:119');
  });

  it('parses what it formats, and refuses impossible fields', () => {
    for (const frame of [0, 1, 23, 24, 1439, 86_399, 90_000]) expect(parseTimecode(framesToTimecode(frame, 24), 24)).toBe(frame);
    expect(parseTimecode('01:00', 24)).toBe(24);
    expect(parseTimecode('1:02:03', 30)).toBe(62 * 30 + 3);
    expect(parseTimecode('  48 ', 24)).toBe(48);
    expect(parseTimecode('00:00:00:24', 24)).toBeNull();
    expect(parseTimecode('00:60:00:00', 24)).toBeNull();
    expect(parseTimecode('abc', 24)).toBeNull();
  });

  it('converts seconds to the frame that contains them, robust to binary fractions', () => {
    expect(secondsToFrames(0.1, 30)).toBe(3);
    expect(secondsToFrames(1 / 24 - 1e-4, 24)).toBe(0);
    expect(secondsToFrames(2, 24)).toBe(48);
    expect(secondsToFrames(-1, 24)).toBe(0);
    expect(framesToSeconds(36, 24)).toBe(1.5);
    expect(() => secondsToFrames(1, 23.976)).toThrow(/positive integer/);
  });

  it('labels the ruler and spaces its ticks by zoom', () => {
    expect(rulerLabel(48, 24)).toBe('0:02');
    expect(rulerLabel(24 * 75 + 6, 24)).toBe('1:15:06');
    expect(rulerStep(10, 24)).toBe(10); // 10 px per frame: every 10 frames is 100 px
    expect(rulerStep(1, 24)).toBe(96 + 24); // 5 s
    expect(rulerStep(0.0001, 24)).toBe(3600 * 24);
  });
});
