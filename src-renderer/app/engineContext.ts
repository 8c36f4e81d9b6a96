import { createContext, useContext } from 'react';
import type { EngineClient } from './trpc';

export const EngineClientContext = createContext<EngineClient | null>(null);

export function useEngineClient(): EngineClient {
  const client = useContext(EngineClientContext);
  if (!client) throw new Error('useEngineClient must be used inside <EngineClientContext.Provider>');
  return client;
}
