/**
 * Media reaching the cameo incoming folder as bytes (the desktop app's `cameos.stageMedia`): a fresh random name with
 * the extension of an allowed content type, 0600, never over an existing file, capped; only over IPC; and what it
 * stores is what `cameos.create` reads back.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { cameoMediaTypeOf } from '../../../src-shared/cameo/incomingMedia.js';
import { createEngine, type Engine } from '../index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { trpcError } from '../testing/trpcError.js';
import { readIncomingRecording, writeIncoming } from './incoming.js';

// The real randomUUID, made steerable so a test can make the next name collide with a file planted in the folder.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, randomUUID: vi.fn(actual.randomUUID) };
});

const png = () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const webm = () => new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 9, 8, 7, 6]);

let engine: Engine;
beforeAll(async () => {
  engine = await createEngine(createNodeHost({ dataDir: path.join(await makeTempDir('cameo-incoming'), 'data') }));
});
afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

describe('writeIncoming', () => {
  it('stores the bytes under a fresh random name with the type\'s extension, readable only by the owner', async () => {
    const dir = path.join(await makeTempDir('incoming'), 'incoming');
    const first = await writeIncoming(dir, webm(), 'video/webm');
    const second = await writeIncoming(dir, webm(), 'video/webm');
    expect(first).toMatch(/^[0-9a-f-]{36}\.webm$/);
    expect(second).not.toBe(first);
    expect((await stat(path.join(dir, first))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(new Uint8Array(await readFile(path.join(dir, first)))).toEqual(webm());
    expect(await writeIncoming(dir, webm(), 'video/x-matroska')).toMatch(/\.mkv$/);
    // What it stored is what cameos.create reads back.
    expect((await readIncomingRecording(dir, first)).data).toEqual(Buffer.from(webm()));
  });

  it('refuses empty files, leaving nothing behind', async () => {
    const dir = path.join(await makeTempDir('incoming'), 'incoming');
    await expect(writeIncoming(dir, new Uint8Array(), 'video/webm')).rejects.toThrow('the file is empty');
    expect(await readdir(dir).catch(() => [])).toEqual([]);
  });

  it('never writes through a file or a symlink that is already there', async () => {
    const dir = path.join(await makeTempDir('incoming'), 'incoming');
    await writeIncoming(dir, webm(), 'video/webm');
    const victim = path.join(dir, '..', 'victim.txt');
    await writeFile(victim, 'keep me');
    const planted = '00000000-0000-4000-8000-000000000000';
    await symlink(victim, path.join(dir, `${planted}.webm`));
    vi.mocked(randomUUID).mockReturnValueOnce(planted);
    await expect(writeIncoming(dir, webm(), 'video/webm')).rejects.toThrow(/EEXIST/);
    expect(await readFile(victim, 'utf8')).toBe('keep me');
  });
});

describe('cameoMediaTypeOf', () => {
  it('takes the blob\'s type without its parameters, else the name\'s extension, and nothing outside the list', () => {
    expect(cameoMediaTypeOf('video/webm;codecs=vp8,opus', 'recording.webm')).toBe('video/webm');
    expect(cameoMediaTypeOf('', 'clip.MKV')).toBe('video/x-matroska');
    expect(cameoMediaTypeOf('application/octet-stream', 'clip.mov')).toBe('video/quicktime');
    expect(cameoMediaTypeOf('image/png', 'reference.png')).toBeNull();
    expect(cameoMediaTypeOf('', 'reference.jpg')).toBeNull();
    expect(cameoMediaTypeOf('text/html', 'recording.webm')).toBeNull();
    expect(cameoMediaTypeOf('', 'payload.exe')).toBeNull();
    expect(cameoMediaTypeOf('', 'noextension')).toBeNull();
  });
});

describe('cameos.stageMedia', () => {
  it('stores media sent over IPC in the incoming folder and answers its bare name', async () => {
    const caller = engine.router.createCaller(engine.createContext({ clientId: 'window-1', transport: 'ipc' }));
    const { name } = await caller.cameos.stageMedia({ type: 'video/webm', bytes: webm() });
    expect(name).toMatch(/^[0-9a-f-]{36}\.webm$/);
    const file = path.join(engine.cameos.incomingDir, name);
    expect(new Uint8Array(await readFile(file))).toEqual(webm());
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('answers only over IPC: the WebSocket and callers that do not say how they came are refused before the input is read', async () => {
    for (const transport of ['websocket', undefined] as const) {
      const caller = engine.router.createCaller(engine.createContext({ clientId: 'c', ...(transport ? { transport } : {}) }));
      expect(await trpcError(caller.cameos.stageMedia({ type: 'video/webm', bytes: webm() }))).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('/upload/cameo') });
      // Even a malformed input gets the same answer (no zod work for a transport that may not call).
      expect(await trpcError(caller.cameos.stageMedia({ type: 'text/html', bytes: 'x' } as never))).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('refuses types outside the list (images included), non-byte payloads and empty files', async () => {
    const caller = engine.router.createCaller(engine.createContext({ clientId: 'window-1', transport: 'ipc' }));
    const before = await readdir(engine.cameos.incomingDir).catch(() => []);
    const refusals = [
      { type: 'text/html', bytes: webm() },
      { type: 'video/webm', bytes: [1, 2, 3] },
      { type: 'video/webm', bytes: '/etc/passwd' },
      { type: 'video/webm', bytes: new Uint8Array() },
      { type: 'image/png', bytes: png() },
      { type: 'video/webm', bytes: webm(), name: '../../escape.webm' },
    ];
    for (const input of refusals) {
      expect(await trpcError(caller.cameos.stageMedia(input as never)), JSON.stringify(input.type)).toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await readdir(engine.cameos.incomingDir).catch(() => [])).toEqual(before);
  });
});
