import type { PayloadAction } from '@reduxjs/toolkit';
import type { Scene } from '../../../src-shared/project';
import { retime } from '../../../src-shared/timeline';
import { clipsAdapter, scenesAdapter, sourceOf, takesAdapter, type DocumentState } from './state';

export type SceneFields = Pick<Scene, 'prompt' | 'negativePrompt' | 'durationFrames' | 'seed' | 'seedLocked' | 'stylePreset' | 'cameraPreset'>;

function insertAfter(ids: string[], id: string, afterId: string | null | undefined): void {
  const at = afterId ? ids.indexOf(afterId) : -1;
  const current = ids.indexOf(id);
  if (current >= 0) ids.splice(current, 1);
  if (at < 0) ids.push(id);
  else ids.splice(ids.indexOf(afterId!) + 1, 0, id);
}

/** Points every timeline clip that shows one of the scene's takes at `takeId`, keeping each clip's trims. */
export function swapSceneTake(state: DocumentState, sceneId: string, takeId: string): void {
  const scene = state.scenes.entities[sceneId];
  const take = state.takes.entities[takeId];
  if (!scene || !take || take.status !== 'ready') return;
  const sceneTakes = new Set(scene.takeIds);
  for (const id of state.clips.ids) {
    const clip = state.clips.entities[id]!;
    if (clip.takeId === null || clip.takeId === takeId || !sceneTakes.has(clip.takeId)) continue;
    const timing = retime(clip, sourceOf(state, { takeId, sourceOutFrame: clip.sourceOutFrame }));
    clipsAdapter.updateOne(state.clips, { id, changes: { ...timing, takeId } });
  }
}

export const sceneReducers = {
  sceneAdded: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; seed: number; afterId?: string | null; fields?: Partial<SceneFields> }>) {
      const { id, seed, afterId, fields } = action.payload;
      const fps = state.meta?.fps ?? 24;
      scenesAdapter.addOne(state.scenes, {
        id,
        prompt: '',
        negativePrompt: '',
        durationFrames: 2 * fps,
        seed,
        seedLocked: false,
        stylePreset: null,
        cameraPreset: null,
        takeIds: [],
        activeTakeId: null,
        ...fields,
      });
      insertAfter(state.scenes.ids, id, afterId);
    },
    prepare: (payload: { afterId?: string | null; fields?: Partial<SceneFields> } = {}) => ({
      payload: { id: crypto.randomUUID(), seed: randomSeed(), ...payload },
    }),
  },
  sceneUpdated: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; changes: Partial<SceneFields> }>) {
      scenesAdapter.updateOne(state.scenes, action.payload);
    },
    /** Typing in one field of one scene within a second is one undo step. */
    prepare: (payload: { id: string; changes: Partial<SceneFields> }) => ({
      payload,
      meta: { coalesce: `scene:${payload.id}:${Object.keys(payload.changes).sort().join(',')}`, windowMs: 1000, at: Date.now() },
    }),
  },
  sceneDuplicated: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; newId: string }>) {
      const source = state.scenes.entities[action.payload.id];
      if (!source) return;
      scenesAdapter.addOne(state.scenes, { ...source, id: action.payload.newId, takeIds: [], activeTakeId: null });
      insertAfter(state.scenes.ids, action.payload.newId, action.payload.id);
    },
    prepare: (id: string) => ({ payload: { id, newId: crypto.randomUUID() } }),
  },
  /** Removes the scene with its takes and the clips that show them. */
  sceneRemoved(state: DocumentState, action: PayloadAction<string>) {
    const scene = state.scenes.entities[action.payload];
    if (!scene) return;
    const takes = new Set(scene.takeIds);
    clipsAdapter.removeMany(
      state.clips,
      state.clips.ids.filter((id) => {
        const takeId = state.clips.entities[id]!.takeId;
        return takeId !== null && takes.has(takeId);
      }),
    );
    takesAdapter.removeMany(state.takes, scene.takeIds);
    scenesAdapter.removeOne(state.scenes, scene.id);
  },
  sceneMoved(state: DocumentState, action: PayloadAction<{ id: string; toIndex: number }>) {
    const ids = state.scenes.ids;
    const from = ids.indexOf(action.payload.id);
    if (from < 0) return;
    const to = Math.max(0, Math.min(ids.length - 1, action.payload.toIndex));
    if (to === from) return;
    ids.splice(from, 1);
    ids.splice(to, 0, action.payload.id);
  },
  activeTakeChosen(state: DocumentState, action: PayloadAction<{ sceneId: string; takeId: string }>) {
    const scene = state.scenes.entities[action.payload.sceneId];
    if (!scene || !scene.takeIds.includes(action.payload.takeId)) return;
    scene.activeTakeId = action.payload.takeId;
    swapSceneTake(state, scene.id, action.payload.takeId);
  },
};

export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
