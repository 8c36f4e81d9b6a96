import { describe, expect, it } from 'vitest';
import { newProjectDocument, projectDocumentSchema, type Take } from '../../../src-shared/project';
import { redo, undo } from '../history/undoable';
import {
  activeTakeChosen,
  clipTrimmed,
  clipsDeleted,
  clipsMoved,
  clipsSettled,
  clipsSplit,
  documentLoaded,
  documentReducer,
  documentRetitled,
  markerAdded,
  markerRenamed,
  sceneAdded,
  sceneMoved,
  sceneRemoved,
  sceneUpdated,
  scenesPlaced,
  takeLanded,
  takeStarted,
} from './documentSlice';
import { toProjectDocument } from './state';

type H = ReturnType<typeof documentReducer>;
const apply = (state: H, ...actions: Parameters<typeof documentReducer>[1][]) => actions.reduce(documentReducer, state);

let n = 0;
const doc = newProjectDocument({ id: 'p1', name: 'Test', now: '2026-01-01T00:00:00.000Z', createId: () => `track-${++n}` });
const loaded = () => apply(documentReducer(undefined, { type: 'init' }), documentLoaded(doc));
const take = (id: string, sceneId: string, frames = 33): Take => ({
  id,
  sceneId,
  renderPath: `renders/${id}.mp4`,
  posterPath: null,
  frames,
  fps: 8,
  seed: 1,
  modelPack: { id: 'tiny', version: '1' },
  status: 'rendering',
});
const clips = (h: H) => h.present.clips.ids.map((id) => h.present.clips.entities[id]!);
const videoTrack = doc.tracks[0]!.id;

/** Two scenes, each with a landed take, both on the timeline. */
function withTimeline(): H {
  let h = apply(loaded(), sceneAdded({ fields: { prompt: 'one' } }), sceneAdded({ fields: { prompt: 'two' } }));
  const [s1, s2] = h.present.scenes.ids as [string, string];
  h = apply(h, takeStarted(take('t1', s1)), takeStarted(take('t2', s2)), takeLanded({ id: 't1', frames: 33, fps: 8 }), takeLanded({ id: 't2', frames: 33, fps: 8 }));
  return apply(h, scenesPlaced({ sceneIds: [s1, s2] }));
}

describe('markers', () => {
  const markers = (h: H) => h.present.markers.ids.map((id) => h.present.markers.entities[id]!);

  it('renames a marker as one undoable step, trimming the label, and keeps it valid in the saved document', () => {
    const added = apply(loaded(), markerAdded({ frame: 48 }));
    const id = markers(added)[0]!.id;
    const named = apply(added, markerRenamed({ id, label: '  drop here  ' }));
    expect(markers(named)[0]).toMatchObject({ frame: 48, label: 'drop here' });
    expect(projectDocumentSchema.parse(toProjectDocument(named.present, doc.updatedAt)).markers[0]!.label).toBe('drop here');
    const undone = apply(named, undo());
    expect(markers(undone)[0]!.label).toBe('');
    expect(markers(apply(undone, redo()))[0]!.label).toBe('drop here');
    // Undo goes back to before the marker existed.
    expect(markers(apply(undone, undo()))).toEqual([]);
  });

  it('ignores a rename of a marker that is gone, and keeps labels within the schema limit', () => {
    const added = apply(loaded(), markerAdded({ frame: 10 }));
    expect(apply(added, markerRenamed({ id: 'no-such-marker', label: 'x' }))).toBe(added);
    const id = markers(added)[0]!.id;
    const long = apply(added, markerRenamed({ id, label: 'a'.repeat(300) }));
    expect(markers(long)[0]!.label).toHaveLength(256);
  });
});

describe('save as', () => {
  it('retitles the document without an undo step, and undo keeps the new identity', () => {
    const edited = apply(loaded(), sceneAdded({ fields: { prompt: 'one' } }));
    const copy = apply(edited, documentRetitled({ id: 'p2', name: 'Copy' }));
    expect(copy.past).toHaveLength(edited.past.length);
    expect(copy.present.meta).toMatchObject({ id: 'p2', name: 'Copy' });
    const undone = apply(copy, undo());
    expect(undone.present.scenes.ids).toHaveLength(0);
    expect(undone.present.meta).toMatchObject({ id: 'p2', name: 'Copy' });
  });
});

