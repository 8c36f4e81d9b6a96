import { describe, expect, it } from 'vitest';
import { newProjectDocument } from '../../../src-shared/project';
import { audioImported, audioClipPlaced, clipsMoved, documentLoaded, documentReducer } from '../document/documentSlice';
import { takeSoundPath } from '../generation/takeFlow';
import { toAudioTimeline } from './clipAudio';
import { projectFilePath } from './projectFilePath';
import { autoSyncPair } from './syncPair';
import { clipPeaks } from './Waveform';

type H = ReturnType<typeof documentReducer>;
const apply = (state: H, ...actions: Parameters<typeof documentReducer>[1][]) => actions.reduce(documentReducer, state);

let n = 0;
const doc = newProjectDocument({ id: 'p', name: 'Sync', now: '2026-01-01T00:00:00.000Z', fps: 24, createId: () => `track-${++n}` });
const [videoTrack, , audioTrack] = doc.tracks.map((t) => t.id) as [string, string, string];
doc.scenes.push({ id: 's', prompt: 'ball', negativePrompt: '', durationFrames: 96, seed: 1, seedLocked: false, stylePreset: null, cameraPreset: null, takeIds: ['t'], activeTakeId: 't' });
// A 12 fps take on a 24 fps project, its clip at frame 48 using source frames 6 onwards.
doc.takes.push({ id: 't', sceneId: 's', renderPath: 'renders/ball.mp4', posterPath: null, frames: 48, fps: 12, seed: 1, modelPack: { id: 'x', version: '1' }, status: 'ready' });
doc.clips.push({ id: 'v', trackId: videoTrack, takeId: 't', assetId: null, startFrame: 48, durationFrames: 84, sourceInFrame: 6, sourceOutFrame: 48 });
const asset = { id: 'a', kind: 'audio' as const, path: 'assets/a-knocks.wav', name: 'knocks.wav', durationSeconds: 10, sampleRate: 48_000, channels: 1 };
const withSound = () =>
  apply(documentReducer(undefined, { type: 'init' }), documentLoaded(doc), audioImported({ asset, clipId: 'c', trackId: audioTrack, atFrame: 30 }), audioClipPlaced({ id: 'c', startFrame: 30, offsetMs: 7 }));

describe('autoSyncPair', () => {
  it('finds the overlapping picture and says which moment of the sound plays with its first frame', () => {
    const pair = autoSyncPair(withSound().present, '/home/me/Short', 'c');
    expect(typeof pair).toBe('object');
    if (typeof pair === 'string') return;
    expect(pair.videoClipId).toBe('v');
    // sound source in 0 − sound start (1250 + 7 ms) + video start 2000 ms − video source in (6 / 12 s = 500 ms)
    expect(pair.request).toEqual({ videoPath: '/home/me/Short/renders/ball.mp4', audioPath: '/home/me/Short/assets/a-knocks.wav', fps: 24, audioSourceOffsetMs: 243 });
  });

  it('explains when there is no picture under the sound', () => {
    const h = apply(withSound(), clipsMoved({ ids: ['c'], delta: 400 }));
    expect(autoSyncPair(h.present, '/p', 'c')).toMatch(/under a video clip/);
    expect(autoSyncPair(h.present, '/p', 'v')).toMatch(/select an audio clip/);
  });
});

describe('the document as the audio mix sees it', () => {
  it('maps clips on audio tracks to src-shared/audio clips, with a take sound’s source in project frames', () => {
    const timeline = toAudioTimeline(withSound().present);
    expect(timeline.tracks).toEqual([{ id: audioTrack, name: 'Audio 1', muted: false, solo: false }]);
    expect(timeline.clips).toEqual([expect.objectContaining({ id: 'c', assetId: 'asset:a', startFrame: 30, offsetMs: 7, durationFrames: 240, sourceInFrame: 0 })]);
  });
});

describe('paths', () => {
  it('joins project files to the project folder with its own separator', () => {
    expect(projectFilePath('/home/me/Short/', 'assets/a.wav')).toBe('/home/me/Short/assets/a.wav');
    expect(projectFilePath('C:\\Users\\me\\Short', 'assets/a.wav')).toBe('C:\\Users\\me\\Short\\assets\\a.wav');
  });

  it('takes a generated sound into the document only from inside the project', () => {
    expect(takeSoundPath('/p/Short', { audio: { path: '/p/Short/renders/take-1.wav' } })).toBe('renders/take-1.wav');
    expect(takeSoundPath('/p/Short', { audio: { path: '/p/Other/renders/take-1.wav' } })).toBeNull();
    expect(takeSoundPath('/p/Short', { audio: { path: '/p/Short/../x.wav' } })).toBeNull();
    expect(takeSoundPath('/p/Short', { frames: 3 })).toBeNull();
    expect(takeSoundPath(null, { audio: { path: '/p/Short/a.wav' } })).toBeNull();
  });
});

describe('clipPeaks', () => {
  it('takes the clip’s slice of the peaks, absolute, scaled by its gain and capped at full scale', () => {
    const peaks = { peaksPerSecond: 10, durationSeconds: 1, min: [-0.1, -0.9, 0, -0.2, 0, 0, 0, 0, 0, -0.5], max: [0.2, 0.3, 0.4, 0.1, 0, 0, 0, 0, 0, 0.1] };
    expect(clipPeaks(peaks, 0.1, 0.3, 1)).toEqual([0.9, 0.4, 0.2]);
    expect(clipPeaks(peaks, 0.9, 0.5, 4)).toEqual([1]);
  });
});
