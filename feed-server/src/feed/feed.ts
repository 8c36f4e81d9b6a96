import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.js';
import type { Database } from '../db/database.js';
import type { Guardians } from '../guardians/guardians.js';
import { badRequest } from '../http/errors.js';
import { POST_SELECT, toPostViews, type PostRow, type PostView } from '../posts/post-view.js';
import { NO_SIGNALS, TermCache, parseSteering, rankFeed, terms, type RankCandidate, type ViewerSignals } from './ranking.js';

export const FeedQuerySchema = z.object({
  mode: z.enum(['ranked', 'chronological']).default('ranked'),
  steer: z.string().max(300).default(''),
  cursor: z.string().max(400).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type FeedQuery = z.infer<typeof FeedQuerySchema>;

export interface FeedPage {
  mode: 'ranked' | 'chronological';
  posts: PostView[];
  nextCursor: string | null;
  /** Set when a daily view limit applies to the viewer. */
  dailyLimit: { limit: number; remaining: number; reached: boolean } | null;
}

const CursorSchema = z.discriminatedUnion('m', [
  z.object({ m: z.literal('r'), t: z.number().int(), o: z.number().int().min(0).max(10_000) }),
  z.object({ m: z.literal('c'), t: z.number().int(), i: z.string().regex(/^[A-Za-z0-9_-]{16}$/) }),
]);
type Cursor = z.infer<typeof CursorSchema>;

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(text: string): Cursor {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw badRequest('bad_cursor', 'That page cursor is not valid; start again from the top of the feed.');
  }
}

/** How many recent posts the ranked feed considers per page (plus recent posts from followed authors). */
const RANK_WINDOW = 400;
const FOLLOWED_WINDOW = 200;
/** Followed authors considered for the followed window (most recently followed first). */
const MAX_FOLLOWED_AUTHORS = 500;
const VISIBLE = "p.status = 'live' AND p.visibility = 'public'";
const NOT_BLOCKED = 'p.author_id NOT IN (SELECT blocked_id FROM blocks WHERE blocker_id = ?)';

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export class Feed {
  /** Post terms are recomputed only when a post's text changes; bounded so memory stays flat. */
  private readonly termCache = new TermCache(50_000);

  constructor(
    private readonly db: Database,
    private readonly guardians: Guardians,
    private readonly now: () => number = Date.now,
  ) {}

  async page(viewer: Viewer | undefined, query: FeedQuery): Promise<FeedPage> {
    const settings = viewer ? await this.guardians.settings(viewer.id) : undefined;
    // A viewer whose settings turn personalisation off (teens by default) always gets the chronological feed.
    const mode = settings && !settings.personalized ? 'chronological' : query.mode;
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    if (cursor && (cursor.m === 'r') !== (mode === 'ranked')) throw badRequest('bad_cursor', 'That cursor belongs to the other feed mode.');

    return this.withDailyLimit(viewer, settings?.dailyViewLimit ?? null, mode, query.limit, async (limit) => {
      if (mode === 'chronological') {
        const rows = await this.chronological(viewer?.id, cursor?.m === 'c' ? cursor : undefined, limit);
        const last = rows.at(-1);
        return { mode, rows, nextCursor: rows.length === limit && last ? encodeCursor({ m: 'c', t: last.created_at, i: last.id }) : null };
      }
      const asOf = cursor?.m === 'r' ? cursor.t : this.now();
      const offset = cursor?.m === 'r' ? cursor.o : 0;
      const { ranked, total } = await this.ranked(viewer?.id, asOf, query.steer, offset + limit);
      const rows = await this.rowsInOrder(ranked.slice(offset, offset + limit).map((c) => c.id));
      const more = offset + limit < total;
      return { mode, rows, nextCursor: more ? encodeCursor({ m: 'r', t: asOf, o: offset + rows.length }) : null };
    });
  }

  /** One author's public posts, newest first (the profile page). */
  async authorPage(viewer: Viewer | undefined, authorId: string, cursorText: string | undefined, requested: number): Promise<FeedPage> {
    const settings = viewer ? await this.guardians.settings(viewer.id) : undefined;
    const cursor = cursorText ? decodeCursor(cursorText) : undefined;
    if (cursor && cursor.m !== 'c') throw badRequest('bad_cursor', 'That cursor belongs to another feed.');
    return this.withDailyLimit(viewer, settings?.dailyViewLimit ?? null, 'chronological', requested, async (limit) => {
      const rows = await this.chronological(viewer?.id, cursor, limit, authorId);
      const last = rows.at(-1);
      return { mode: 'chronological', rows, nextCursor: rows.length === limit && last ? encodeCursor({ m: 'c', t: last.created_at, i: last.id }) : null };
    });
  }

  private async withDailyLimit(
    viewer: Viewer | undefined,
    dailyLimit: number | null,
    pageMode: FeedPage['mode'],
    requested: number,
    load: (limit: number) => Promise<{ mode: FeedPage['mode']; rows: PostRow[]; nextCursor: string | null }>,
  ): Promise<FeedPage> {
    if (!viewer || dailyLimit === null) {
      const { mode, rows, nextCursor } = await load(requested);
      return { mode, posts: await toPostViews(this.db, rows, viewer?.id), nextCursor, dailyLimit: null };
    }
    const day = utcDay(this.now());
    const seen = await this.impressionsToday(viewer.id, day);
    const remaining = Math.max(0, dailyLimit - seen);
    if (remaining === 0) return { mode: pageMode, posts: [], nextCursor: null, dailyLimit: { limit: dailyLimit, remaining: 0, reached: true } };
    const { mode, rows, nextCursor } = await load(Math.min(requested, remaining));
    // Count what was served (re-serving a post already seen today is free), then trim if parallel requests overshot.
    const served: PostRow[] = [];
    await this.db.transaction(async (tx) => {
      for (const row of rows) {
        await tx.run('INSERT INTO impressions (user_id, post_id, day, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [viewer.id, row.id, day, this.now()]);
      }
      const total = await tx.get<{ n: number }>('SELECT COUNT(*) AS n FROM impressions WHERE user_id = ? AND day = ?', [viewer.id, day]);
      const over = Math.max(0, Number(total?.n ?? 0) - dailyLimit);
      served.push(...rows.slice(0, rows.length - over));
    });
    const left = Math.max(0, dailyLimit - (await this.impressionsToday(viewer.id, day)));
    return {
      mode,
      posts: await toPostViews(this.db, served, viewer.id),
      nextCursor: left > 0 ? nextCursor : null,
      dailyLimit: { limit: dailyLimit, remaining: left, reached: left === 0 },
    };
  }

  private async impressionsToday(userId: string, day: string): Promise<number> {
    const row = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM impressions WHERE user_id = ? AND day = ?', [userId, day]);
    return Number(row?.n ?? 0);
  }

  private async chronological(viewerId: string | undefined, cursor: { t: number; i: string } | undefined, limit: number, authorId?: string): Promise<PostRow[]> {
    const where = [VISIBLE, NOT_BLOCKED];
    const params: (string | number)[] = [viewerId ?? ''];
    if (authorId) {
      where.push('p.author_id = ?');
      params.push(authorId);
    }
    if (cursor) {
      where.push('(p.created_at < ? OR (p.created_at = ? AND p.id < ?))');
      params.push(cursor.t, cursor.t, cursor.i);
    }
    return this.db.all<PostRow>(`${POST_SELECT} WHERE ${where.join(' AND ')} ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, [...params, limit]);
  }

  /** Ranks a slim projection of the candidates; only the page's posts are then loaded in full. */
  private async ranked(viewerId: string | undefined, asOf: number, steerText: string, take: number): Promise<{ ranked: RankCandidate[]; total: number }> {
    const slim = `SELECT p.id, p.author_id AS "authorId", p.created_at AS "createdAt", p.title, p.prompt, p.like_count AS "likeCount",
        p.remix_count AS "remixCount", p.view_count AS "viewCount", p.completion_sum AS "completionSum"
      FROM posts p WHERE ${VISIBLE} AND ${NOT_BLOCKED} AND p.created_at <= ?`;
    const recent = await this.db.all<RankCandidate>(`${slim} ORDER BY p.created_at DESC, p.id DESC LIMIT ?`, [viewerId ?? '', asOf, RANK_WINDOW]);
    const candidates = new Map(recent.map((r) => [r.id, r]));
    const signals = viewerId ? await this.signals(viewerId, asOf) : NO_SIGNALS;
    // Followed authors as a literal id list: planners (PostgreSQL's especially) handle that far better than a subquery.
    const followed = [...signals.followedAuthors].slice(0, MAX_FOLLOWED_AUTHORS);
    if (viewerId && followed.length > 0) {
      const rows = await this.db.all<RankCandidate>(
        `${slim} AND p.author_id IN (${followed.map(() => '?').join(',')}) ORDER BY p.created_at DESC, p.id DESC LIMIT ?`,
        [viewerId, asOf, ...followed, FOLLOWED_WINDOW],
      );
      for (const r of rows) candidates.set(r.id, r);
    }
    const ranked = rankFeed([...candidates.values()], signals, parseSteering(steerText), asOf, this.termCache, take);
    return { ranked, total: candidates.size };
  }

  private async rowsInOrder(ids: readonly string[]): Promise<PostRow[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.all<PostRow>(`${POST_SELECT} WHERE p.id IN (${ids.map(() => '?').join(',')})`, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /**
   * The viewer's own signals as they stood at `asOf` (the first page's time), so liking or following while scrolling
   * does not reshuffle the pages still to come: the same cursor ranks the same way.
   */
  async signals(viewerId: string, asOf: number): Promise<ViewerSignals> {
    const [follows, liked, remixed, completion, seeLess] = await Promise.all([
      this.db.all<{ followee_id: string }>(
        'SELECT followee_id FROM follows WHERE follower_id = ? AND created_at <= ? ORDER BY created_at DESC LIMIT ?',
        [viewerId, asOf, MAX_FOLLOWED_AUTHORS],
      ),
      this.db.all<{ author_id: string; n: number }>(
        'SELECT p.author_id, COUNT(*) AS n FROM likes l JOIN posts p ON p.id = l.post_id WHERE l.user_id = ? AND l.created_at <= ? GROUP BY p.author_id',
        [viewerId, asOf],
      ),
      this.db.all<{ author_id: string; n: number }>(
        'SELECT p.author_id, COUNT(*) AS n FROM remixes r JOIN posts p ON p.id = r.post_id WHERE r.user_id = ? AND r.created_at <= ? GROUP BY p.author_id',
        [viewerId, asOf],
      ),
      this.db.all<{ author_id: string; c: number }>(
        'SELECT p.author_id, AVG(v.completion) AS c FROM views v JOIN posts p ON p.id = v.post_id WHERE v.user_id = ? AND v.created_at <= ? GROUP BY p.author_id',
        [viewerId, asOf],
      ),
      this.db.all<{ author_id: string; title: string; prompt: string }>(
        'SELECT p.author_id, p.title, p.prompt FROM see_less s JOIN posts p ON p.id = s.post_id WHERE s.user_id = ? AND s.created_at <= ? ORDER BY s.created_at DESC LIMIT 100',
        [viewerId, asOf],
      ),
    ]);
    const affinity = new Map<string, number>();
    for (const r of [...liked, ...remixed]) affinity.set(r.author_id, (affinity.get(r.author_id) ?? 0) + Number(r.n));
    const seeLessAuthors = new Map<string, number>();
    const seeLessTerms = new Map<string, number>();
    for (const r of seeLess) {
      seeLessAuthors.set(r.author_id, (seeLessAuthors.get(r.author_id) ?? 0) + 1);
      for (const t of new Set(terms(`${r.title} ${r.prompt}`))) seeLessTerms.set(t, (seeLessTerms.get(t) ?? 0) + 1);
    }
    return {
      followedAuthors: new Set(follows.map((f) => f.followee_id)),
      authorAffinity: affinity,
      authorCompletion: new Map(completion.map((c) => [c.author_id, Number(c.c)])),
      seeLessAuthors,
      seeLessTerms,
    };
  }
}
