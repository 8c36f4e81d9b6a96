/**
 * The preload (src-preload/index.ts) under a stand-in for Electron's contextBridge and ipcRenderer (the binary can't
 * run here): the page gets the tRPC bridge and nothing else, and the bridge never hands the page an IPC event.
 */
import { describe, expect, it, vi } from 'vitest';
import type { FilesBridge, IpcBridge, IpcServerMessage } from './protocol';
import { FEED_VIEW_BRIDGE_GLOBAL } from './feedViewProtocol';
import { IPC_BRIDGE_GLOBAL, IPC_CHANNEL } from './protocol';
import { createFakeElectronIpc } from './testing/fakeElectronIpc';
import type { FakeWindow } from './testing/fakeElectronIpc';

const fake = vi.hoisted(() => ({
  window: undefined as unknown as FakeWindow,
  /** Electron's webUtils as documented: a path for a File from disk, '' for one built in the page, throws otherwise. */
  webUtils: {
    getPathForFile(file: unknown): string {
      if (!(file instanceof File)) throw new TypeError("Failed to execute 'getPathForFile': parameter 1 is not of type 'File'");
      return file.name === 'take-2.wav' ? '/home/ada/Music/take-2.wav' : '';
    },
  },
}));
vi.mock('electron', () => ({
  get contextBridge() {
    return fake.window.contextBridge;
  },
  get ipcRenderer() {
    return fake.window.ipcRenderer;
  },
  get webUtils() {
    return fake.webUtils;
  },
}));

describe('preload', () => {
  it('exposes the tRPC bridge, with send, onMessage and pathForFile only, beside the feed view bridge (feedBridge.test.ts)', async () => {
    const electron = createFakeElectronIpc();
    fake.window = electron.createWindow();
    await import('../../src-preload/index');
    expect(Object.keys(fake.window.mainWorld)).toEqual([IPC_BRIDGE_GLOBAL, FEED_VIEW_BRIDGE_GLOBAL]);
    const bridge = fake.window.mainWorld[IPC_BRIDGE_GLOBAL] as IpcBridge;
    expect(Object.keys(bridge).sort()).toEqual(['onMessage', 'pathForFile', 'send']);

    const received: unknown[][] = [];
    electron.ipcMain.on(IPC_CHANNEL, (_event: never, ...args: never[]) => received.push(args));
    bridge.send({ kind: 'request', id: 1, type: 'query', path: 'system.info', input: undefined });
    await vi.waitFor(() => expect(received).toEqual([[{ kind: 'request', id: 1, type: 'query', path: 'system.info', input: undefined }]]));

    const replies: unknown[][] = [];
    const stop = bridge.onMessage((...args: unknown[]) => replies.push(args));
    const reply: IpcServerMessage = { id: 1, result: { type: 'data', data: 'ok' } };
    fake.window.webContents.send(IPC_CHANNEL, reply);
    await vi.waitFor(() => expect(replies).toEqual([[reply]])); // the message only: no event, no sender
    stop();
    expect(fake.window.ipcRenderer.listenerCount(IPC_CHANNEL)).toBe(0);
  });

  it("gives the path of a chosen file on disk, null for a file built in the page, and refuses what isn't a File", async () => {
    const electron = createFakeElectronIpc();
    fake.window = electron.createWindow();
    vi.resetModules();
    await import('../../src-preload/index');
    const files = fake.window.mainWorld[IPC_BRIDGE_GLOBAL] as FilesBridge;
    expect(files.pathForFile(new File([new Uint8Array(4)], 'take-2.wav'))).toBe('/home/ada/Music/take-2.wav');
    expect(files.pathForFile(new File(['x'], 'made-here.wav'))).toBeNull();
    for (const notAFile of [new Blob(['x']), '/etc/passwd', { name: 'take-2.wav' }, null]) {
      expect(() => files.pathForFile(notAFile as File)).toThrow('pathForFile takes a File the person chose');
    }
  });
});
