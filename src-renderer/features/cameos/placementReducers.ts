import type { PayloadAction } from '@reduxjs/toolkit';
import { MAX_CAMEOS_PER_SCENE, type CameoPlacement } from '../../../src-shared/cameo/placement';
import type { StageKeyframe } from '../../../src-shared/cameo/stage';
import type { CoalesceMeta } from '../history/undoable';
import { placementsAdapter, type DocumentState } from '../document/state';

/** Keyframes closer than this in normalised time are the same keyframe (a set at t replaces it). */
export const SAME_KEYFRAME_T = 1e-3;

/** Sets the billboard at time t: the keyframe there is replaced, or a new one added, in time order. */
export function withKeyframe(keyframes: readonly StageKeyframe[], key: StageKeyframe): StageKeyframe[] {
  return [...keyframes.filter((k) => Math.abs(k.t - key.t) > SAME_KEYFRAME_T), key].sort((a, b) => a.t - b.t);
}

export const placementsInScene = (state: DocumentState, sceneId: string) =>
  state.placements.ids.map((id) => state.placements.entities[id]!).filter((p) => p.sceneId === sceneId);

/** Placing cameos in scenes, and moving them on the stage; a drag on the stage is one undo step. */
export const placementReducers = {
  cameoPlaced(state: DocumentState, action: PayloadAction<CameoPlacement>) {
    const placement = action.payload;
    const inScene = placementsInScene(state, placement.sceneId);
    if (!state.scenes.entities[placement.sceneId] || inScene.length >= MAX_CAMEOS_PER_SCENE || inScene.some((p) => p.cameoId === placement.cameoId)) return;
    placementsAdapter.addOne(state.placements, placement);
  },
  placementKeyframeSet: {
    reducer(state: DocumentState, action: PayloadAction<{ id: string; key: StageKeyframe }>) {
      const placement = state.placements.entities[action.payload.id];
      if (placement) placement.keyframes = withKeyframe(placement.keyframes, action.payload.key);
    },
    prepare: (payload: { id: string; key: StageKeyframe }, gestureId?: string) => ({ payload, meta: (gestureId ? { coalesce: gestureId } : {}) as CoalesceMeta }),
  },
  placementKeyframeRemoved(state: DocumentState, action: PayloadAction<{ id: string; t: number }>) {
    const placement = state.placements.entities[action.payload.id];
    // The last keyframe stays: a placement without one has nowhere to be (remove the placement instead).
    if (placement && placement.keyframes.length > 1) placement.keyframes = placement.keyframes.filter((k) => Math.abs(k.t - action.payload.t) > SAME_KEYFRAME_T);
  },
  placementRemoved(state: DocumentState, action: PayloadAction<string>) {
    placementsAdapter.removeOne(state.placements, action.payload);
  },
};
