import { describe, expect, it } from 'vitest';
import { clipStartMs, schedulePreview } from '../../../src-shared/audio';
import { newProjectDocument, projectDocumentSchema, type Asset, type Take } from '../../../src-shared/project';
import {
  audioClipChanged,
  audioClipPlaced,
  audioClipsNudgedMs,
  audioImported,
  clipTrimmed,
  clipsDeleted,
  clipsLinked,
  clipsMoved,
  clipsSettled,
  clipsSplit,
  clipsUnlinked,
  documentLoaded,
  documentReducer,
  sceneAdded,
  scenesPlaced,
  takeLanded,
  takeStarted,
  trackSoloToggled,
  trackToggled,
} from '../document/documentSlice';
import { toProjectDocument } from '../document/state';
import { redo, undo } from '../history/undoable';
import { toAudioTimeline } from './clipAudio';

type H = ReturnType<typeof documentReducer>;
const apply = (state: H, ...actions: Parameters<typeof documentReducer>[1][]) => actions.reduce(documentReducer, state);

let n = 0;
const doc = newProjectDocument({ id: 'p1', name: 'Sound', now: '2026-01-01T00:00:00.000Z', createId: () => `track-${++n}` });
const [videoTrack, , audioTrack] = doc.tracks.map((t) => t.id) as [string, string, string];
const asset: Asset = { id: 'a1', kind: 'audio', path: 'assets/a1-knocks.wav', name: 'knocks.wav', durationSeconds: 4.5, sampleRate: 48_000, channels: 1 };
const loaded = () => apply(documentReducer(undefined, { type: 'init' }), documentLoaded(doc));
const imported = () => apply(loaded(), audioImported({ asset, clipId: 'c1', trackId: audioTrack, atFrame: 0 }));
const clip = (h: H, id = 'c1') => h.present.clips.entities[id]!;
/** Every state a reducer leaves must still be a valid project.json. */
const valid = (h: H) => projectDocumentSchema.parse(toProjectDocument(h.present, '2026-01-01T00:00:01.000Z'));

describe('importing a sound', () => {
  it('adds the asset and a clip of its whole length on the audio track, undoably', () => {
    const h = imported();
    expect(h.present.assets.entities.a1).toEqual(asset);
    expect(clip(h)).toMatchObject({ trackId: audioTrack, assetId: 'a1', startFrame: 0, durationFrames: 108, sourceInFrame: 0, sourceOutFrame: 108 });
    expect(clip(h).audio).toEqual({ gainDb: 0, fadeInFrames: 0, fadeOutFrames: 0, offsetMs: 0, muted: false });
    valid(h);
    const undone = apply(h, undo());
    expect(undone.present.clips.ids).toEqual([]);
    expect(undone.present.assets.ids).toEqual([]);
  });

  it('goes after the last clip when the track is taken at the playhead, and never onto a locked or non-audio track', () => {
    const h = apply(imported(), audioImported({ asset, clipId: 'c2', trackId: audioTrack, atFrame: 50 }));
    expect(clip(h, 'c2').startFrame).toBe(108);
    expect(h.present.assets.ids).toEqual(['a1']);
    expect(apply(imported(), audioImported({ asset, clipId: 'c3', trackId: videoTrack, atFrame: 0 })).present.clips.entities.c3).toBeUndefined();
    const locked = apply(loaded(), trackToggled({ id: audioTrack, flag: 'locked' }), audioImported({ asset, clipId: 'c4', trackId: audioTrack, atFrame: 0 }));
    expect(locked.present.clips.ids).toEqual([]);
  });
});

