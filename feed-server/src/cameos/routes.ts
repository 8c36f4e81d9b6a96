import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireViewer } from '../http/auth.js';
import { parse } from '../http/parse.js';
import { IdSchema } from '../ids.js';
import type { FeedServices } from '../services.js';
import { HandleSchema } from '../accounts/accounts.js';
import { CameoGrantSchema, RegisterCameoSchema } from './cameos.js';

type CameoParams = { Params: { id: string } };

export function cameoRoutes(app: FastifyInstance, s: FeedServices): void {
  app.post('/api/cameos', async (req, reply) => {
    const viewer = requireViewer(req);
    reply.code(201);
    return s.cameos.register(viewer, parse(RegisterCameoSchema, req.body));
  });
  app.get<CameoParams>('/api/cameos/:id', async (req) => s.cameos.get(requireViewer(req), req.params.id));
  app.get<CameoParams>('/api/cameos/:id/posts', async (req) => s.cameos.posts(requireViewer(req), req.params.id));
  app.post<CameoParams>('/api/cameos/:id/revoke', async (req) => s.cameos.revoke(requireViewer(req), req.params.id));
  /** Consent revoked for one author (`authorHandle`) or for everyone but the owner (absent): their posts leave the feed. */
  app.post<CameoParams>('/api/cameos/:id/delist', async (req) => {
    const viewer = requireViewer(req);
    const { authorHandle } = parse(z.strictObject({ authorHandle: HandleSchema.optional() }), req.body ?? {});
    return s.cameos.delist(viewer, req.params.id, authorHandle ?? null);
  });
  app.put<{ Params: { id: string; handle: string } }>('/api/cameos/:id/grants/:handle', async (req) => {
    const viewer = requireViewer(req);
    const handle = parse(HandleSchema, req.params.handle);
    return s.cameos.setGrant(viewer, req.params.id, handle, parse(CameoGrantSchema, req.body).state);
  });
  app.get<{ Params: { handle: string } }>('/api/cameos/mutual/:handle', async (req) => s.cameos.mutual(requireViewer(req), req.params.handle));
  app.post<CameoParams>('/api/cameos/:id/takedown', async (req) => {
    const viewer = requireViewer(req);
    const { postId } = parse(z.object({ postId: IdSchema }), req.body);
    await s.cameos.takeDown(viewer, req.params.id, postId);
    return { ok: true };
  });
}
