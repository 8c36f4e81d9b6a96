import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Accounts, Session, Viewer } from '../accounts/accounts.js';
import { HttpError, unauthorized } from './errors.js';

export const SESSION_COOKIE = 'scenecast_feed_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface RequestAuth {
  session: Session;
  via: 'cookie' | 'bearer';
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: RequestAuth | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves who is asking: `Authorization: Bearer <token>` (the studio) or the session cookie (the web UI).
 * Cookie-authenticated mutations must carry the session's CSRF token in a header, and any browser mutation whose
 * Origin is not this server is refused (that also stops cross-site sign-in forms).
 */
export function authHooks(accounts: Accounts) {
  return {
    async onRequest(req: FastifyRequest): Promise<void> {
      req.auth = null;
      const header = req.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer ([A-Za-z0-9_-]{20,100})$/.exec(header);
        const session = match ? await accounts.resolveSession(match[1]!) : undefined;
        if (!session) throw unauthorized('That access token is not valid any more; sign in again.');
        req.auth = { session, via: 'bearer' };
        return;
      }
      const cookie = req.cookies[SESSION_COOKIE];
      if (cookie && /^[A-Za-z0-9_-]{20,100}$/.test(cookie)) {
        const session = await accounts.resolveSession(cookie);
        if (session) req.auth = { session, via: 'cookie' };
      }
    },

    async preHandler(req: FastifyRequest): Promise<void> {
      if (SAFE_METHODS.has(req.method) || req.auth?.via === 'bearer') return;
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `${req.protocol}://${req.host}`) {
        throw new HttpError(403, 'cross_origin', 'Requests from other sites are not accepted.');
      }
      if (req.auth?.via === 'cookie') {
        const sent = req.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameSecret(sent, req.auth.session.csrfToken)) {
          throw new HttpError(403, 'csrf', 'The request is missing its CSRF token; reload the page.');
        }
      }
    },
  };
}

export function requireViewer(req: FastifyRequest): Viewer {
  if (!req.auth) throw unauthorized();
  return req.auth.session.viewer;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: new Date(expiresAt),
  });
}
