import { describe, expect, it } from 'vitest';
import { placementBoxTrack } from '../../../src-shared/cameo/stage';
import { newProjectDocument, projectDocumentSchema } from '../../../src-shared/project';
import { cameoPlaced, documentLoaded, documentReducer, placementKeyframeRemoved, placementKeyframeSet, placementRemoved, sceneAdded, sceneRemoved } from '../document/documentSlice';
import { fromProjectDocument, toProjectDocument } from '../document/state';
import { redo, undo } from '../history/undoable';
import { cameoTracks } from './generateWithCameos';
import { shotCameraFor } from './overlayBoxes';
import { placementsInScene, withKeyframe } from './placementReducers';

type H = ReturnType<typeof documentReducer>;
const apply = (state: H, ...actions: Parameters<typeof documentReducer>[1][]) => actions.reduce(documentReducer, state);
const doc = newProjectDocument({ id: 'p1', name: 'Test', now: '2026-01-01T00:00:00.000Z' });
const withScene = () => {
  const h = apply(documentReducer(undefined, { type: 'init' }), documentLoaded(doc), sceneAdded({ fields: { prompt: 'a walk on the beach' } }));
  return { h, sceneId: h.present.scenes.ids[0]! };
};
const place = (id: string, sceneId: string, cameoId: string) =>
  cameoPlaced({ id, sceneId, cameoId, label: id, refAspect: 0.75, keyframes: [{ t: 0, x: -1, depth: 5, scale: 1.7 }] });

describe('cameo placements in the document', () => {
  it('sets a keyframe at a time, replacing the one there, in time order', () => {
    const keys = withKeyframe([{ t: 0, x: 0, depth: 5, scale: 1 }], { t: 1, x: 1, depth: 4, scale: 1 });
    expect(withKeyframe(keys, { t: 0.0004, x: 2, depth: 5, scale: 1 })).toEqual([{ t: 0.0004, x: 2, depth: 5, scale: 1 }, keys[1]]);
  });

  it('holds two cameos a scene, each once; a drag is one undo step; the last keyframe stays', () => {
    const { h: start, sceneId } = withScene();
    let h = apply(start, place('a', sceneId, 'cameo_maya12345'), place('b', sceneId, 'cameo_rex123456'), place('c', sceneId, 'cameo_teddy1234'), place('d', sceneId, 'cameo_maya12345'));
    expect(placementsInScene(h.present, sceneId).map((p) => p.id)).toEqual(['a', 'b']);
    h = apply(h, placementKeyframeSet({ id: 'a', key: { t: 1, x: 0, depth: 5, scale: 1.7 } }, 'drag-1'), placementKeyframeSet({ id: 'a', key: { t: 1, x: 1.5, depth: 3, scale: 1.7 } }, 'drag-1'));
    expect(h.present.placements.entities.a!.keyframes).toEqual([{ t: 0, x: -1, depth: 5, scale: 1.7 }, { t: 1, x: 1.5, depth: 3, scale: 1.7 }]);
    const undone = apply(h, undo());
    expect(undone.present.placements.entities.a!.keyframes).toHaveLength(1);
    expect(apply(undone, redo()).present.placements.entities.a!.keyframes).toHaveLength(2);
    h = apply(h, placementKeyframeRemoved({ id: 'a', t: 1 }), placementKeyframeRemoved({ id: 'a', t: 0 }));
    expect(h.present.placements.entities.a!.keyframes).toEqual([{ t: 0, x: -1, depth: 5, scale: 1.7 }]);
    expect(apply(h, placementRemoved('b')).present.placements.ids).toEqual(['a']);
  });

  it('saves to a valid project.json and back; a deleted scene takes its placements with it', () => {
    const { h: start, sceneId } = withScene();
    const h = apply(start, place('a', sceneId, 'cameo_maya12345'));
    const saved = toProjectDocument(h.present, '2026-01-02T00:00:00.000Z')!;
    expect(projectDocumentSchema.safeParse(saved).success).toBe(true);
    expect(saved.cameoPlacements).toHaveLength(1);
    expect(fromProjectDocument(saved).placements).toEqual(h.present.placements);
    const gone = toProjectDocument(apply(h, sceneRemoved(sceneId)).present, '2026-01-02T00:00:00.000Z')!;
    expect(gone).not.toHaveProperty('cameoPlacements');
    expect(projectDocumentSchema.safeParse(gone).success).toBe(true);
  });

  it('sends the model the stage projected frame by frame', () => {
    const { h: start, sceneId } = withScene();
    const h = apply(start, place('a', sceneId, 'cameo_maya12345'), placementKeyframeSet({ id: 'a', key: { t: 1, x: 1.5, depth: 3, scale: 1.7 } }));
    const placements = placementsInScene(h.present, sceneId);
    const [sent] = cameoTracks(placements, 16 / 9, 48);
    expect(sent!.cameoId).toBe('cameo_maya12345');
    expect(sent!.track).toEqual(placementBoxTrack(placements[0]!.keyframes, shotCameraFor(16 / 9), 0.75, 48));
    // It moves left to right and grows as it comes closer.
    expect(sent!.track.at(-1)!.x).toBeGreaterThan(sent!.track[0]!.x);
    expect(sent!.track.at(-1)!.h).toBeGreaterThan(sent!.track[0]!.h);
  });
});
