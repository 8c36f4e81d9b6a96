import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '../../src-main/engine/router';
import { ipcLink } from './ipcLink';

export type EngineClient = TRPCClient<AppRouter>;

export const TOKEN_KEY = 'scenecast.token';

/**
 * Web mode hands the page its access token in the URL fragment (never sent to a server or a referrer); keep it for
 * this tab and take it out of the address bar.
 */
function webToken(): string {
  const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** The engine, over Electron IPC when the preload bridge is there, else over this server's WebSocket. */
export function createEngineClient(): EngineClient {
  if ('scenecastIpc' in window) return createTRPCClient<AppRouter>({ links: [ipcLink<AppRouter>()] });
  const url = new URL('/trpc', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', webToken());
  const ws = createWSClient({ url: url.href, retryDelayMs: (attempt) => Math.min(5000, 250 * 2 ** attempt) });
  return createTRPCClient<AppRouter>({ links: [wsLink<AppRouter>({ client: ws })] });
}
