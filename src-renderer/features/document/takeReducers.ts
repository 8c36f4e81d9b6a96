import type { PayloadAction } from '@reduxjs/toolkit';
import type { Take } from '../../../src-shared/project';
import { addTakeSounds } from '../audio/takeSound';
import { swapSceneTake } from './sceneReducers';
import { takesAdapter, type DocumentState } from './state';

/**
 * Renders arriving from the engine. These are not the user's edits: the history applies them to every state, so an
 * undo never takes a take away (see history/undoable.ts). Each reducer tolerates a state where the scene is gone.
 */
export const takeReducers = {
  takeStarted(state: DocumentState, action: PayloadAction<Take>) {
    const take = action.payload;
    const scene = state.scenes.entities[take.sceneId];
    if (!scene || state.takes.entities[take.id]) return;
    takesAdapter.addOne(state.takes, take);
    scene.takeIds.push(take.id);
  },
  /**
   * A finished take becomes its scene's active take, and the scene's clips on the timeline show it. A take that came
   * with a sound (`audioPath`, project-relative) brings it along: each of its clips on a video track gets a linked
   * audio clip, unless it has one already.
   */
  takeLanded(state: DocumentState, action: PayloadAction<{ id: string; frames: number; fps: number; audioPath?: string | null }>) {
    const take = state.takes.entities[action.payload.id];
    if (!take || take.status === 'ready') return;
    take.status = 'ready';
    take.frames = action.payload.frames;
    take.fps = action.payload.fps;
    if (action.payload.audioPath) take.audioPath = action.payload.audioPath;
    const scene = state.scenes.entities[take.sceneId];
    if (!scene) return;
    scene.activeTakeId = take.id;
    swapSceneTake(state, scene.id, take.id);
    addTakeSounds(state, take.id);
  },
  takeFailed(state: DocumentState, action: PayloadAction<string>) {
    const take = state.takes.entities[action.payload];
    if (take && take.status === 'rendering') take.status = 'failed';
  },
  takePosterReady(state: DocumentState, action: PayloadAction<{ id: string; posterPath: string }>) {
    const take = state.takes.entities[action.payload.id];
    if (take) take.posterPath = action.payload.posterPath;
  },
};