describe('nudging', () => {
  it('by frames (Alt+arrows) moves the start; a run of nudges of the same clips is one undo step', () => {
    let h = apply(imported(), audioClipPlaced({ id: 'c1', startFrame: 10, offsetMs: 0 }));
    for (let i = 0; i < 3; i++) h = apply(h, clipsMoved({ ids: ['c1'], delta: 1 }, 'nudge:c1'));
    expect(clip(h).startFrame).toBe(13);
    expect(clip(apply(h, undo())).startFrame).toBe(10);
    expect(clip(apply(h, undo(), redo())).startFrame).toBe(13);
  });

  it('by milliseconds changes only the fine offset, exactly, carrying into frames past ±500 ms', () => {
    let h = apply(imported(), audioClipPlaced({ id: 'c1', startFrame: 24, offsetMs: 0 }));
    for (let i = 0; i < 7; i++) h = apply(h, audioClipsNudgedMs({ ids: ['c1'], ms: -1 }, 'nudge:c1'));
    expect(clip(h).startFrame).toBe(24);
    expect(clip(h).audio!.offsetMs).toBe(-7);
    expect(clipStartMs({ startFrame: 24, offsetMs: -7 }, 24)).toBe(993);
    h = apply(h, audioClipsNudgedMs({ ids: ['c1'], ms: 600 }));
    // 593 ms past frame 24 → 14 frames (583.3 ms) carried, 10 ms left.
    expect(clip(h).startFrame).toBe(38);
    expect(clip(h).audio!.offsetMs).toBe(10);
    valid(h);
  });

  it('never moves a sound before the timeline starts', () => {
    const h = apply(imported(), audioClipsNudgedMs({ ids: ['c1'], ms: -5 }), clipsMoved({ ids: ['c1'], delta: -3 }));
    expect(clip(h)).toMatchObject({ startFrame: 0, audio: { offsetMs: 0 } });
  });
});

describe('placing at an exact time (auto-sync, typed offset)', () => {
  it('sets frame and fine offset of that clip only, as one undo step', () => {
    const h = apply(imported(), clipsLinked({ ids: ['c1'] }), audioClipPlaced({ id: 'c1', startFrame: 5, offsetMs: -12 }));
    expect(clip(h)).toMatchObject({ startFrame: 5, audio: { offsetMs: -12 } });
    expect(clip(apply(h, undo()))).toMatchObject({ startFrame: 0, audio: { offsetMs: 0 } });
    expect(clip(apply(imported(), audioClipPlaced({ id: 'c1', startFrame: 1, offsetMs: 5000 }))).audio!.offsetMs).toBe(1000);
  });
});

describe('gain, fades, mute and solo', () => {
  it('clamps gain to −60..+24 dB and fades to what the clip holds; a drag of a fade handle is one undo step', () => {
    let h = apply(imported(), audioClipChanged({ id: 'c1', gainDb: 40 }));
    expect(clip(h).audio!.gainDb).toBe(24);
    h = apply(h, audioClipChanged({ id: 'c1', gainDb: -6.26 }));
    expect(clip(h).audio!.gainDb).toBe(-6.3);
    h = apply(h, audioClipChanged({ id: 'c1', fadeInFrames: 80 }));
    h = apply(h, audioClipChanged({ id: 'c1', fadeOutFrames: 50 }, 'fade-drag'), audioClipChanged({ id: 'c1', fadeOutFrames: 60 }, 'fade-drag'));
    expect(clip(h).audio).toMatchObject({ fadeInFrames: 80, fadeOutFrames: 28 });
    expect(clip(apply(h, undo())).audio!.fadeOutFrames).toBe(0);
    expect(clip(apply(h, audioClipChanged({ id: 'c1', fadeInFrames: -4 }))).audio!.fadeInFrames).toBe(0);
    valid(h);
  });

  it('keeps fades inside the clip when a trim shortens it', () => {
    const h = apply(imported(), audioClipChanged({ id: 'c1', fadeInFrames: 20, fadeOutFrames: 30 }), clipTrimmed({ id: 'c1', edge: 'end', toFrame: 40 }));
    expect(clip(h).durationFrames).toBe(40);
    expect(clip(h).audio).toMatchObject({ fadeInFrames: 20, fadeOutFrames: 20 });
    valid(h);
  });

  it('splitting keeps the fade-in on the left part and the fade-out on the right', () => {
    const h = apply(imported(), audioClipChanged({ id: 'c1', fadeInFrames: 10, fadeOutFrames: 12, gainDb: -3 }), clipsSplit({ frame: 50, ids: ['c1'] }));
    const [left, right] = h.present.clips.ids.map((id) => h.present.clips.entities[id]!);
    expect(left).toMatchObject({ durationFrames: 50, audio: { fadeInFrames: 10, fadeOutFrames: 0, gainDb: -3 } });
    expect(right).toMatchObject({ startFrame: 50, sourceInFrame: 50, durationFrames: 58, audio: { fadeInFrames: 0, fadeOutFrames: 12, gainDb: -3 } });
    valid(h);
  });

  it('mute and solo decide what the mix plays', () => {
    let h = apply(imported(), audioImported({ asset, clipId: 'c2', trackId: audioTrack, atFrame: 200 }));
    h = apply(h, audioClipChanged({ id: 'c2', muted: true }));
    const played = (s: H) => schedulePreview(toAudioTimeline(s.present), { fps: 24, sampleRate: 48_000, playheadFrame: 0 }).map((c) => c.clipId);
    expect(played(h)).toEqual(['c1']);
    h = apply(h, { type: 'document/audioTrackAdded', payload: { id: 'a2' } }, audioImported({ asset, clipId: 'c3', trackId: 'a2', atFrame: 0 }));
    expect(played(h)).toEqual(['c1', 'c3']);
    h = apply(h, trackSoloToggled({ id: 'a2' }));
    expect(played(h)).toEqual(['c3']);
    expect(played(apply(h, undo()))).toEqual(['c1', 'c3']);
    valid(h);
  });
});

