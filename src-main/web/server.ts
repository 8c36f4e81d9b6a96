import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/index.js';
import { MediaRoutes } from './mediaRoutes.js';
import { CAMEO_UPLOAD_EXTENSIONS, handleUpload, MAX_CAMEO_UPLOAD_BYTES } from './uploadRoute.js';

export interface WebServerOptions {
  /** Built renderer (index.html + assets). */
  staticDir: string;
  port?: number;
  /** Fixed token (tests); a random one per launch otherwise. */
  token?: string;
  /** Where uploaded sound files wait for `audio.import`; a private temporary folder, removed on close, by default. */
  uploadDir?: string;
}

export interface WebServer {
  /** The address to open, with the token (the page moves it out of the address bar). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

/** The content security policy of the studio page: same-origin scripts only, media from this server, the engine socket. */
export function studioCsp(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    `connect-src 'self' ${ws}`,
    "frame-src 'self' http://127.0.0.1:* http://localhost:*",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * Web mode: serves the studio page, the engine's tRPC router over WebSocket and media by URL — on 127.0.0.1 only.
 * A WebSocket must present this launch's token and come from this server's own origin.
 */
export async function startWebServer(makeEngine: (mediaUrl: (p: string) => string) => Promise<Engine>, options: WebServerOptions): Promise<WebServer & { engine: Engine }> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const media = new MediaRoutes(randomBytes(32).toString('hex'));
  const engine = await makeEngine((p) => media.urlFor(p));
  const ownUploadDir = options.uploadDir ? null : await mkdtemp(path.join(os.tmpdir(), 'scenecast-uploads-'));
  const uploadDir = options.uploadDir ?? ownUploadDir!;
  let origin = '';

  const server: Server = createServer((req, res) => {
    handleHttp(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/upload' || url.pathname === '/upload/cameo') {
      if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end();
      const authorised = (r: IncomingMessage) => sameOrigin(r.headers.origin, origin) && tokenMatches(headerValue(r.headers['x-scenecast-token']), token);
      if (url.pathname === '/upload') return handleUpload(req, res, url, { dir: uploadDir, authorised });
      const cameoUpload = { extensions: CAMEO_UPLOAD_EXTENSIONS, maxBytes: MAX_CAMEO_UPLOAD_BYTES, what: 'a recording' };
      return handleUpload(req, res, url, { dir: engine.cameos.incomingDir, authorised, ...cameoUpload });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    if (await media.handle(req, res, url.pathname)) return;
    await serveStatic(req, res, url.pathname);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const root = path.resolve(options.staticDir);
    let rel: string;
    try {
      rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = path.resolve(root, rel || 'index.html');
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    let info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      // Client-side routes fall back to the app page; missing assets are 404.
      if (path.extname(rel)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
        return;
      }
      file = path.join(root, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The studio page is not built. Run `npm run web` again, which builds it.');
        return;
      }
    }
    const headers: Record<string, string | number> = {
      'Content-Type': staticTypes[path.extname(file)] ?? 'application/octet-stream',
      'Content-Length': info.size,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    };
    if (file.endsWith('.html')) {
      headers['Content-Security-Policy'] = studioCsp(origin);
      headers['Cache-Control'] = 'no-store';
      headers['X-Frame-Options'] = 'DENY';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const handler = applyWSSHandler({
    wss,
    router: engine.router,
    createContext: () => engine.createContext({ clientId: randomUUID(), transport: 'websocket' }),
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
  });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const refuse = (status: number, reason: string) => {
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/trpc') return refuse(404, 'Not Found');
    if (!sameOrigin(req.headers.origin, origin)) return refuse(403, 'Forbidden');
    if (!tokenMatches(url.searchParams.get('token'), token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    engine,
    async close() {
      handler.broadcastReconnectNotification();
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await engine.dispose();
      if (ownUploadDir) await rm(ownUploadDir, { recursive: true, force: true });
    },
  };
}

/** Same origin only; `localhost` and `127.0.0.1` name the same server. Requests with no Origin (non-browsers) must still bring the token. */
function sameOrigin(header: string | undefined, origin: string): boolean {
  if (header === undefined) return true;
  return header === origin || header === origin.replace('127.0.0.1', 'localhost');
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
