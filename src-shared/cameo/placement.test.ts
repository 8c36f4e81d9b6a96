import { describe, expect, it } from 'vitest';
import { newProjectDocument, projectDocumentSchema, type ProjectDocument } from '../project';
import type { CameoPlacement } from './placement';

const scene = { id: 's1', prompt: 'a walk on the beach', negativePrompt: '', durationFrames: 48, seed: 7, seedLocked: true, stylePreset: null, cameraPreset: null, takeIds: [], activeTakeId: null };
const placement = (id: string, cameoId: string, sceneId = 's1'): CameoPlacement => ({
  id,
  sceneId,
  cameoId,
  label: 'Maya @maya.beach',
  refAspect: 0.75,
  keyframes: [{ t: 0, x: -1, depth: 5, scale: 1.7 }],
});
const doc = (cameoPlacements?: CameoPlacement[]): ProjectDocument => ({
  ...newProjectDocument({ id: 'p', name: 'P', now: '2026-01-01T00:00:00.000Z' }),
  scenes: [scene],
  ...(cameoPlacements ? { cameoPlacements } : {}),
});
const problems = (d: ProjectDocument) => {
  const parsed = projectDocumentSchema.safeParse(d);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('cameo placements in project.json', () => {
  it('are optional, and two cameos in a scene are fine', () => {
    expect(problems(doc())).toEqual([]);
    expect(problems(doc([placement('a', 'cameo_maya12345'), placement('b', 'cameo_rex123456')]))).toEqual([]);
  });

  it('refuse a third cameo in a scene, the same cameo twice, an unknown scene and a keyframe off the stage', () => {
    expect(problems(doc([placement('a', 'cameo_maya12345'), placement('b', 'cameo_rex123456'), placement('c', 'cameo_teddy1234')]))).toEqual(['cameoPlacements.2: a scene holds at most 2 cameos']);
    expect(problems(doc([placement('a', 'cameo_maya12345'), placement('b', 'cameo_maya12345')]))).toEqual(['cameoPlacements.1.cameoId: a cameo is placed once per scene']);
    expect(problems(doc([placement('a', 'cameo_maya12345', 'gone')]))).toEqual(['cameoPlacements.0.sceneId: no scene "gone"']);
    const bad = placement('a', 'cameo_maya12345');
    bad.keyframes = [{ t: 0, x: 0, depth: 0.1, scale: 1 }];
    expect(problems(doc([bad]))[0]).toMatch(/^cameoPlacements\.0\.keyframes\.0\.depth/);
  });
});
