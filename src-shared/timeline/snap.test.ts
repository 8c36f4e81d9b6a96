import { describe, expect, it } from 'vitest';
import { snapFrame, snapSpan, snapTargets } from './snap';

describe('snapping', () => {
  const targets = snapTargets({
    clips: [
      { startFrame: 0, durationFrames: 48 },
      { startFrame: 48, durationFrames: 24 },
    ],
    playhead: 100,
    markers: [30, 100],
  });

  it('collects clip edges, playhead and markers once each, sorted', () => {
    expect(targets).toEqual([0, 30, 48, 72, 100]);
  });

  it('pulls a frame to the nearest target within the threshold only', () => {
    expect(snapFrame(46, targets, 3)).toEqual({ frame: 48, target: 48 });
    expect(snapFrame(51, targets, 3)).toEqual({ frame: 48, target: 48 });
    expect(snapFrame(60, targets, 3)).toEqual({ frame: 60, target: null });
    expect(snapFrame(99, targets, 0)).toEqual({ frame: 99, target: null });
    expect(snapFrame(200, [], 10)).toEqual({ frame: 200, target: null });
  });

  it('prefers the closer of two targets, and the earlier on a tie', () => {
    expect(snapFrame(33, targets, 20)).toEqual({ frame: 30, target: 30 });
    expect(snapFrame(39, [30, 48], 20)).toEqual({ frame: 30, target: 30 });
    expect(snapFrame(40, [30, 48], 20)).toEqual({ frame: 48, target: 48 });
  });

  it('snaps a moving span by whichever edge is closer', () => {
    // Tail 58+12=70 is 2 from 72; head 58 is 10 from 48: the tail wins.
    expect(snapSpan(58, 12, targets, 5)).toEqual({ frame: 60, target: 72 });
    // Head 47 is 1 from 48.
    expect(snapSpan(47, 12, targets, 5)).toEqual({ frame: 48, target: 48 });
    expect(snapSpan(150, 12, targets, 5)).toEqual({ frame: 150, target: null });
  });
});
