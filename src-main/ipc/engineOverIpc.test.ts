/**
 * The real engine router behind the desktop transport, as the shell wires it (createEngine → createElectronIpcTransport
 * → preload bridge → ipcLink), with fakeElectronIpc standing in for Electron's IPC (the binary can't run here).
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient, TRPCClientError } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ipcLink } from '../../src-renderer/app/ipcLink';
import { createIpcBridge } from '../../src-preload/bridge';
import type { Settings } from '../../src-shared/settings';
import { createEngine } from '../engine/index';
import type { AppRouter, Engine } from '../engine/index';
import { createNodeHost } from '../engine/system/nodeHost';
import { createElectronIpcTransport } from './electronTransport';
import type { ElectronIpcTransport } from './electronTransport';
import { mediaUrlFor } from './mediaUrl';
import { createFakeElectronIpc } from './testing/fakeElectronIpc';

let dataDir: string;
let engine: Engine;
let transport: ElectronIpcTransport;
const electron = createFakeElectronIpc();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'scenecast-engine-ipc-'));
  engine = await createEngine(createNodeHost({ dataDir, mediaUrl: mediaUrlFor }));
  transport = createElectronIpcTransport({
    ipcMain: electron.ipcMain,
    router: engine.router,
    createContext: ({ clientId }) => engine.createContext({ clientId, transport: 'ipc' }),
  });
});
afterAll(async () => {
  transport.dispose();
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

function openWindow() {
  const window = electron.createWindow();
  transport.attachWindow(window.webContents);
  const client = createTRPCClient<AppRouter>({ links: [ipcLink<AppRouter>({ bridge: createIpcBridge(window.ipcRenderer) })] });
  return { window, client };
}

describe('the engine over the desktop IPC transport', () => {
  it('answers system.info', async () => {
    const { client } = openWindow();
    const info = await client.system.info.query();
    expect(info.app.name).toBe('Scenecast');
    expect(info.node).toBe(process.versions.node);
  });

  it('refuses an invalid settings patch with BAD_REQUEST', async () => {
    const { client } = openWindow();
    const error = await client.settings.update.mutate({ cpuThreads: -3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    expect((error as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
  });

  it('streams settings changes to a window until it closes', async () => {
    const { client, window } = openWindow();
    const seen: Settings[] = [];
    client.settings.watch.subscribe(undefined, { onData: (s) => seen.push(s) });
    await vi.waitFor(() => expect(transport.activeSubscriptionCount(window.webContents.id)).toBe(1));
    await client.settings.update.mutate({ cpuThreads: 3 });
    await vi.waitFor(() => expect(seen.at(-1)?.cpuThreads).toBe(3));
    window.destroy();
    await vi.waitFor(() => expect(transport.activeSubscriptionCount()).toBe(0));
  });

  it("takes a cameo recording's bytes (a Uint8Array crosses the IPC clone) into the incoming folder", async () => {
    const { client } = openWindow();
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 31) & 0xff);
    const { name } = await client.cameos.stageMedia.mutate({ type: 'video/webm', bytes });
    const file = path.join(engine.cameos.incomingDir, name);
    expect(new Uint8Array(await readFile(file))).toEqual(bytes);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const refused = await client.cameos.stageMedia.mutate({ type: 'application/x-sh' as 'video/webm', bytes }).catch((e: unknown) => e);
    expect((refused as TRPCClientError<AppRouter>).data?.code).toBe('BAD_REQUEST');
  });
});
