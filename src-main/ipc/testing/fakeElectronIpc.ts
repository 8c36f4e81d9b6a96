/**
 * fakeElectronIpc: an in-memory stand-in for Electron's `ipcMain`, `ipcRenderer`, `contextBridge` and a window's
 * `webContents`. It exists only because the Electron binary cannot be downloaded or run in this environment; where the
 * binary exists, the same flows are covered by Electron e2e specs.
 *
 * Faithful where it matters for the transport:
 * - delivery is asynchronous (a macrotask), like Electron IPC;
 * - every message is cloned with Electron's rules: plain data only; functions, symbols, promises and DOM/host objects
 *   (an AbortSignal, for one) throw "An object could not be cloned", as `ipcRenderer.send` / `webContents.send` do;
 * - a destroyed webContents throws on `send`, emits `destroyed` once;
 * - `did-start-navigation` carries `{ isSameDocument, isMainFrame, frame }` as in Electron 45.
 */
import { EventEmitter } from 'node:events';

/** Any listener shape: the transport's and libraries' listeners take Electron's event type. */
type Listener = (event: never, ...args: never[]) => void;

const plainPrototypes = new Set<unknown>([
  Object.prototype,
  null,
  Array.prototype,
  Date.prototype,
  RegExp.prototype,
  Map.prototype,
  Set.prototype,
  Error.prototype,
  ArrayBuffer.prototype,
  Uint8Array.prototype,
  Float32Array.prototype,
]);

/** Clones like Electron's IPC serializer: throws on anything that is not plain data. */
export function cloneLikeElectronIpc<T>(value: T): T {
  const seen = new Set<unknown>();
  const check = (v: unknown): void => {
    if (typeof v === 'function' || typeof v === 'symbol' || v instanceof Promise) {
      throw new Error('An object could not be cloned.');
    }
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (!plainPrototypes.has(Object.getPrototypeOf(v)) && !(v instanceof Error)) {
      throw new Error('An object could not be cloned.');
    }
    if (v instanceof Map) {
      for (const [k, item] of v) {
        check(k);
        check(item);
      }
      return;
    }
    if (v instanceof Set) {
      for (const item of v) check(item);
      return;
    }
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return;
    for (const item of Object.values(v)) check(item);
  };
  check(value);
  return structuredClone(value);
}

function deliverLater(fn: () => void): void {
  setImmediate(fn);
}

export interface FakeWebContents {
  readonly id: number;
  readonly mainFrame: { readonly routingId: number; readonly parent: null; url: string };
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  on(event: string, listener: (...args: never[]) => void): FakeWebContents;
  removeListener(event: string, listener: (...args: never[]) => void): FakeWebContents;
  listenerCount(event: string): number;
}

export interface FakeWindow {
  webContents: FakeWebContents;
  /** Shaped like a BrowserWindow for libraries that want one. */
  browserWindow: { webContents: FakeWebContents; isDestroyed(): boolean };
  /** The renderer side: what `import { ipcRenderer } from 'electron'` gives this window's preload. */
  ipcRenderer: {
    send(channel: string, ...args: unknown[]): void;
    /** Like send, but as if from an iframe inside the page (at `url`, default the page's own). */
    sendFromSubframe(channel: string, ...args: unknown[]): void;
    sendFromSubframeAt(url: string, channel: string, ...args: unknown[]): void;
    on(channel: string, listener: Listener): unknown;
    removeListener(channel: string, listener: Listener): unknown;
    listenerCount(channel: string): number;
  };
  contextBridge: { exposeInMainWorld(key: string, api: unknown): void };
  /** What the page sees as `window.<key>` after the preload ran. */
  mainWorld: Record<string, unknown>;
  /** Simulates a navigation of the main frame (a reload is one too). */
  navigate(options?: { isSameDocument?: boolean; isMainFrame?: boolean; frameGone?: boolean }): void;
  /** Simulates the window closing: webContents destroyed. */
  destroy(): void;
  /** Simulates the renderer process crashing. */
  crashRenderer(): void;
}

