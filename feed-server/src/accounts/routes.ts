import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SESSION_COOKIE, requireViewer, setSessionCookie } from '../http/auth.js';
import { parse } from '../http/parse.js';
import type { FeedServices } from '../services.js';
import { ProfileUpdateSchema, SignInSchema, SignUpSchema, type Viewer } from './accounts.js';

/** Browsers get an httpOnly cookie; the studio asks for a bearer token it keeps in its own secure storage. */
const DeliverySchema = z.object({ tokenDelivery: z.enum(['cookie', 'bearer']).default('cookie') });

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
