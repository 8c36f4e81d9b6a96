import { createSelector } from '@reduxjs/toolkit';
import type { RootState } from '../../app/store';

export interface PublishableTake {
  takeId: string;
  label: string;
  renderPath: string;
  prompt: string;
  seed: number;
  modelPack: { id: string; version: string };
  /** The scene's active take. */
  active: boolean;
}

/** Ready takes that can be published, scene by scene (active take first), and the storyboard summary to send along. */
export const selectPublishable = createSelector(
  [(s: RootState) => s.document.present.scenes, (s: RootState) => s.document.present.takes],
  (scenes, takes) => {
    const list: PublishableTake[] = [];
    scenes.ids.forEach((sceneId, index) => {
      const scene = scenes.entities[sceneId]!;
      const ready = scene.takeIds.map((id) => takes.entities[id]).filter((t) => t?.status === 'ready');
      ready.sort((a, b) => Number(b!.id === scene.activeTakeId) - Number(a!.id === scene.activeTakeId));
      for (const take of ready) {
        list.push({
          takeId: take!.id,
          label: `Scene ${index + 1}, take ${scene.takeIds.indexOf(take!.id) + 1}${take!.id === scene.activeTakeId ? ' (active)' : ''}`,
          renderPath: take!.renderPath,
          prompt: scene.prompt,
          seed: take!.seed,
          modelPack: take!.modelPack,
          active: take!.id === scene.activeTakeId,
        });
      }
    });
    const summary = scenes.ids
      .map((id) => scenes.entities[id]!.prompt.replace(/\s+/g, ' ').trim())
      .filter(Boolean)
      .map((p, i) => `${i + 1}. ${p}`)
      .join('\n');
    return { takes: list, storyboardSummary: summary };
  },
);