export interface FakeElectronIpc {
  ipcMain: {
    on(channel: string, listener: Listener): unknown;
    removeListener(channel: string, listener: Listener): unknown;
    listenerCount(channel: string): number;
  };
  /** `url`: the page the main frame shows (WebFrameMain.url), default the studio's. */
  createWindow(options?: { url?: string }): FakeWindow;
  /** A webContents the app never attached (e.g. a stray window) that can still send IPC. */
  createForeignWindow(options?: { url?: string }): FakeWindow;
}

export function createFakeElectronIpc(): FakeElectronIpc {
  const mainBus = new EventEmitter();
  let nextWebContentsId = 1;

  const ipcMain: FakeElectronIpc['ipcMain'] = {
    on(channel, listener) {
      mainBus.on(channel, listener as (...args: unknown[]) => void);
      return ipcMain;
    },
    removeListener(channel, listener) {
      mainBus.removeListener(channel, listener as (...args: unknown[]) => void);
      return ipcMain;
    },
    listenerCount(channel) {
      return mainBus.listenerCount(channel);
    },
  };

  const createWindow = (options: { url?: string } = {}): FakeWindow => {
    const id = nextWebContentsId++;
    const events = new EventEmitter();
    const rendererBus = new EventEmitter();
    let destroyed = false;
    const mainFrame = { routingId: 1, parent: null, url: options.url ?? 'scenecast-app://app/index.html' };

    const webContents: FakeWebContents = {
      id,
      mainFrame,
      isDestroyed: () => destroyed,
      send(channel, ...args) {
        if (destroyed) throw new Error('Object has been destroyed');
        const cloned = cloneLikeElectronIpc(args);
        deliverLater(() => {
          if (!destroyed) rendererBus.emit(channel, { sender: 'ipcRenderer' }, ...cloned);
        });
      },
      on(event, listener) {
        events.on(event, listener as (...args: unknown[]) => void);
        return webContents;
      },
      removeListener(event, listener) {
        events.removeListener(event, listener as (...args: unknown[]) => void);
        return webContents;
      },
      listenerCount(event) {
        return events.listenerCount(event);
      },
    };

    const sendFrom = (frame: { routingId: number; parent: unknown; url: string }, channel: string, args: unknown[]) => {
      const cloned = cloneLikeElectronIpc(args);
      deliverLater(() => {
        if (destroyed) return;
        const event = {
          sender: webContents,
          senderFrame: frame,
          reply: (replyChannel: string, ...replyArgs: unknown[]) => webContents.send(replyChannel, ...replyArgs),
        };
        mainBus.emit(channel, event, ...cloned);
      });
    };
    const ipcRenderer: FakeWindow['ipcRenderer'] = {
      send(channel, ...args) {
        sendFrom(mainFrame, channel, args);
      },
      sendFromSubframe(channel, ...args) {
        sendFrom({ routingId: 2, parent: mainFrame, url: mainFrame.url }, channel, args);
      },
      sendFromSubframeAt(url, channel, ...args) {
        sendFrom({ routingId: 2, parent: mainFrame, url }, channel, args);
      },
      on(channel, listener) {
        rendererBus.on(channel, listener as (...args: unknown[]) => void);
        return ipcRenderer;
      },
      removeListener(channel, listener) {
        rendererBus.removeListener(channel, listener as (...args: unknown[]) => void);
        return ipcRenderer;
      },
      listenerCount(channel) {
        return rendererBus.listenerCount(channel);
      },
    };

    const mainWorld: Record<string, unknown> = {};
    return {
      webContents,
      browserWindow: { webContents, isDestroyed: () => destroyed },
      ipcRenderer,
      contextBridge: {
        exposeInMainWorld(key, api) {
          if (key in mainWorld) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
          mainWorld[key] = api;
        },
      },
      mainWorld,
      navigate({ isSameDocument = false, isMainFrame = true, frameGone = false } = {}) {
        events.emit('did-start-navigation', {
          url: 'scenecast-app://app/index.html',
          isSameDocument,
          isMainFrame,
          // Electron: "May be null if accessed after the frame has either navigated or been destroyed."
          frame: frameGone ? null : isMainFrame ? mainFrame : { routingId: 2, parent: mainFrame },
        });
      },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        events.emit('destroyed');
        rendererBus.removeAllListeners();
      },
      crashRenderer() {
        events.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
      },
    };
  };

  return { ipcMain, createWindow, createForeignWindow: createWindow };
}
