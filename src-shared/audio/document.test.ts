import { describe, expect, it } from 'vitest';
import { newProjectDocument, type ProjectDocument } from '../project/index.js';
import { audioTimelineOf, schedulePreview } from './index.js';

function project(): ProjectDocument {
  let n = 0;
  const doc = newProjectDocument({ id: 'p', name: 'p', now: '2026-01-01T00:00:00.000Z', fps: 24, createId: () => `track-${++n}` });
  const [video, , audio] = doc.tracks.map((t) => t.id) as [string, string, string];
  doc.scenes.push({ id: 's', prompt: '', negativePrompt: '', durationFrames: 48, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: ['t'], activeTakeId: 't' });
  doc.takes.push({ id: 't', sceneId: 's', renderPath: 'renders/t.mp4', posterPath: null, frames: 32, fps: 8, seed: 1, modelPack: { id: 'x', version: '1' }, status: 'ready', audioPath: 'renders/t.wav' });
  doc.assets.push({ id: 'a', kind: 'audio', path: 'assets/a-x.wav', name: 'x.wav', durationSeconds: 3, sampleRate: 44_100, channels: 2 });
  const audioSettings = { gainDb: -3, fadeInFrames: 2, fadeOutFrames: 0, offsetMs: 5, muted: false };
  doc.clips.push(
    { id: 'pic', trackId: video, takeId: 't', assetId: null, startFrame: 0, durationFrames: 84, sourceInFrame: 4, sourceOutFrame: 32, linkId: 'l' },
    // The take's sound, trimmed by 4 take frames (0.5 s at 8 fps = 12 project frames).
    { id: 'snd', trackId: audio, takeId: 't', assetId: null, startFrame: 0, durationFrames: 84, sourceInFrame: 4, sourceOutFrame: 32, audio: audioSettings, linkId: 'l' },
    { id: 'mus', trackId: audio, takeId: null, assetId: 'a', startFrame: 10, durationFrames: 72, sourceInFrame: 0, sourceOutFrame: 72, audio: { ...audioSettings, muted: true } },
  );
  return doc;
}

describe('audioTimelineOf', () => {
  it('takes the clips of audio tracks with their settings, a take sound’s source in project frames, and the files', () => {
    const { timeline, sources } = audioTimelineOf(project());
    expect(timeline.tracks.map((t) => t.name)).toEqual(['Audio 1']);
    expect(timeline.clips).toEqual([
      { id: 'snd', trackId: 'track-3', assetId: 'take:t', startFrame: 0, offsetMs: 5, durationFrames: 84, sourceInFrame: 12, gainDb: -3, fadeInFrames: 2, fadeOutFrames: 0, muted: false },
      expect.objectContaining({ id: 'mus', assetId: 'asset:a', sourceInFrame: 0, muted: true }),
    ]);
    expect(sources).toEqual({ 'asset:a': 'assets/a-x.wav', 'take:t': 'renders/t.wav' });
  });

  it('gives the preview the same start in the sound as the picture’s source in', () => {
    const [snd] = schedulePreview(audioTimelineOf(project()).timeline, { fps: 24, sampleRate: 48_000, playheadFrame: 0 });
    // Picture source frame 4 at 8 fps = 0.5 s; the sound starts 5 ms late on the timeline, 0.5 s into its file.
    expect(snd).toMatchObject({ clipId: 'snd', startInSeconds: 0.005, sourceOffsetSeconds: 0.5 });
  });

  it('knows no file for a take that is silent or not rendered yet', () => {
    const doc = project();
    doc.takes[0]!.status = 'rendering';
    expect(audioTimelineOf(doc).sources['take:t']).toBeUndefined();
  });
});
