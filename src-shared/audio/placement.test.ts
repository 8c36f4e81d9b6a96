import { describe, expect, it } from 'vitest';
import { applySyncOffset, clipStartMs, nudgeClip, placementAtMs, schedulePreview, type AudioClip, type AudioTimeline } from './index.js';

const clip = (over: Partial<AudioClip> = {}): AudioClip => ({
  id: 'c',
  trackId: 't',
  assetId: 'a',
  startFrame: 24,
  offsetMs: 0,
  durationFrames: 48,
  sourceInFrame: 0,
  gainDb: 0,
  fadeInFrames: 0,
  fadeOutFrames: 0,
  muted: false,
  ...over,
});

describe('placement', () => {
  it('keeps whole frames in startFrame and at most half a frame in offsetMs', () => {
    expect(placementAtMs(1000, 24)).toEqual({ startFrame: 24, offsetMs: 0 });
    expect(placementAtMs(1030, 24)).toEqual({ startFrame: 25, offsetMs: -12 }); // 25 frames = 1041.67 ms
    expect(placementAtMs(-50, 24)).toEqual({ startFrame: 0, offsetMs: 0 });
    for (let ms = 0; ms < 3000; ms += 7) expect(Math.abs(placementAtMs(ms, 30).offsetMs)).toBeLessThanOrEqual(17);
  });

  it('nudges by frames exactly and by single milliseconds without drift', () => {
    expect(nudgeClip(clip(), { frames: 3 }, 24)).toMatchObject({ startFrame: 27, offsetMs: 0 });
    expect(nudgeClip(clip({ startFrame: 1 }), { frames: -3 }, 24)).toMatchObject({ startFrame: 0, offsetMs: 0 });
    let c = clip();
    for (let i = 0; i < 100; i++) c = nudgeClip(c, { ms: 1 }, 24);
    expect(c).toMatchObject({ startFrame: 24, offsetMs: 100 });
    expect(clipStartMs(c, 24)).toBe(1100);
    for (let i = 0; i < 100; i++) c = nudgeClip(c, { ms: -1 }, 24);
    expect(c).toMatchObject({ startFrame: 24, offsetMs: 0 });
    // Past half a second the whole frames carry over: 501 ms at 30 fps = 15 frames + 1 ms.
    expect(nudgeClip(clip({ offsetMs: 500 }), { ms: 1 }, 30)).toMatchObject({ startFrame: 39, offsetMs: 1 });
    expect(nudgeClip(clip({ startFrame: 0 }), { ms: -1 }, 30)).toMatchObject({ startFrame: 0, offsetMs: 0 });
  });

  it('applies an auto-sync offset (late sound moves earlier) and undoes by the opposite', () => {
    const nudged = nudgeClip(clip(), { frames: 3 }, 24);
    const synced = applySyncOffset(nudged, 125, 24);
    expect(synced).toMatchObject({ startFrame: 24, offsetMs: 0 });
    expect(applySyncOffset(clip(), -120, 24)).toMatchObject({ startFrame: 27, offsetMs: -5 });
  });
});

describe('schedulePreview', () => {
  const state: AudioTimeline = {
    tracks: [{ id: 't', name: 'A', muted: false, solo: false }],
    clips: [clip({ sourceInFrame: 12, gainDb: -6, fadeInFrames: 12, fadeOutFrames: 24 }), clip({ id: 'later', startFrame: 96, offsetMs: 5 }), clip({ id: 'm', muted: true })],
  };

  it('starts clips ahead of the playhead later, and a clip under it part-way in, with its fades', () => {
    const [under, later] = schedulePreview(state, { fps: 24, sampleRate: 48_000, playheadFrame: 30 });
    expect(under).toMatchObject({ clipId: 'c', startInSeconds: 0, sourceOffsetSeconds: 0.5 + 0.25, durationSeconds: 1.75 });
    const g = 10 ** (-6 / 20);
    // 6 frames into a 12-frame fade-in: half level, full at its end, then the 24-frame fade-out from 1 s in.
    expect(under!.envelope.map((p) => [p.atSeconds, Number(p.gain.toFixed(6))])).toEqual([
      [0, Number((g * 0.5).toFixed(6))],
      [0.25, Number(g.toFixed(6))],
      [0.75, Number(g.toFixed(6))],
      [1.75, 0],
    ]);
    expect(later).toMatchObject({ clipId: 'later', startInSeconds: 66 / 24 + 0.005, sourceOffsetSeconds: 0 });
  });

  it('drops clips already past, and muted ones', () => {
    expect(schedulePreview(state, { fps: 24, sampleRate: 44_100, playheadFrame: 100 }).map((s) => s.clipId)).toEqual(['later']);
  });
});
