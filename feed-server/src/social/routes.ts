import type { FastifyInstance } from 'fastify';
import { requireViewer } from '../http/auth.js';
import { parse } from '../http/parse.js';
import type { FeedServices } from '../services.js';
import { CommentBodySchema, ReportSchema, ViewSchema } from './social.js';

type PostParams = { Params: { id: string } };

export function socialRoutes(app: FastifyInstance, s: FeedServices): void {
  app.post<PostParams>('/api/posts/:id/like', async (req) => s.social.like(requireViewer(req), req.params.id));
  app.delete<PostParams>('/api/posts/:id/like', async (req) => s.social.unlike(requireViewer(req), req.params.id));

  app.get<PostParams>('/api/posts/:id/comments', async (req) => ({
    comments: await s.social.comments(req.params.id, req.auth?.session.viewer.id),
  }));
  app.post<PostParams>('/api/posts/:id/comments', async (req, reply) => {
    const viewer = requireViewer(req);
    const { body } = parse(CommentBodySchema, req.body);
    reply.code(201);
    return s.social.comment(viewer, req.params.id, body);
  });
  app.patch<PostParams>('/api/comments/:id', async (req) => {
    const viewer = requireViewer(req);
    await s.social.editComment(viewer, req.params.id, parse(CommentBodySchema, req.body).body);
    return { ok: true };
  });
  app.delete<PostParams>('/api/comments/:id', async (req) => {
    await s.social.deleteComment(requireViewer(req), req.params.id);
    return { ok: true };
  });

  app.post<PostParams>('/api/posts/:id/remix', async (req) => s.social.remix(requireViewer(req), req.params.id));
  app.post<PostParams>('/api/posts/:id/report', async (req, reply) => {
    const viewer = requireViewer(req);
    reply.code(201);
    return s.social.report(viewer, req.params.id, parse(ReportSchema, req.body));
  });
  app.post<PostParams>('/api/posts/:id/see-less', async (req) => {
    await s.social.seeLess(requireViewer(req), req.params.id);
    return { ok: true };
  });
  app.post<PostParams>('/api/posts/:id/view', async (req) => {
    await s.social.recordView(requireViewer(req), req.params.id, parse(ViewSchema, req.body).completion);
    return { ok: true };
  });
}
