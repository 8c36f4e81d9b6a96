/**
 * The only thing the page gets from the preload: send a tRPC message to the main process, listen for replies.
 * The raw `IpcRendererEvent` never reaches the page (it carries `sender`, i.e. ipcRenderer itself).
 */
import { IPC_CHANNEL } from '../src-main/ipc/protocol.js';
import type { IpcBridge, IpcClientMessage, IpcServerMessage } from '../src-main/ipc/protocol.js';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface BridgeIpcRenderer {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createIpcBridge(ipcRenderer: BridgeIpcRenderer): IpcBridge {
  return {
    send(message: IpcClientMessage) {
      ipcRenderer.send(IPC_CHANNEL, message);
    },
    onMessage(listener: (message: IpcServerMessage) => void) {
      const forward = (_event: unknown, message: unknown) => listener(message as IpcServerMessage);
      ipcRenderer.on(IPC_CHANNEL, forward);
      return () => {
        ipcRenderer.removeListener(IPC_CHANNEL, forward);
      };
    },
  };
}
