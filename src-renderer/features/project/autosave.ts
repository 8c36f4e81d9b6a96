import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState, ThunkExtra } from '../../app/store';
import { readableError } from '../generation/generationSlice';
import { toProjectDocument } from '../document/state';
import { saveStateChanged } from './sessionSlice';

export const AUTOSAVE_DELAY_MS = 1000;

/**
 * Saves the document through `projects.save` at most a second after the first unsaved change — not a second after
 * the last one, so steady editing still saves every second and a reload or crash loses at most about a second of
 * edits. Saves never overlap; a change during a save schedules the next one.
 */
export function startAutosave(listeners: ListenerMiddlewareInstance<RootState, AppDispatch, ThunkExtra>): void {
  let scheduled = false;
  let chain: Promise<void> = Promise.resolve();
  listeners.startListening({
    predicate: (_action, current, previous) =>
      current.session.phase === 'open' && previous.session.phase === 'open' && current.document.present !== previous.document.present,
    effect: async (_action, api) => {
      if (api.getState().session.save !== 'pending') api.dispatch(saveStateChanged({ save: 'pending' }));
      if (scheduled) return;
      scheduled = true;
      await api.delay(AUTOSAVE_DELAY_MS);
      scheduled = false;
      const save = async () => {
        const state = api.getState();
        const dir = state.session.dir;
        const document = toProjectDocument(state.document.present, new Date().toISOString());
        if (!dir || !document) return;
        api.dispatch(saveStateChanged({ save: 'saving' }));
        try {
          await api.extra.client.projects.save.mutate({ dir, document });
          if (api.getState().session.save === 'saving') api.dispatch(saveStateChanged({ save: 'saved' }));
        } catch (err) {
          api.dispatch(saveStateChanged({ save: 'failed', error: readableError(err) }));
        }
      };
      chain = chain.then(save);
      await chain;
    },
  });
}
