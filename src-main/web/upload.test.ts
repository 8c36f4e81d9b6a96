/** Web mode's upload route: only this launch's page may send a file, only sound files, and no request names a path. */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { encodeWavFloat32 } from '../engine/audio/wav.js';
import { createEngine, type AppRouter } from '../engine/index.js';
import { createNodeHost } from '../engine/system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../engine/testing/fixturePack.js';
import { startWebServer } from './server.js';

const TOKEN = 'upload-token-0123456789abcdef';
let server: Awaited<ReturnType<typeof startWebServer>>;
let uploadDir: string;
let root: string;

beforeAll(async () => {
  root = await makeTempDir('web-upload');
  const staticDir = path.join(root, 'static');
  uploadDir = path.join(root, 'uploads');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Scenecast</title>');
  server = await startWebServer(
    async (url) => {
      const host = createNodeHost({ dataDir: path.join(root, 'data'), mediaUrl: url });
      host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
      return createEngine(host);
    },
    { staticDir, token: TOKEN, uploadDir },
  );
});

afterAll(async () => {
  await server?.close();
  await removeTempDirs();
});

const wavBytes = () => {
  const tone = new Float32Array(24_000).map((_, i) => 0.3 * Math.sin(i / 9));
  return encodeWavFloat32([tone], 48_000);
};

function upload(name: string, body: Uint8Array, headers: Record<string, string> = { 'X-Scenecast-Token': TOKEN, Origin: server.origin }) {
  return fetch(`${server.origin}/upload?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: new Uint8Array(body) });
}

describe('POST /upload', () => {
  it('refuses requests without the token or from another origin, and methods other than POST', async () => {
    expect((await upload('a.wav', wavBytes(), { Origin: server.origin })).status).toBe(401);
    expect((await upload('a.wav', wavBytes(), { 'X-Scenecast-Token': 'wrong', Origin: server.origin })).status).toBe(401);
    expect((await upload('a.wav', wavBytes(), { 'X-Scenecast-Token': TOKEN, Origin: 'http://evil.example' })).status).toBe(401);
    expect((await fetch(`${server.origin}/upload?name=a.wav`)).status).toBe(405);
    expect(await readdir(uploadDir).catch(() => [])).toEqual([]);
  });

  it('refuses what is not a sound file by name, and empty files', async () => {
    const res = await upload('../../etc/passwd', new Uint8Array([1, 2, 3]));
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toMatch(/not a sound file/);
    expect((await upload('x.exe', wavBytes())).status).toBe(415);
    expect((await upload('empty.wav', new Uint8Array())).status).toBe(400);
    expect(await readdir(uploadDir).catch(() => [])).toEqual([]);
  });

  it('stores the bytes under a fresh name, whatever the file was called, and audio.import takes it into a project', async () => {
    const bytes = wavBytes();
    const res = await upload('../../My Knocks.wav', bytes);
    expect(res.status).toBe(200);
    const { path: stored } = (await res.json()) as { path: string };
    expect(path.dirname(stored)).toBe(uploadDir);
    expect(path.basename(stored)).toMatch(/^[0-9a-f-]{36}\.wav$/);
    expect(Buffer.compare(await readFile(stored), Buffer.from(bytes))).toBe(0);

    const caller = server.engine.router.createCaller({ clientId: 't' });
    const project = await caller.projects.create({ name: 'Upload test' });
    const asset = await caller.audio.import({ dir: project.dir, path: stored, name: 'My Knocks.wav' });
    expect(asset).toMatchObject({ name: 'My Knocks.wav', durationSeconds: 0.5, channels: 1, sampleRate: 48_000 });
    expect(Buffer.compare(await readFile(path.join(project.dir, asset.path)), Buffer.from(bytes))).toBe(0);
  });
});

describe('POST /upload/cameo', () => {
  const cameoUpload = (name: string, body: Uint8Array, headers: Record<string, string> = { 'X-Scenecast-Token': TOKEN, Origin: server.origin }) =>
    fetch(`${server.origin}/upload/cameo?name=${encodeURIComponent(name)}`, { method: 'POST', headers, body: new Uint8Array(body) });

  it('takes a recording into the cameo incoming folder under a fresh bare name, and nothing else (no images: the engine takes references from the recording)', async () => {
    const incoming = server.engine.cameos.incomingDir;
    expect((await cameoUpload('me.webm', new Uint8Array([1, 2, 3]), { Origin: server.origin })).status).toBe(401);
    const sound = await cameoUpload('voice.wav', wavBytes());
    expect(sound.status).toBe(415);
    expect(((await sound.json()) as { error: string }).error).toMatch(/not a recording this accepts/);
    expect((await cameoUpload('face.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))).status).toBe(415);
    expect(await readdir(incoming).catch(() => [])).toEqual([]);

    const res = await cameoUpload('../../me.webm', new Uint8Array([26, 69, 223, 163]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { path: string; name: string };
    expect(body.name).toMatch(/^[0-9a-f-]{36}\.webm$/);
    expect(body.path).toBe(path.join(incoming, body.name));
    expect(await readdir(incoming)).toEqual([body.name]);
  });
});

describe("the desktop app's cameos.stageMedia over web mode's WebSocket", () => {
  it('is refused: web mode keeps its upload route, and a frame over 1 MiB closes the socket', async () => {
    const incoming = server.engine.cameos.incomingDir;
    const before = await readdir(incoming).catch(() => []);
    const url = `${server.origin.replace('http', 'ws')}/trpc?token=${TOKEN}`;
    class SameOriginWebSocket extends WebSocket {
      constructor(address: string | URL) {
        super(address, { origin: server.origin });
      }
    }
    const wsClient = createWSClient({ url, WebSocket: SameOriginWebSocket as never });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    try {
      const refused = await client.cameos.stageMedia.mutate({ type: 'video/webm', bytes: new Uint8Array([26, 69, 223, 163]) }).catch((e: unknown) => e);
      expect((refused as { data?: { code?: string } }).data?.code).toBe('FORBIDDEN');
      expect((refused as Error).message).toMatch(/\/upload\/cameo/);
    } finally {
      wsClient.close();
    }

    const raw = new SameOriginWebSocket(url);
    await new Promise((resolve) => raw.once('open', resolve));
    const closed = new Promise<number>((resolve) => raw.once('close', (code) => resolve(code)));
    raw.on('error', () => undefined);
    const body = JSON.stringify({ id: 1, method: 'mutation', params: { path: 'cameos.stageMedia', input: { type: 'video/webm', bytes: 'A'.repeat(2 * 1024 * 1024) } } });
    raw.send(body);
    expect(await closed).toBe(1009); // "message too big"
    expect(await readdir(incoming).catch(() => [])).toEqual(before);
  });
});
