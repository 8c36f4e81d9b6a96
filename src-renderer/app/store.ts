import { combineReducers, configureStore, createListenerMiddleware, type ThunkDispatch, type UnknownAction } from '@reduxjs/toolkit';
import { audioUiReducer } from '../features/audio/audioSlice';
import { cameoFlagsReducer, startFlaggedTakes } from '../features/cameos/flagsSlice';
import { cameoStageReducer } from '../features/cameos/stageSlice';
import { documentReducer } from '../features/document/documentSlice';
import { uiReducer } from '../features/editor/uiSlice';
import { generationReducer } from '../features/generation/generationSlice';
import { startTakeFlow } from '../features/generation/takeFlow';
import { mediaReducer } from '../features/project/mediaSlice';
import { startAutosave } from '../features/project/autosave';
import { sessionReducer } from '../features/project/sessionSlice';
import type { EngineClient } from './trpc';

export const rootReducer = combineReducers({
  document: documentReducer,
  ui: uiReducer,
  session: sessionReducer,
  generation: generationReducer,
  media: mediaReducer,
  audio: audioUiReducer,
  cameoStage: cameoStageReducer,
  cameoFlags: cameoFlagsReducer,
});

export interface ThunkExtra {
  client: EngineClient;
}

export function createAppStore(client: EngineClient) {
  const listeners = createListenerMiddleware<RootState, AppDispatch, ThunkExtra>({ extra: { client } });
  const store = configureStore({
    reducer: rootReducer,
    middleware: (getDefault) =>
      getDefault({ thunk: { extraArgument: { client } } }).prepend(listeners.middleware),
  });
  startAutosave(listeners);
  startTakeFlow(listeners);
  startFlaggedTakes(listeners);
  return store;
}

export type RootState = ReturnType<typeof rootReducer>;
/** Spelled out (not inferred from the store) because the listener middleware's own types need it first. */
export type AppDispatch = ThunkDispatch<RootState, ThunkExtra, UnknownAction>;
export type AppStore = ReturnType<typeof createAppStore>;
