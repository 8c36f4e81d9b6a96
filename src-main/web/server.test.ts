/**
 * Web mode as a browser and an attacker see it: the engine socket needs this launch's token and the server's own
 * Origin, the server listens on 127.0.0.1 only, static files stay inside their folder, media only by capability URL.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createEngine, type AppRouter } from '../engine/index.js';
import { createNodeHost } from '../engine/system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../engine/testing/fixturePack.js';
import { startWebServer, type WebServer } from './server.js';

const TOKEN = 'test-token-0123456789abcdef';
const SECRET = 'secret beside the static folder';

let server: WebServer & Awaited<ReturnType<typeof startWebServer>>;
let mediaUrl: (p: string) => string;
let root: string;

beforeAll(async () => {
  root = await makeTempDir('web');
  const staticDir = path.join(root, 'static');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>Scenecast</title>');
  await writeFile(path.join(root, 'secret.txt'), SECRET);
  server = await startWebServer(
    async (url) => {
      mediaUrl = url;
      const host = createNodeHost({ dataDir: path.join(root, 'data'), mediaUrl: url });
      host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
      return createEngine(host);
    },
    { staticDir, token: TOKEN },
  );
});

afterAll(async () => {
  await server?.close();
  await removeTempDirs();
});

/** Opens a raw WebSocket and reports how the upgrade went. */
function upgrade(query: string, origin?: string): Promise<{ opened: true } | { opened: false; status: number | undefined }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/trpc${query}`, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve({ opened: true });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ opened: false, status: res.statusCode });
      res.resume();
    });
    ws.on('error', () => resolve({ opened: false, status: undefined }));
  });
}

/** A raw HTTP GET that sends the path exactly as written (fetch would normalise `..`). */
function get(rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const { hostname, port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the engine socket', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
    expect(server.url).toBe(`${server.origin}/#token=${TOKEN}`);
  });

  it('refuses a client without the token', async () => {
    expect(await upgrade('')).toEqual({ opened: false, status: 401 });
    expect(await upgrade('?token=', server.origin)).toEqual({ opened: false, status: 401 });
  });

  it('refuses a wrong token', async () => {
    expect(await upgrade(`?token=${TOKEN.slice(0, -1)}x`, server.origin)).toEqual({ opened: false, status: 401 });
    expect(await upgrade(`?token=${TOKEN}extra`, server.origin)).toEqual({ opened: false, status: 401 });
  });

  it('refuses a foreign Origin even with the right token', async () => {
    expect(await upgrade(`?token=${TOKEN}`, 'http://evil.example')).toEqual({ opened: false, status: 403 });
    expect(await upgrade(`?token=${TOKEN}`, `http://127.0.0.1:${Number(new URL(server.origin).port) + 1}`)).toEqual({ opened: false, status: 403 });
  });

  it('serves tRPC to the right token from the same Origin', async () => {
    expect(await upgrade(`?token=${TOKEN}`, server.origin)).toEqual({ opened: true });

    class SameOriginWebSocket extends WebSocket {
      constructor(url: string | URL) {
        super(url, { origin: server.origin });
      }
    }
    const wsClient = createWSClient({ url: `${server.origin.replace('http', 'ws')}/trpc?token=${TOKEN}`, WebSocket: SameOriginWebSocket as never });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
    try {
      const info = await client.system.info.query();
      expect(info.app.name).toBe('Scenecast');
      expect(info.ffmpeg.ok).toBe(true);

      // A bad request over the socket is a BAD_REQUEST for that call, and the connection stays usable.
      const refused = await client.generation.enqueue.mutate({ prompt: '' }).catch((e: unknown) => e);
      expect((refused as { data?: { code?: string } }).data?.code).toBe('BAD_REQUEST');
      expect((refused as { data?: { stack?: string } }).data?.stack).toBeUndefined();

      // A job enqueued over the socket produces media reachable by its URL.
      const job = await client.generation.enqueue.mutate({ prompt: 'a red ball bouncing', seconds: 1, seed: 7, steps: 2 });
      const done = await server.engine.queue.wait(job.id);
      expect(done.status).toBe('complete');
      if (done.status !== 'complete') return;
      expect(done.output.url).toMatch(/^\/media\/[A-Za-z0-9_-]{32}\//);
      const whole = await get(done.output.url);
      expect(whole.status).toBe(200);
      expect(whole.headers['content-type']).toBe('video/mp4');
      expect(whole.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
    } finally {
      wsClient.close();
    }
  });
});

describe('HTTP', () => {
  it('serves the studio page with a Content-Security-Policy', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body.toString()).toContain('<title>Scenecast</title>');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${server.origin.replace('http', 'ws')}`);
    expect(csp).not.toContain('unsafe-eval');
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/static/..%2f..%2fsecret.txt', '/..%5csecret.txt'])(
    'does not serve %s from outside the static folder',
    async (p) => {
      const res = await get(p);
      expect([400, 403, 404]).toContain(res.status);
      expect(res.body.toString()).not.toContain(SECRET);
    },
  );

  it('refuses methods other than GET and HEAD', async () => {
    const { hostname, port } = new URL(server.origin);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ hostname, port, path: '/', method: 'POST' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('answers 404 for a media id it never issued', async () => {
    const res = await get(`/media/${'A'.repeat(32)}/x.mp4`);
    expect(res.status).toBe(404);
    expect((await get('/media/not-an-id/x.mp4')).status).toBe(404);
  });

  it('serves a media URL with byte ranges', async () => {
    const clip = path.join(root, 'data', 'clip.bin');
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    await writeFile(clip, bytes);
    const url = mediaUrl(clip);

    const head = await get(url, { Range: 'bytes=0-99' });
    expect(head.status).toBe(206);
    expect(head.headers['content-range']).toBe('bytes 0-99/1000');
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.body.equals(bytes.subarray(0, 100))).toBe(true);

    const tail = await get(url, { Range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(bytes.subarray(990))).toBe(true);

    expect((await get(url, { Range: 'bytes=5000-' })).status).toBe(416);
    const whole = await get(url);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(1000);
  });
});
