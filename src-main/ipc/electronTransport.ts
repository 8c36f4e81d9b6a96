/**
 * Connects an `IpcRouterHandler` to Electron: one `ipcMain` channel in, `webContents.send` out. Only windows the shell
 * attached may talk to the router, and only from their main frame. A window's subscriptions end when it navigates to
 * another document (reload included), when its renderer process dies and when it is destroyed.
 *
 * Imports only Electron *types*: `ipcMain` and the windows are passed in, so this runs under plain Node in tests.
 */
import type { AnyTRPCRouter } from '@trpc/server';
import { IpcRouterHandler } from './handler.js';
import type { IpcErrorInfo, IpcRouterHandlerOptions } from './handler.js';
import { IPC_CHANNEL } from './protocol.js';

/** What the transport needs of an `IpcMainEvent`. */
export interface TransportIpcEvent {
  readonly sender: { readonly id: number };
  /** Null when the frame navigated or was destroyed before the message was handled; `parent` null = main frame. */
  readonly senderFrame: { readonly parent: unknown } | null;
}

/** What the transport needs of Electron's `ipcMain`. */
export interface TransportIpcMain {
  on(channel: string, listener: (event: TransportIpcEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: TransportIpcEvent, ...args: unknown[]) => void): unknown;
}

/** What the transport needs of a window's `webContents`. */
export interface TransportWebContents {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: 'destroyed', listener: () => void): unknown;
  on(event: 'render-process-gone', listener: () => void): unknown;
  on(event: 'did-start-navigation', listener: (details: { isSameDocument: boolean; isMainFrame: boolean }) => void): unknown;
  removeListener(event: 'destroyed' | 'render-process-gone' | 'did-start-navigation', listener: (...args: never[]) => void): unknown;
}

export interface ElectronIpcTransportOptions<TRouter extends AnyTRPCRouter> extends IpcRouterHandlerOptions<TRouter> {
  ipcMain: TransportIpcMain;
  /** Messages from windows that were never attached, or from subframes, are refused and reported here. */
  onRefused?: (reason: string) => void;
}

export interface ElectronIpcTransport {
  /** Lets a window talk to the router. Returns a function that detaches it (and ends its subscriptions). */
  attachWindow(webContents: TransportWebContents): () => void;
  /** Ends all subscriptions and stops listening. */
  dispose(): void;
  /** Running subscriptions, overall or for one window (for diagnostics and tests). */
  activeSubscriptionCount(webContentsId?: number): number;
}

export function clientIdOf(webContentsId: number): string {
  return `window-${webContentsId}`;
}

interface AttachedWindow {
  webContents: TransportWebContents;
  closed: boolean;
  /** Bumped when the main frame loads a new document: replies to the old document's requests are dropped. */
  document: number;
  detach: () => void;
}

export function createElectronIpcTransport<TRouter extends AnyTRPCRouter>(
  options: ElectronIpcTransportOptions<TRouter>,
): ElectronIpcTransport {
  const { ipcMain, onRefused, ...handlerOptions } = options;
  const handler = new IpcRouterHandler<TRouter>(handlerOptions);
  const windows = new Map<number, AttachedWindow>();

  const onMessage = (event: TransportIpcEvent, ...args: unknown[]) => {
    // Looked up by id: Electron hands out one webContents per id, and ids are never reused.
    const entry = windows.get(event.sender.id);
    if (!entry) {
      onRefused?.(`IPC message from webContents ${event.sender.id}, which is not a Scenecast window`);
      return;
    }
    if (!event.senderFrame || event.senderFrame.parent !== null) {
      onRefused?.(`IPC message from a subframe (or a frame that is gone) of webContents ${event.sender.id}`);
      return;
    }
    const documentAtRequest = entry.document;
    handler.receive(
      {
        clientId: clientIdOf(event.sender.id),
        send: (message) => entry.webContents.send(IPC_CHANNEL, message),
        isClosed: () => entry.closed || entry.document !== documentAtRequest || entry.webContents.isDestroyed(),
      },
      args[0],
    );
  };
  ipcMain.on(IPC_CHANNEL, onMessage);

  return {
    attachWindow(webContents) {
      const existing = windows.get(webContents.id);
      if (existing) return existing.detach;
      const clientId = clientIdOf(webContents.id);
      const onNavigation = (details: { isSameDocument: boolean; isMainFrame: boolean }) => {
        // A new document in the main frame has a fresh client; the old page's subscriptions have nobody to talk to.
        if (details.isMainFrame && !details.isSameDocument) {
          entry.document += 1;
          handler.stopSubscriptions(clientId);
        }
      };
      const onGone = () => handler.stopSubscriptions(clientId);
      const onDestroyed = () => detach();
      const entry: AttachedWindow = { webContents, closed: false, document: 0, detach: () => {} };
      const detach = () => {
        if (entry.closed) return;
        entry.closed = true;
        windows.delete(webContents.id);
        handler.stopSubscriptions(clientId);
        if (!webContents.isDestroyed()) {
          webContents.removeListener('did-start-navigation', onNavigation);
          webContents.removeListener('render-process-gone', onGone);
          webContents.removeListener('destroyed', onDestroyed);
        }
      };
      entry.detach = detach;
      webContents.on('did-start-navigation', onNavigation);
      webContents.on('render-process-gone', onGone);
      webContents.on('destroyed', onDestroyed);
      windows.set(webContents.id, entry);
      return detach;
    },
    dispose() {
      ipcMain.removeListener(IPC_CHANNEL, onMessage);
      for (const entry of [...windows.values()]) entry.detach();
      handler.dispose();
    },
    activeSubscriptionCount(webContentsId) {
      return handler.activeSubscriptionCount(webContentsId === undefined ? undefined : clientIdOf(webContentsId));
    },
  };
}

export type { IpcErrorInfo };
