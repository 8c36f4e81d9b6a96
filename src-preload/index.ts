/**
 * Preload of the studio window (sandboxed, context-isolated): exposes the tRPC bridge and a chosen file's path as
 * `window.scenecastIpc` (send, onMessage, pathForFile) and the feed view's placement/remix bridge as
 * `window.scenecastFeedView`, nothing else.
 * Bundled to one CommonJS file because sandboxed preloads cannot load modules.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { FEED_VIEW_BRIDGE_GLOBAL } from '../src-main/ipc/feedViewProtocol.js';
import { IPC_BRIDGE_GLOBAL } from '../src-main/ipc/protocol.js';
import { createFeedViewBridge, createFilesBridge, createIpcBridge } from './bridge.js';

// webUtils is read on each call, not at load: the preload's tests stand in for only the parts of Electron they use.
const files = createFilesBridge({ getPathForFile: (file) => webUtils.getPathForFile(file) });
contextBridge.exposeInMainWorld(IPC_BRIDGE_GLOBAL, { ...createIpcBridge(ipcRenderer), ...files });
contextBridge.exposeInMainWorld(FEED_VIEW_BRIDGE_GLOBAL, createFeedViewBridge(ipcRenderer));
