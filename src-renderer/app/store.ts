import { configureStore } from '@reduxjs/toolkit';
import { generationReducer } from '../features/generation/generationSlice';
import type { EngineClient } from './trpc';

export function createAppStore(client: EngineClient) {
  return configureStore({
    reducer: { generation: generationReducer },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: { client } } }),
  });
}

export type AppStore = ReturnType<typeof createAppStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
export interface ThunkExtra {
  client: EngineClient;
}
