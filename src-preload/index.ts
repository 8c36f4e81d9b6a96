/**
 * Preload of the studio window (sandboxed, context-isolated): exposes the tRPC bridge as `window.scenecastIpc` and the
 * feed view's placement/remix bridge as `window.scenecastFeedView`, nothing else.
 * Bundled to one CommonJS file because sandboxed preloads cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { FEED_VIEW_BRIDGE_GLOBAL } from '../src-main/ipc/feedViewProtocol.js';
import { IPC_BRIDGE_GLOBAL } from '../src-main/ipc/protocol.js';
import { createFeedViewBridge, createIpcBridge } from './bridge.js';

contextBridge.exposeInMainWorld(IPC_BRIDGE_GLOBAL, createIpcBridge(ipcRenderer));
contextBridge.exposeInMainWorld(FEED_VIEW_BRIDGE_GLOBAL, createFeedViewBridge(ipcRenderer));
