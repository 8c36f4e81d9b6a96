/**
 * What the preloads hand their pages: the studio gets the tRPC bridge (send a message to the main process, listen for
 * replies), the feed view bridge and the path of a file the person chose; the feed view's page gets a remix button's
 * message and nothing else. The raw `IpcRendererEvent` never reaches a page (it carries `sender`, i.e. ipcRenderer
 * itself).
 */
import { IPC_CHANNEL } from '../src-main/ipc/protocol.js';
import type { FilesBridge, IpcBridge, IpcClientMessage, IpcServerMessage } from '../src-main/ipc/protocol.js';
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


/** The part of Electron's `webUtils` the files bridge uses. */
export interface BridgeWebUtils {
  getPathForFile(file: File): string;
}

/**
 * `pathForFile` on `window.scenecastIpc`: the path of a chosen file. Electron throws for anything but a `File`; the page gets
 * a plain message instead, and an answer that is not a non-empty string becomes null (the file is not on disk).
 */
export function createFilesBridge(webUtils: BridgeWebUtils): FilesBridge {
  return {
    pathForFile(file: File): string | null {
      let path: unknown;
      try {
        path = webUtils.getPathForFile(file);
      } catch {
        throw new TypeError('pathForFile takes a File the person chose (from a file input or a drop)');
      }
      return typeof path === 'string' && path !== '' ? path : null;
    },
  };
}
