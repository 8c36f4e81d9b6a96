import { createAsyncThunk, isAnyOf, type ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState, ThunkExtra } from '../../app/store';
import { documentLoaded, takeFailed, takeLanded, takePosterReady, takeStarted } from '../document/documentSlice';
import { enqueueWithCameos } from '../cameos/generateWithCameos';
import { placementsInScene } from '../cameos/placementReducers';
import { randomSeed } from '../document/sceneReducers';
import { composePrompt } from '../storyboard/presets';
import { jobChanged, readableError, retryJob, snapshotReceived } from './generationSlice';

export interface GenerateScenesArgs {
  sceneIds: string[];
  /** Takes per scene; variants after the first use the next seeds. */
  variants?: number;
}

/**
 * Queues takes of scenes: each job renders into the project's renders/ folder and its take (id = job id) joins the
 * scene as 'rendering' right away, so it shows in the storyboard and survives a reload while it renders.
 */
export const generateScenes = createAsyncThunk<number, GenerateScenesArgs, { extra: ThunkExtra; state: RootState; rejectValue: string }>(
  'generation/scenes',
  async ({ sceneIds, variants = 1 }, { extra, getState, dispatch, rejectWithValue }) => {
    const dir = getState().session.dir;
    const fps = getState().document.present.meta?.fps ?? 24;
    if (!dir) return rejectWithValue('open a project first');
    // Check every scene before queuing any, so a missing prompt doesn't leave half the storyboard generating.
    const empty = sceneIds.find((id) => getState().document.present.scenes.entities[id]?.prompt.trim() === '');
    if (empty) return rejectWithValue(`scene ${getState().document.present.scenes.ids.indexOf(empty) + 1} has no prompt yet: describe what happens in it`);
    let queued = 0;
    for (const sceneId of sceneIds) {
      const scene = getState().document.present.scenes.entities[sceneId];
      if (!scene) continue;
      for (let v = 0; v < variants; v++) {
        const seed = scene.seedLocked || variants > 1 ? (scene.seed + v) % 2 ** 32 : randomSeed();
        try {
          const request = { prompt: composePrompt(scene), negativePrompt: scene.negativePrompt, seconds: scene.durationFrames / fps, seed };
          // A scene with placed cameos goes through the cameo library, which checks consent first.
          const doc = getState().document.present;
          const placements = placementsInScene(doc, sceneId);
          const { job, renderPath, modelPack } = placements.length
            ? await enqueueWithCameos(extra.client, dir, request, placements, (doc.meta?.width ?? 16) / (doc.meta?.height ?? 9), scene.durationFrames)
            : await extra.client.takes.enqueue.mutate({ dir, request });
          dispatch(jobChanged(job));
          dispatch(
            takeStarted({
              id: job.id,
              sceneId,
              renderPath,
              posterPath: null,
              frames: job.settings.frames,
              fps: job.settings.fps,
              seed: job.settings.seed,
              modelPack,
              status: 'rendering',
            }),
          );
          queued += 1;
        } catch (err) {
          return rejectWithValue(readableError(err));
        }
      }
    }
    return queued;
  },
);

/**
 * The project-relative path of the sound a job made with its take (packs with an audio component), or null: the
 * engine reports it as an absolute path, and only a file inside the open project can join the document.
 */
export function takeSoundPath(dir: string | null, output: object): string | null {
  const audio = 'audio' in output ? (output.audio as { path?: unknown } | undefined) : undefined;
  if (!dir || typeof audio?.path !== 'string') return null;
  const root = dir.replace(/[\\/]+$/, '');
  const file = audio.path.replace(/\\/g, '/');
  const prefix = `${root.replace(/\\/g, '/')}/`;
  if (!file.startsWith(prefix)) return null;
  const relative = file.slice(prefix.length);
  return relative.split('/').some((part) => part === '' || part === '.' || part === '..') ? null : relative;
}

/** Lands finished jobs in their scenes: ready (with a poster) or failed. */
export function startTakeFlow(listeners: ListenerMiddlewareInstance<RootState, AppDispatch, ThunkExtra>): void {
  // Retrying a take's job makes a new take of the same scene (same seed and render path: the failed one wrote nothing).
  listeners.startListening({
    actionCreator: retryJob.fulfilled,
    effect: (action, api) => {
      const previous = api.getState().document.present.takes.entities[action.meta.arg];
      const job = action.payload;
      if (!previous) return;
      api.dispatch(takeStarted({ ...previous, id: job.id, posterPath: null, seed: job.settings.seed, frames: job.settings.frames, fps: job.settings.fps, status: 'rendering' }));
    },
  });
  listeners.startListening({
    matcher: isAnyOf(jobChanged, snapshotReceived, documentLoaded, takeStarted),
    effect: async (action, api) => {
      const state = api.getState();
      const doc = state.document.present;
      const dir = state.session.dir;
      const landed: Array<{ id: string; renderPath: string }> = [];
      for (const id of doc.takes.ids) {
        const take = doc.takes.entities[id]!;
        if (take.status !== 'rendering') continue;
        const job = state.generation.entities[id];
        if (job?.status === 'complete') {
          api.dispatch(takeLanded({ id, frames: job.output.frames, fps: job.output.fps, audioPath: takeSoundPath(dir, job.output) }));
          landed.push({ id, renderPath: take.renderPath });
        } else if (job?.status === 'error' || job?.status === 'cancelled') {
          api.dispatch(takeFailed(id));
        } else if (!job && (snapshotReceived.match(action) || (documentLoaded.match(action) && state.generation.connection === 'connected'))) {
          // The engine restarted and no longer knows this job: its take will never arrive.
          api.dispatch(takeFailed(id));
        }
      }
      if (!dir) return;
      await Promise.all(
        landed.map(async ({ id, renderPath }) => {
          try {
            const poster = await api.extra.client.takes.poster.mutate({ dir, renderPath });
            api.dispatch(takePosterReady({ id, posterPath: poster.posterPath }));
          } catch (err) {
            // A take without a poster still plays; the card shows a placeholder.
            console.warn(`no poster for take ${id}: ${readableError(err)}`);
          }
        }),
      );
    },
  });
}
