import fs from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { Accounts } from './accounts/accounts.js';
import { accountRoutes } from './accounts/routes.js';
import { Cameos } from './cameos/cameos.js';
import { cameoRoutes } from './cameos/routes.js';
import type { FeedConfig } from './config.js';
import { openDatabase } from './db/open.js';
import { Feed } from './feed/feed.js';
import { feedRoutes } from './feed/routes.js';
import { Guardians } from './guardians/guardians.js';
import { startHousekeeping } from './housekeeping.js';
import { guardianRoutes } from './guardians/routes.js';
import { authHooks } from './http/auth.js';
import { HttpError } from './http/errors.js';
import { databaseRateLimitStore } from './http/rate-limit-store.js';
import { Notifications } from './notifications/notifications.js';
import { Posts } from './posts/posts.js';
import { postRoutes } from './posts/routes.js';
import type { FeedServices } from './services.js';
import { socialRoutes } from './social/routes.js';
import { Social } from './social/social.js';
import { assertMediaTools } from './media/video-check.js';
import { LocalDiskMediaStore } from './storage/media-store.js';
import { webRoutes } from './web/routes.js';

/** Log fields that may carry secrets; pino replaces them before anything is written. */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'csrfToken',
  '*.csrfToken',
];

export interface BuildOptions {
  /** Where logs go (default stdout); tests pass a stream to check what gets logged. */
  logStream?: Writable;
}

/** The composition root: builds every service once and hands them to the routes. */
export async function buildFeedApp(config: FeedConfig, options: BuildOptions = {}): Promise<{ app: FastifyInstance; services: FeedServices }> {
  await assertMediaTools(config);
  const tmpDir = path.join(config.dataDir, 'tmp');
  await fs.mkdir(tmpDir, { recursive: true });
  const db = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  const media = await LocalDiskMediaStore.open(path.join(config.dataDir, 'media'));
  const accounts = new Accounts(db, config.sessionDays * 86_400_000);
  const cameos = new Cameos(db);
  const guardians = new Guardians(db);
  const services: FeedServices = {
    config,
    db,
    media,
    accounts,
    cameos,
    guardians,
    posts: new Posts(db, media, cameos, { ffprobePath: config.ffprobePath, ffmpegPath: config.ffmpegPath, maxVideoSeconds: config.maxVideoSeconds, tmpDir }),
    social: new Social(db),
    feed: new Feed(db, guardians),
    notifications: new Notifications(db),
    tmpDir,
  };

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: 256 * 1024,
    trustProxy: config.trustProxy,
  });
  app.decorateRequest('auth', null);
  // Requests being handled, so close() can let them finish (even ones whose client already hung up) before the
  // database goes away.
  const handling = new Set<string>();
  let allHandled: (() => void) | undefined;
  const handled = (id: string) => {
    if (handling.delete(id) && handling.size === 0) allHandled?.();
  };
  app.addHook('onRequest', async (req) => {
    handling.add(req.id);
  });
  app.addHook('onSend', async (req) => handled(req.id));
  app.addHook('onResponse', async (req) => handled(req.id));
  await app.register(cookie);
  await app.register(multipart);
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(db) });

  const auth = authHooks(accounts);
  app.addHook('onRequest', auth.onRequest);
  app.addHook('preHandler', auth.preHandler);
  app.addHook('onSend', async (_req, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  });

  app.setErrorHandler((error, req, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send({ error: { code: error.code, message: error.message } });
    }
    if (error instanceof ZodError) {
      return reply.code(400).send({ error: { code: 'invalid_input', message: error.issues.map((i) => i.message).join('; ') } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 429 ? 'rate_limited' : status === 413 ? 'too_large' : 'bad_request';
      const message = status === 429 ? 'Too many attempts; wait a minute and try again.' : (error as Error).message;
      return reply.code(status).send({ error: { code, message } });
    }
    req.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'Something went wrong on the feed server; try again.' } });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ error: { code: 'not_found', message: 'No such page.' } }));

  app.get('/healthz', async () => ({ ok: true, database: db.dialect }));
  accountRoutes(app, services);
  postRoutes(app, services);
  socialRoutes(app, services);
  feedRoutes(app, services);
  cameoRoutes(app, services);
  guardianRoutes(app, services);
  await webRoutes(app, config.frameAncestors, config.webAssetsDir);

  const stopHousekeeping = startHousekeeping(db, tmpDir, (error) => app.log.error({ err: error }, 'housekeeping failed'));
  // Graceful close: requests in flight finish, but a keep-alive connection that goes idle after close() began would
  // otherwise hold the server open for the whole keep-alive timeout (72 s). Close such connections as they go idle,
  // and everything after 10 s.
  let drain: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    const started = Date.now();
    drain = setInterval(() => {
      if (Date.now() - started > 10_000) app.server.closeAllConnections();
      else app.server.closeIdleConnections();
    }, 50);
    drain.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(drain);
    stopHousekeeping();
    if (handling.size > 0) {
      await new Promise<void>((resolve) => {
        allHandled = resolve;
        setTimeout(resolve, 10_000).unref();
      });
    }
    await db.close();
  });
  return { app, services };
}
