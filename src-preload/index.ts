/**
 * Preload (sandboxed, context-isolated): exposes the tRPC bridge as `window.scenecastIpc` and nothing else.
 * Bundled to one CommonJS file because sandboxed preloads cannot load modules.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_BRIDGE_GLOBAL } from '../src-main/ipc/protocol.js';
import { createIpcBridge } from './bridge.js';

contextBridge.exposeInMainWorld(IPC_BRIDGE_GLOBAL, createIpcBridge(ipcRenderer));
