import type { ListenerMiddlewareInstance } from '@reduxjs/toolkit';
import type { AppDispatch, RootState, ThunkExtra } from '../../app/store';
import { readableError } from '../generation/generationSlice';
import { toProjectDocument } from '../document/state';
import { saveStateChanged } from './sessionSlice';

export const AUTOSAVE_DELAY_MS = 1000;

/**
 * Saves the document through `projects.save` a second after the last change, so a reload or crash loses at most the
 * last second of edits. A change while a save runs queues another save; saves never overlap.
 */
export function startAutosave(listeners: ListenerMiddlewareInstance<RootState, AppDispatch, ThunkExtra>): void {
  let chain: Promise<void> = Promise.resolve();
  listeners.startListening({
    predicate: (_action, current, previous) =>
      current.session.phase === 'open' && current.document.present !== previous.document.present && previous.session.phase === 'open',
    effect: async (_action, api) => {
      api.cancelActiveListeners();
      api.dispatch(saveStateChanged({ save: 'pending' }));
      await api.delay(AUTOSAVE_DELAY_MS);
      const run = async () => {
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
      chain = chain.then(run);
      await chain;
    },
  });
}
