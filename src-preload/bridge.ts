/**
 * What the preloads hand their pages: the studio gets the tRPC bridge (send a message to the main process, listen for
 * replies) and the feed view bridge; the feed view's page gets a remix button's message and nothing else. The raw
 * `IpcRendererEvent` never reaches a page (it carries `sender`, i.e. ipcRenderer itself).
 */
import { IPC_CHANNEL } from '../src-main/ipc/protocol.js';
import type { IpcBridge, IpcClientMessage, IpcServerMessage } from '../src-main/ipc/protocol.js';
import { FEED_VIEW_PLACE_CHANNEL, FEED_VIEW_REMIX_CHANNEL } from '../src-main/ipc/feedViewProtocol.js';
import type { FeedViewBridge, FeedViewPlacement, FeedViewRemix } from '../src-main/ipc/feedViewProtocol.js';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface BridgeIpcRenderer {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Hands `listener` each message on `channel` (never the IPC event); returns a function that stops it. */
function listen<T>(ipcRenderer: BridgeIpcRenderer, channel: string, listener: (message: T) => void): () => void {
  const forward = (_event: unknown, message: unknown) => listener(message as T);
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

export function createIpcBridge(ipcRenderer: BridgeIpcRenderer): IpcBridge {
  return {
    send(message: IpcClientMessage) {
      ipcRenderer.send(IPC_CHANNEL, message);
    },
    onMessage(listener: (message: IpcServerMessage) => void) {
      return listen(ipcRenderer, IPC_CHANNEL, listener);
    },
  };
}

/** The studio page's side of the feed view: report where the sidebar's feed slot is, hear remixes from the view. */
export function createFeedViewBridge(ipcRenderer: BridgeIpcRenderer): FeedViewBridge {
  return {
    place(placement: FeedViewPlacement) {
      ipcRenderer.send(FEED_VIEW_PLACE_CHANNEL, placement);
    },
    onRemix(listener: (remix: FeedViewRemix) => void) {
      return listen(ipcRenderer, FEED_VIEW_REMIX_CHANNEL, listener);
    },
  };
}

