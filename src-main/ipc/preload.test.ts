/**
 * The preload (src-preload/index.ts) under a stand-in for Electron's contextBridge and ipcRenderer (the binary can't
 * run here): the page gets the tRPC bridge and nothing else, and the bridge never hands the page an IPC event.
 */
import { describe, expect, it, vi } from 'vitest';
import type { IpcBridge, IpcServerMessage } from './protocol';
import { FEED_VIEW_BRIDGE_GLOBAL } from './feedViewProtocol';
import { IPC_BRIDGE_GLOBAL, IPC_CHANNEL } from './protocol';
import { createFakeElectronIpc } from './testing/fakeElectronIpc';
import type { FakeWindow } from './testing/fakeElectronIpc';

const fake = vi.hoisted(() => ({ window: undefined as unknown as FakeWindow }));
vi.mock('electron', () => ({
  get contextBridge() {
    return fake.window.contextBridge;
  },
  get ipcRenderer() {
    return fake.window.ipcRenderer;
  },
}));

describe('preload', () => {
  it('exposes the tRPC bridge, with send and onMessage only, beside the feed view bridge (feedBridge.test.ts)', async () => {
    const electron = createFakeElectronIpc();
    fake.window = electron.createWindow();
    await import('../../src-preload/index');
    expect(Object.keys(fake.window.mainWorld)).toEqual([IPC_BRIDGE_GLOBAL, FEED_VIEW_BRIDGE_GLOBAL]);
    const bridge = fake.window.mainWorld[IPC_BRIDGE_GLOBAL] as IpcBridge;
    expect(Object.keys(bridge).sort()).toEqual(['onMessage', 'send']);

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
});