describe('project document state', () => {
  it('round-trips a project document and stays valid through edits', () => {
    const h = withTimeline();
    const saved = toProjectDocument(h.present, '2026-01-02T00:00:00.000Z')!;
    expect(() => projectDocumentSchema.parse(saved)).not.toThrow();
    expect(saved.clips).toHaveLength(2);
    expect(toProjectDocument(loaded().present, doc.updatedAt)).toEqual(doc);
  });

  it('places active takes end to end at the project rate (8 fps take in 24 fps project)', () => {
    const c = clips(withTimeline());
    expect(c.map((x) => [x.startFrame, x.durationFrames, x.sourceInFrame, x.sourceOutFrame])).toEqual([
      [0, 99, 0, 33],
      [99, 99, 0, 33],
    ]);
    expect(c.every((x) => x.trackId === videoTrack)).toBe(true);
  });

  it('undoes and redoes a trim and a split', () => {
    const h0 = withTimeline();
    const [a, b] = clips(h0);
    const h1 = apply(h0, clipTrimmed({ id: a!.id, edge: 'end', toFrame: 60 }, 'trim-1'), clipTrimmed({ id: a!.id, edge: 'end', toFrame: 48 }, 'trim-1'));
    expect(h1.present.clips.entities[a!.id]!.durationFrames).toBe(48);
    const h2 = apply(h1, clipsSplit({ frame: 120, ids: null }));
    expect(clips(h2)).toHaveLength(3);
    const undone = apply(h2, undo(), undo());
    expect(clips(undone)).toEqual(clips(h0));
    const redone = apply(undone, redo(), redo());
    expect(clips(redone)).toEqual(clips(h2));
    expect(h2.present.clips.entities[b!.id]!.durationFrames).toBe(21);
  });

  it('coalesces a drag of several moves into one undo step', () => {
    const h0 = withTimeline();
    const id = clips(h0)[1]!.id;
    const dragged = apply(h0, ...[5, 5, 5].map((d) => clipsMoved({ ids: [id], delta: d }, 'drag-9')));
    expect(dragged.present.clips.entities[id]!.startFrame).toBe(114);
    expect(apply(dragged, undo()).present.clips.entities[id]!.startFrame).toBe(99);
  });

  it('overwrites what a dropped clip covers, in the same undo step as the drag', () => {
    const h0 = withTimeline();
    const [a, b] = clips(h0);
    // Drag the second clip 30 frames left, over the end of the first, and drop it.
    const dropped = apply(h0, clipsMoved({ ids: [b!.id], delta: -15 }, 'drag-2'), clipsMoved({ ids: [b!.id], delta: -15 }, 'drag-2'), clipsSettled([b!.id], 'drag-2'));
    expect(dropped.present.clips.entities[a!.id]).toMatchObject({ startFrame: 0, durationFrames: 69, sourceOutFrame: 23 });
    expect(dropped.present.clips.entities[b!.id]!.startFrame).toBe(69);
    expect(dropped.past).toHaveLength(h0.past.length + 1);
    expect(clips(apply(dropped, undo()))).toEqual(clips(h0));
  });

  it('keeps a finished take through undo, and swaps it into the timeline keeping trims', () => {
    const h0 = withTimeline();
    const s1 = h0.present.scenes.ids[0]!;
    const clip = clips(h0)[0]!;
    let h = apply(h0, clipTrimmed({ id: clip.id, edge: 'start', toFrame: 12 }));
    h = apply(h, takeStarted(take('t3', s1, 21)), takeLanded({ id: 't3', frames: 21, fps: 8 }));
    const swapped = h.present.clips.entities[clip.id]!;
    expect(swapped).toMatchObject({ takeId: 't3', startFrame: 12, sourceInFrame: 4, sourceOutFrame: 21, durationFrames: 51 });
    expect(h.present.scenes.entities[s1]!.activeTakeId).toBe('t3');
    // Undoing the trim keeps the take that arrived after it.
    const undone = apply(h, undo());
    expect(undone.present.takes.entities['t3']!.status).toBe('ready');
    expect(undone.present.scenes.entities[s1]!.takeIds).toContain('t3');
    // Choosing the old take again is an edit of its own.
    const back = apply(h, activeTakeChosen({ sceneId: s1, takeId: 't1' }));
    expect(back.present.clips.entities[clip.id]!.takeId).toBe('t1');
  });

  it('ripple-deletes, reorders and removes scenes with their clips', () => {
    const h0 = withTimeline();
    const [a, b] = clips(h0);
    const rippled = apply(h0, clipsDeleted({ ids: [a!.id], ripple: true }));
    expect(rippled.present.clips.entities[b!.id]!.startFrame).toBe(0);
    const [s1, s2] = h0.present.scenes.ids as [string, string];
    expect(apply(h0, sceneMoved({ id: s2, toIndex: 0 })).present.scenes.ids).toEqual([s2, s1]);
    const removed = apply(h0, sceneRemoved(s1));
    expect(clips(removed).map((c) => c.takeId)).toEqual(['t2']);
    expect(removed.present.takes.ids).toEqual(['t2']);
  });

  it('merges quick typing in one scene field into one step', () => {
    const h0 = apply(loaded(), sceneAdded());
    const id = h0.present.scenes.ids[0]!;
    const typed = apply(h0, sceneUpdated({ id, changes: { prompt: 'a' } }), sceneUpdated({ id, changes: { prompt: 'ab' } }));
    expect(typed.past).toHaveLength(h0.past.length + 1);
    expect(apply(typed, undo()).present.scenes.entities[id]!.prompt).toBe('');
  });
});
