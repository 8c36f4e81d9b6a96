import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VIEW_SETTLE_MS, viewMoved, viewMoving, whenViewRests } from './viewMotion';

describe('view motion', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.runAllTimers();
    vi.useRealTimers();
  });

  it('runs work at once while the view rests', () => {
    const work = vi.fn();
    whenViewRests(work);
    expect(work).toHaveBeenCalledTimes(1);
    expect(viewMoving()).toBe(false);
  });

  it('holds work until no scroll or zoom step came for the settle time, however long the scroll', () => {
    const work = vi.fn();
    viewMoved();
    whenViewRests(work);
    // A scroll step every frame for a second: the work waits through all of it.
    for (let t = 0; t < 1000; t += 16) {
      vi.advanceTimersByTime(16);
      viewMoved();
    }
    expect(work).not.toHaveBeenCalled();
    expect(viewMoving()).toBe(true);
    vi.advanceTimersByTime(VIEW_SETTLE_MS - 1);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(1);
    expect(viewMoving()).toBe(false);
  });

  it('drops work cancelled before the view rests (a clip that scrolled out again)', () => {
    const kept = vi.fn();
    const dropped = vi.fn();
    viewMoved();
    whenViewRests(kept);
    const cancel = whenViewRests(dropped);
    cancel();
    vi.advanceTimersByTime(VIEW_SETTLE_MS);
    expect(kept).toHaveBeenCalledTimes(1);
    expect(dropped).not.toHaveBeenCalled();
  });
});
