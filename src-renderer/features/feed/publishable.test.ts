import { describe, expect, it } from 'vitest';
import { newProjectDocument, type ProjectDocument, type Scene, type Take } from '../../../src-shared/project';
import type { RootState } from '../../app/store';
import { documentLoaded, documentReducer } from '../document/documentSlice';
import { selectPublishable } from './publishable';

const scene = (id: string, prompt: string, takeIds: string[], activeTakeId: string | null): Scene => ({
  id,
  prompt,
  negativePrompt: '',
  durationFrames: 48,
  seed: 1,
  seedLocked: false,
  stylePreset: null,
  cameraPreset: null,
  takeIds,
  activeTakeId,
});
const take = (id: string, sceneId: string, status: Take['status']): Take => ({
  id,
  sceneId,
  renderPath: `renders/${id}.mp4`,
  posterPath: null,
  frames: 48,
  fps: 24,
  seed: 7,
  modelPack: { id: 'tiny', version: '1' },
  status,
});

describe('publishable takes', () => {
  it('lists ready takes scene by scene, active first, with a numbered storyboard', () => {
    const base = newProjectDocument({ id: 'p', name: 'P', now: '2026-01-01T00:00:00.000Z' });
    const doc: ProjectDocument = {
      ...base,
      scenes: [scene('s1', 'a red  ball', ['t1', 't2', 't3'], 't2'), scene('s2', '', [], null), scene('s3', 'waves', ['t4'], 't4')],
      takes: [take('t1', 's1', 'ready'), take('t2', 's1', 'ready'), take('t3', 's1', 'failed'), take('t4', 's3', 'rendering')],
    };
    const state = { document: documentReducer(undefined, documentLoaded(doc)) } as unknown as RootState;
    const { takes, storyboardSummary } = selectPublishable(state);
    expect(takes.map((t) => [t.takeId, t.label, t.renderPath])).toEqual([
      ['t2', 'Scene 1, take 2 (active)', 'renders/t2.mp4'],
      ['t1', 'Scene 1, take 1', 'renders/t1.mp4'],
    ]);
    expect(takes[0]).toMatchObject({ prompt: 'a red  ball', seed: 7, active: true });
    expect(storyboardSummary).toBe('1. a red ball\n2. waves');
  });
});
