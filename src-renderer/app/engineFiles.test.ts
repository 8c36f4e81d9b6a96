/**
 * The one module that knows the desktop app from web mode when a file or captured media must reach the engine. Desktop:
 * the real preload bridge, renderer link and engine over the in-memory stand-in for Electron's IPC (the binary can't
 * run here); web mode: the request it makes to the upload route.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTRPCClient } from '@trpc/client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createElectronIpcTransport } from '../../src-main/ipc/electronTransport';
import type { ElectronIpcTransport } from '../../src-main/ipc/electronTransport';
import { mediaUrlFor } from '../../src-main/ipc/mediaUrl';
import { IPC_BRIDGE_GLOBAL } from '../../src-main/ipc/protocol';
import { createFakeElectronIpc } from '../../src-main/ipc/testing/fakeElectronIpc';
import { createEngine } from '../../src-main/engine/index';
import type { AppRouter, Engine } from '../../src-main/engine/index';
import { createNodeHost } from '../../src-main/engine/system/nodeHost';
import { createFilesBridge, createIpcBridge } from '../../src-preload/bridge';
import { soundFileForImport, stageCameoMedia } from './engineFiles';
import { ipcLink } from './ipcLink';
import type { EngineClient } from './trpc';

let dataDir: string;
let engine: Engine;
let transport: ElectronIpcTransport;
const electron = createFakeElectronIpc();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'scenecast-engine-files-'));
  engine = await createEngine(createNodeHost({ dataDir, mediaUrl: mediaUrlFor }));
  transport = createElectronIpcTransport({ ipcMain: electron.ipcMain, router: engine.router, createContext: ({ clientId }) => engine.createContext({ clientId, transport: 'ipc' }) });
});
afterAll(async () => {
  transport.dispose();
  await engine.dispose();
  await rm(dataDir, { recursive: true, force: true });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** A desktop window as the preload sets it up, with webUtils answering as Electron documents it. */
function desktopWindow(pathOnDisk: (file: File) => string) {
  const window = electron.createWindow();
  transport.attachWindow(window.webContents);
  const bridge = { ...createIpcBridge(window.ipcRenderer), ...createFilesBridge({ getPathForFile: pathOnDisk }) };
  vi.stubGlobal(IPC_BRIDGE_GLOBAL, bridge);
  return createTRPCClient<AppRouter>({ links: [ipcLink<AppRouter>({ bridge })] });
}

/** Web mode: no bridge; the upload route answers as src-main/web/uploadRoute.ts does. */
function webMode() {
  vi.stubGlobal('sessionStorage', { getItem: () => 'launch-token' });
  const fetch = vi.fn(async (url: string, _init: RequestInit) => Response.json({ path: `/tmp/uploads/${url.length}.bin`, name: 'f00d.webm' }));
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('in the desktop app', () => {
  it('a chosen sound file is imported from where it is on disk, with nothing uploaded', async () => {
    desktopWindow(() => '/home/ada/Music/rain.wav');
    const fetch = webMode();
    expect(await soundFileForImport(new File(['RIFF'], 'rain.wav'))).toBe('/home/ada/Music/rain.wav');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a file with no place on disk is refused in words', async () => {
    desktopWindow(() => '');
    await expect(soundFileForImport(new File(['RIFF'], 'made-here.wav'))).rejects.toThrow('made-here.wav is not a file on this computer');
  });

  it("a cameo recording's bytes go over IPC into the incoming folder, by the recorder's content type", async () => {
    const client = desktopWindow(() => '');
    const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3, 4]);
    const name = await stageCameoMedia(client, new Blob([bytes], { type: 'video/webm;codecs=vp8,opus' }), 'recording.webm');
    expect(name).toMatch(/^[0-9a-f-]{36}\.webm$/);
    expect(new Uint8Array(await readFile(path.join(engine.cameos.incomingDir, name)))).toEqual(bytes);
  });

  it('media of another type, an image included (the engine takes reference images from the recording), is refused before anything is sent', async () => {
    const mutate = vi.fn();
    desktopWindow(() => '');
    const client = { cameos: { stageMedia: { mutate } } } as unknown as EngineClient;
    await expect(stageCameoMedia(client, new Blob(['<html>'], { type: 'text/html' }), 'recording.webm')).rejects.toThrow('a recording is a WebM, MP4, MOV or MKV video');
    await expect(stageCameoMedia(client, new Blob([new Uint8Array(16)], { type: 'image/png' }), 'reference.png')).rejects.toThrow('reference.png: a recording is a WebM, MP4, MOV or MKV video');
    expect(mutate).not.toHaveBeenCalled();
  });
});

describe('in web mode', () => {
  it('a sound file and cameo media go to the upload routes with the launch token', async () => {
    const fetch = webMode();
    const client = { cameos: { stageMedia: { mutate: vi.fn() } } } as unknown as EngineClient;
    await soundFileForImport(new File(['RIFF'], 'rain.wav'));
    expect(await stageCameoMedia(client, new Blob(['x'], { type: 'video/webm' }), 'recording.webm')).toBe('f00d.webm');
    expect(fetch.mock.calls.map(([url]) => url)).toEqual(['/upload?name=rain.wav', '/upload/cameo?name=recording.webm']);
    expect(fetch.mock.calls.every(([, init]) => (init.headers as Record<string, string>)['X-Scenecast-Token'] === 'launch-token')).toBe(true);
    expect(client.cameos.stageMedia.mutate).not.toHaveBeenCalled();
  });
});
