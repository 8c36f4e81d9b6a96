import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import { HttpError, badRequest, notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import { makeAvatar } from '../media/avatar.js';
import { MEDIA_KEY_PATTERN } from '../storage/media-store.js';
import { z } from 'zod';
import { SESSION_COOKIE, requireViewer, setSessionCookie } from '../http/auth.js';
import { parse } from '../http/parse.js';
import type { FeedServices } from '../services.js';
import { ProfileUpdateSchema, SignInSchema, SignUpSchema, type Viewer } from './accounts.js';

/** Browsers get an httpOnly cookie; the studio asks for a bearer token it keeps in its own secure storage. */
const DeliverySchema = z.object({ tokenDelivery: z.enum(['cookie', 'bearer']).default('cookie') });
const HandoffCodeSchema = z.strictObject({ code: z.string({ error: 'not a sign-in code' }).regex(/^[A-Za-z0-9_-]{20,100}$/, 'not a sign-in code') });

export function accountRoutes(app: FastifyInstance, s: FeedServices): void {
  const signInLimit = { max: s.config.rateLimits.signInPerMinute, timeWindow: 60_000 };
  const signUpLimit = { max: s.config.rateLimits.signUpPerHour, timeWindow: 3_600_000 };

  async function startSession(viewer: Viewer, delivery: 'cookie' | 'bearer', reply: import('fastify').FastifyReply) {
    const session = await s.accounts.createSession(viewer.id);
    if (delivery === 'bearer') return { user: viewer, token: session.token, expiresAt: session.expiresAt };
    setSessionCookie(reply, session.token, session.expiresAt, s.config.secureCookies);
    return { user: viewer, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  }

  app.post('/api/accounts', { config: { rateLimit: signUpLimit } }, async (req, reply) => {
    const input = parse(SignUpSchema, req.body);
    const { tokenDelivery } = parse(DeliverySchema, req.body);
    const viewer = await s.accounts.signUp(input);
    reply.code(201);
    return startSession(viewer, tokenDelivery, reply);
  });

  app.post('/api/session', { config: { rateLimit: signInLimit } }, async (req, reply) => {
    const input = parse(SignInSchema, req.body);
    const { tokenDelivery } = parse(DeliverySchema, req.body);
    const viewer = await s.accounts.signIn(input);
    return startSession(viewer, tokenDelivery, reply);
  });

  /**
   * Single sign-in: the studio (bearer session) asks for a one-time code and opens the web UI with it in the URL's
   * fragment (never sent to a server, so never in a log); the page trades it for its cookie session below. Cookie
   * sessions cannot mint codes: a script in a page must not be able to mint a sign-in for elsewhere.
   */
  app.post('/api/session/handoff', { config: { rateLimit: signInLimit } }, async (req, reply) => {
    requireViewer(req);
    if (req.auth?.via !== 'bearer') throw new HttpError(403, 'bearer_only', 'Only the studio\'s own session can hand a sign-in over.');
    reply.header('cache-control', 'no-store');
    return s.accounts.createLoginHandoff(req.auth.session);
  });

  app.post('/api/session/exchange', { config: { rateLimit: signInLimit } }, async (req, reply) => {
    const { code } = parse(HandoffCodeSchema, req.body);
    const { viewer, session } = await s.accounts.redeemLoginHandoff(code);
    // The page's previous session (another account, or a stale one) ends here rather than lingering until it expires.
    if (req.auth?.via === 'cookie') await s.accounts.endSession(req.auth.session.tokenHash);
    setSessionCookie(reply, session.token, session.expiresAt, s.config.secureCookies);
    reply.header('cache-control', 'no-store');
    return { user: viewer, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
  });

  app.get('/api/session', async (req) => {
    if (!req.auth) return { user: null };
    return { user: req.auth.session.viewer, csrfToken: req.auth.via === 'cookie' ? req.auth.session.csrfToken : undefined };
  });

  app.delete('/api/session', async (req, reply) => {
    if (req.auth) await s.accounts.endSession(req.auth.session.tokenHash);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get<{ Params: { handle: string } }>('/api/users/:handle', async (req) => s.accounts.profile(req.params.handle, req.auth?.session.viewer.id));

  app.patch('/api/me/profile', async (req) => {
    const viewer = requireViewer(req);
    await s.accounts.updateProfile(viewer.id, parse(ProfileUpdateSchema, req.body));
    return s.accounts.profile(viewer.handle, viewer.id);
  });

  const AVATAR_LIMIT = 5 * 1024 * 1024;
  /** Avatar upload: multipart with one image in the field "avatar"; stored re-encoded as a 256×256 JPEG. */
  app.put('/api/me/avatar', async (req) => {
    const viewer = requireViewer(req);
    if (!req.isMultipart()) throw badRequest('not_multipart', 'Upload the picture as multipart/form-data (field "avatar").');
    const id = newId();
    const upload = path.join(s.tmpDir, `avatar-upload-${id}`);
    const output = path.join(s.tmpDir, `${id}.jpg`);
    try {
      const part = await req.file({ limits: { fileSize: AVATAR_LIMIT, files: 1 } });
      if (!part || part.fieldname !== 'avatar') throw badRequest('missing_avatar', 'The upload has no picture (field "avatar").');
      try {
        await pipeline(part.file, createWriteStream(upload, { flags: 'wx' }));
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'upload_too_large', 'Pictures are limited to 5 MiB.');
        throw error;
      }
      if (part.file.truncated) throw new HttpError(413, 'upload_too_large', 'Pictures are limited to 5 MiB.');
      if (!(await makeAvatar(upload, output, s.config.ffmpegPath))) {
        throw new HttpError(422, 'not_an_image', 'That file is not a PNG, JPEG or WebP picture.');
      }
      const key = `${id}.jpg`;
      await s.media.putFile(key, output);
      const previous = await s.accounts.setAvatar(viewer.id, key);
      if (previous) await s.media.delete(previous);
      return s.accounts.profile(viewer.handle, viewer.id);
    } finally {
      await fs.rm(upload, { force: true });
      await fs.rm(output, { force: true });
    }
  });

  app.get<{ Params: { key: string } }>('/media/avatars/:key', async (req, reply) => {
    const { key } = req.params;
    if (!MEDIA_KEY_PATTERN.test(key) || !key.endsWith('.jpg') || !(await s.accounts.avatarExists(key))) throw notFound('That picture');
    const stat = await s.media.stat(key);
    if (!stat) throw notFound('That picture');
    reply.header('content-type', 'image/jpeg').header('content-length', stat.size).header('cache-control', 'public, max-age=86400, immutable');
    return reply.send(s.media.read(key));
  });

  app.post<{ Params: { handle: string } }>('/api/users/:handle/follow', async (req) => {
    const viewer = requireViewer(req);
    const targetId = await s.accounts.userIdByHandle(req.params.handle);
    const blocked = await s.db.get('SELECT 1 AS x FROM blocks WHERE blocker_id = ? AND blocked_id = ?', [targetId, viewer.id]);
    if (blocked) return { ok: true }; // do not reveal the block; nothing changes
    await s.accounts.follow(viewer.id, req.params.handle);
    return { ok: true };
  });
  app.delete<{ Params: { handle: string } }>('/api/users/:handle/follow', async (req) => {
    await s.accounts.unfollow(requireViewer(req).id, req.params.handle);
    return { ok: true };
  });

  app.post<{ Params: { handle: string } }>('/api/users/:handle/block', async (req) => {
    await s.social.block(requireViewer(req), await s.accounts.userIdByHandle(req.params.handle));
    return { ok: true };
  });
  app.delete<{ Params: { handle: string } }>('/api/users/:handle/block', async (req) => {
    await s.social.unblock(requireViewer(req), await s.accounts.userIdByHandle(req.params.handle));
    return { ok: true };
  });
}
