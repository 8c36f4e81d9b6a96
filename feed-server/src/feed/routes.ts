import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parse } from '../http/parse.js';
import type { FeedServices } from '../services.js';
import { FeedQuerySchema } from './feed.js';

const AuthorQuerySchema = z.object({ cursor: z.string().max(400).optional(), limit: z.coerce.number().int().min(1).max(50).default(12) });

export function feedRoutes(app: FastifyInstance, s: FeedServices): void {
  app.get('/api/feed', async (req) => s.feed.page(req.auth?.session.viewer, parse(FeedQuerySchema, req.query)));

  app.get<{ Params: { handle: string } }>('/api/users/:handle/posts', async (req) => {
    const query = parse(AuthorQuerySchema, req.query);
    const authorId = await s.accounts.userIdByHandle(req.params.handle);
    return s.feed.authorPage(req.auth?.session.viewer, authorId, query.cursor, query.limit);
  });
}