describe('links between a picture and its sound', () => {
  const take: Take = {
    id: 't1',
    sceneId: 's1',
    renderPath: 'renders/t1.mp4',
    posterPath: null,
    frames: 48,
    fps: 24,
    seed: 1,
    modelPack: { id: 'tiny', version: '1' },
    status: 'rendering',
    audioPath: 'renders/t1.wav',
  };
  /** A scene whose take came with a sound, placed on the timeline. */
  function placed(): H {
    let h = apply(loaded(), sceneAdded({ fields: { prompt: 'a ball bounces' } }));
    const sceneId = h.present.scenes.ids[0]!;
    h = apply(h, takeStarted({ ...take, sceneId }), takeLanded({ id: 't1', frames: 48, fps: 24 }), scenesPlaced({ sceneIds: [sceneId] }));
    return h;
  }
  const byTrack = (h: H, trackId: string) => h.present.clips.ids.map((id) => h.present.clips.entities[id]!).filter((c) => c.trackId === trackId);

  it('a take with a sound lands with a linked audio clip of the same timing', () => {
    const h = placed();
    const [picture] = byTrack(h, videoTrack);
    const [sound] = byTrack(h, audioTrack);
    expect(sound).toMatchObject({ takeId: 't1', startFrame: picture!.startFrame, durationFrames: picture!.durationFrames, linkId: picture!.linkId });
    expect(picture!.linkId).toBeTruthy();
    expect(toAudioTimeline(h.present).clips.map((c) => c.assetId)).toEqual(['take:t1']);
    valid(h);
  });

  it('linked clips move together; unlinked, each moves alone; undo restores the link', () => {
    let h = placed();
    const picture = byTrack(h, videoTrack)[0]!.id;
    const sound = byTrack(h, audioTrack)[0]!.id;
    h = apply(h, clipsMoved({ ids: [picture], delta: 5 }));
    expect([clip(h, picture).startFrame, clip(h, sound).startFrame]).toEqual([5, 5]);
    h = apply(h, clipsUnlinked({ ids: [sound] }), clipsMoved({ ids: [sound], delta: 2 }));
    expect([clip(h, picture).startFrame, clip(h, sound).startFrame]).toEqual([5, 7]);
    expect(clip(h, picture).linkId).toBeNull();
    h = apply(h, undo(), undo());
    expect(clip(h, sound).linkId).toBe(clip(h, picture).linkId);
    h = apply(h, clipsUnlinked({ ids: [picture] }), clipsLinked({ ids: [picture, sound] }), clipsMoved({ ids: [sound], delta: 3 }));
    expect([clip(h, picture).startFrame, clip(h, sound).startFrame]).toEqual([8, 8]);
  });

  it('a drag of a picture settles its linked sound too: the sound overwrites what it now covers on its track', () => {
    let h = placed();
    const picture = byTrack(h, videoTrack)[0]!.id;
    const sound = byTrack(h, audioTrack)[0]!.id;
    h = apply(h, audioImported({ asset, clipId: 'music', trackId: audioTrack, atFrame: 60 }));
    h = apply(h, clipsMoved({ ids: [picture], delta: 40 }, 'drag'), clipsSettled([picture], 'drag'));
    // The sound now covers frames 40..88, so the music (from 60) starts after it.
    expect(clip(h, sound).startFrame).toBe(40);
    expect(clip(h, 'music')).toMatchObject({ startFrame: 88, sourceInFrame: 28 });
    valid(h);
    expect(clip(apply(h, undo()), 'music').startFrame).toBe(60);
  });

  it('deleting a picture deletes its linked sound; an unlinked sound stays', () => {
    const h = placed();
    const picture = byTrack(h, videoTrack)[0]!.id;
    expect(apply(h, clipsDeleted({ ids: [picture], ripple: false })).present.clips.ids).toEqual([]);
    const unlinked = apply(h, clipsUnlinked({ ids: [picture] }), clipsDeleted({ ids: [picture], ripple: false }));
    expect(byTrack(unlinked, audioTrack)).toHaveLength(1);
  });

  it('a take’s picture is never placed on an audio track', () => {
    let h = apply(loaded(), sceneAdded({ fields: { prompt: 'a ball bounces' } }));
    const sceneId = h.present.scenes.ids[0]!;
    h = apply(h, takeStarted({ ...take, sceneId }), takeLanded({ id: 't1', frames: 48, fps: 24 }), scenesPlaced({ sceneIds: [sceneId], trackId: audioTrack }));
    expect(h.present.clips.ids).toEqual([]);
  });

  it('a linked sound is never dragged onto a video track, nor its picture onto an audio track', () => {
    const h = placed();
    const picture = byTrack(h, videoTrack)[0]!.id;
    const sound = byTrack(h, audioTrack)[0]!.id;
    const moved = apply(h, clipsMoved({ ids: [sound], delta: 0, trackId: videoTrack }));
    expect(clip(moved, sound).trackId).toBe(audioTrack);
    expect(clip(apply(h, clipsMoved({ ids: [picture], delta: 0, trackId: audioTrack })), picture).trackId).toBe(videoTrack);
  });

  it('a take that finishes with a sound brings it to the timeline, linked, and undo does not take it away', () => {
    let h = apply(loaded(), sceneAdded({ fields: { prompt: 'a ball bounces' } }));
    const sceneId = h.present.scenes.ids[0]!;
    const silent = { ...take, id: 't0', sceneId, audioPath: undefined };
    h = apply(h, takeStarted(silent), takeLanded({ id: 't0', frames: 48, fps: 24 }), scenesPlaced({ sceneIds: [sceneId] }));
    expect(byTrack(h, audioTrack)).toEqual([]);
    const picture = byTrack(h, videoTrack)[0]!;
    h = apply(h, clipsMoved({ ids: [picture.id], delta: 12 }));
    // A new take of the scene lands with a sound: the clip shows it and gains a linked audio clip where it is.
    h = apply(h, takeStarted({ ...take, id: 't2', sceneId, audioPath: undefined }), takeLanded({ id: 't2', frames: 48, fps: 24, audioPath: 'renders/t2.wav' }));
    const sound = byTrack(h, audioTrack)[0]!;
    expect(sound).toMatchObject({ takeId: 't2', startFrame: 12, durationFrames: picture.durationFrames, linkId: clip(h, picture.id).linkId });
    expect(h.present.takes.entities.t2!.audioPath).toBe('renders/t2.wav');
    // The render is not an edit: undoing the move keeps the sound, and the pair moves back together.
    h = apply(h, undo());
    expect([clip(h, picture.id).startFrame, clip(h, sound.id).startFrame]).toEqual([0, 0]);
    valid(h);
  });

  it('splitting linked clips gives the right halves a link of their own', () => {
    const before = placed();
    const h = apply(before, clipsSplit({ frame: 20, ids: [byTrack(before, videoTrack)[0]!.id] }));
    const pictures = byTrack(h, videoTrack);
    const sounds = byTrack(h, audioTrack);
    expect(pictures).toHaveLength(2);
    expect(sounds).toHaveLength(2);
    expect(pictures[0]!.linkId).toBe(sounds[0]!.linkId);
    expect(pictures[1]!.linkId).toBe(sounds[1]!.linkId);
    expect(pictures[0]!.linkId).not.toBe(pictures[1]!.linkId);
    valid(h);
  });
});
