import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HandleSchema } from '../accounts/accounts.js';
import { requireViewer } from '../http/auth.js';
import { parse } from '../http/parse.js';
import type { FeedServices } from '../services.js';
import { SettingsUpdateSchema } from './guardians.js';

export function guardianRoutes(app: FastifyInstance, s: FeedServices): void {
  app.get('/api/me/settings', async (req) => s.guardians.settings(requireViewer(req).id));
  app.patch('/api/me/settings', async (req) => s.guardians.updateOwnSettings(requireViewer(req), parse(SettingsUpdateSchema, req.body)));

  app.get('/api/guardian/links', async (req) => ({ links: await s.guardians.links(requireViewer(req).id) }));
  app.post('/api/guardian/links', async (req, reply) => {
    const viewer = requireViewer(req);
    const { teenHandle } = parse(z.object({ teenHandle: HandleSchema }), req.body);
    reply.code(201);
    return s.guardians.requestLink(viewer, await s.accounts.userIdByHandle(teenHandle));
  });
  app.post<{ Params: { id: string } }>('/api/guardian/links/:id/confirm', async (req) => s.guardians.confirmLink(requireViewer(req), req.params.id));
  app.delete<{ Params: { id: string } }>('/api/guardian/links/:id', async (req) => {
    await s.guardians.removeLink(requireViewer(req), req.params.id);
    return { ok: true };
  });
  app.get<{ Params: { handle: string } }>('/api/guardian/teens/:handle/settings', async (req) => {
    const viewer = requireViewer(req);
    return s.guardians.teenSettings(viewer, await s.accounts.userIdByHandle(req.params.handle));
  });
  app.patch<{ Params: { handle: string } }>('/api/guardian/teens/:handle/settings', async (req) => {
    const viewer = requireViewer(req);
    const teenId = await s.accounts.userIdByHandle(req.params.handle);
    return s.guardians.updateTeenSettings(viewer, teenId, parse(SettingsUpdateSchema, req.body));
  });

  app.get('/api/notifications', async (req) => ({ notifications: await s.notifications.list(requireViewer(req).id) }));
  app.post('/api/notifications/read', async (req) => {
    await s.notifications.markAllRead(requireViewer(req).id);
    return { ok: true };
  });
}
