import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.js';
import type { Database } from '../db/database.js';
import type { CommentPolicy } from '../guardians/guardians.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import { IdSchema, newId } from '../ids.js';

export const CommentBodySchema = z.object({ body: z.string().trim().min(1, 'a comment cannot be empty').max(2000) });
export const ReportSchema = z.object({
  reason: z.enum(['spam', 'harassment', 'sexual_content', 'violence', 'impersonation', 'cameo_misuse', 'other']),
  details: z.string().max(1000).default(''),
});
export const ViewSchema = z.object({ completion: z.number().min(0).max(1) });

export interface CommentView {
  id: string;
  postId: string;
  author: { id: string; handle: string; displayName: string };
  body: string;
  createdAt: number;
}

/** What the studio needs to start a new project from a post. */
export interface RemixSeed {
  postId: string;
  title: string;
  prompt: string;
  storyboardSummary: string;
  author: { handle: string };
  cameoIds: string[];
}

interface LivePost {
  id: string;
  author_id: string;
}

export class Social {
  constructor(private readonly db: Database) {}

  private async livePost(postId: string, viewerId?: string): Promise<LivePost> {
    if (!IdSchema.safeParse(postId).success) throw notFound('That post');
    const post = await this.db.get<LivePost>("SELECT id, author_id FROM posts WHERE id = ? AND status = 'live'", [postId]);
    if (!post) throw notFound('That post');
    if (viewerId && viewerId !== post.author_id) {
      const blocked = await this.db.get('SELECT 1 AS x FROM blocks WHERE blocker_id = ? AND blocked_id = ?', [viewerId, post.author_id]);
      if (blocked) throw notFound('That post');
    }
    return post;
  }

  async like(viewer: Viewer, postId: string): Promise<{ likeCount: number }> {
    await this.livePost(postId, viewer.id);
    return this.db.transaction(async (tx) => {
      const added = await tx.run('INSERT INTO likes (user_id, post_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [viewer.id, postId, Date.now()]);
      if (added.changes > 0) await tx.run('UPDATE posts SET like_count = like_count + 1 WHERE id = ?', [postId]);
      return { likeCount: (await tx.get<{ like_count: number }>('SELECT like_count FROM posts WHERE id = ?', [postId]))!.like_count };
    });
  }

  async unlike(viewer: Viewer, postId: string): Promise<{ likeCount: number }> {
    await this.livePost(postId);
    return this.db.transaction(async (tx) => {
      const removed = await tx.run('DELETE FROM likes WHERE user_id = ? AND post_id = ?', [viewer.id, postId]);
      if (removed.changes > 0) await tx.run('UPDATE posts SET like_count = like_count - 1 WHERE id = ?', [postId]);
      return { likeCount: (await tx.get<{ like_count: number }>('SELECT like_count FROM posts WHERE id = ?', [postId]))!.like_count };
    });
  }

  async comment(viewer: Viewer, postId: string, body: string): Promise<CommentView> {
    const post = await this.livePost(postId, viewer.id);
    if (viewer.id !== post.author_id) {
      const policy = await this.db.get<{ comment_policy: CommentPolicy }>('SELECT comment_policy FROM user_settings WHERE user_id = ?', [post.author_id]);
      const blockedByAuthor = await this.db.get('SELECT 1 AS x FROM blocks WHERE blocker_id = ? AND blocked_id = ?', [post.author_id, viewer.id]);
      if (blockedByAuthor) throw forbidden('You cannot comment on this post.');
      if (policy?.comment_policy === 'nobody') throw forbidden('Comments are turned off for this post.');
      if (policy?.comment_policy === 'following') {
        const followed = await this.db.get('SELECT 1 AS x FROM follows WHERE follower_id = ? AND followee_id = ?', [post.author_id, viewer.id]);
        if (!followed) throw forbidden('Only people the author follows can comment on this post.');
      }
    }
    const id = newId();
    const now = Date.now();
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO comments (id, post_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)', [id, postId, viewer.id, body, now]);
      await tx.run('UPDATE posts SET comment_count = comment_count + 1 WHERE id = ?', [postId]);
    });
    return { id, postId, author: { id: viewer.id, handle: viewer.handle, displayName: viewer.displayName }, body, createdAt: now };
  }

  /** Comments oldest first; comments by people the viewer blocked are left out. */
  async comments(postId: string, viewerId: string | undefined): Promise<CommentView[]> {
    await this.livePost(postId, viewerId);
    const rows = await this.db.all<{ id: string; post_id: string; author_id: string; handle: string; display_name: string; body: string; created_at: number }>(
      `SELECT c.id, c.post_id, c.author_id, u.handle, u.display_name, c.body, c.created_at
         FROM comments c JOIN users u ON u.id = c.author_id
        WHERE c.post_id = ? AND c.deleted = 0
          AND c.author_id NOT IN (SELECT blocked_id FROM blocks WHERE blocker_id = ?)
        ORDER BY c.created_at, c.id LIMIT 500`,
      [postId, viewerId ?? ''],
    );
    return rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      author: { id: r.author_id, handle: r.handle, displayName: r.display_name },
      body: r.body,
      createdAt: r.created_at,
    }));
  }

  /** The comment's author may edit it. */
  async editComment(viewer: Viewer, commentId: string, body: string): Promise<void> {
    const comment = await this.commentRow(commentId);
    if (comment.author_id !== viewer.id) throw forbidden('Only its author can edit a comment.');
    await this.db.run('UPDATE comments SET body = ? WHERE id = ?', [body, commentId]);
  }

  /** The comment's author or the post's author may delete it. */
  async deleteComment(viewer: Viewer, commentId: string): Promise<void> {
    const comment = await this.commentRow(commentId);
    if (comment.author_id !== viewer.id && comment.post_author_id !== viewer.id) {
      throw forbidden('Only the comment’s author or the post’s author can delete a comment.');
    }
    await this.db.transaction(async (tx) => {
      await tx.run('UPDATE comments SET deleted = 1 WHERE id = ?', [commentId]);
      await tx.run('UPDATE posts SET comment_count = comment_count - 1 WHERE id = ?', [comment.post_id]);
    });
  }

  private async commentRow(commentId: string) {
    if (!IdSchema.safeParse(commentId).success) throw notFound('That comment');
    const row = await this.db.get<{ author_id: string; post_id: string; post_author_id: string }>(
      'SELECT c.author_id, c.post_id, p.author_id AS post_author_id FROM comments c JOIN posts p ON p.id = c.post_id WHERE c.id = ? AND c.deleted = 0',
      [commentId],
    );
    if (!row) throw notFound('That comment');
    return row;
  }

  async remix(viewer: Viewer, postId: string): Promise<RemixSeed> {
    await this.livePost(postId, viewer.id);
    const post = await this.db.transaction(async (tx) => {
      const added = await tx.run('INSERT INTO remixes (user_id, post_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [viewer.id, postId, Date.now()]);
      if (added.changes > 0) await tx.run('UPDATE posts SET remix_count = remix_count + 1 WHERE id = ?', [postId]);
      return (await tx.get<{ title: string; prompt: string; storyboard: string; handle: string }>(
        'SELECT p.title, p.prompt, p.storyboard, u.handle FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = ?',
        [postId],
      ))!;
    });
    const cameos = await this.db.all<{ cameo_id: string }>('SELECT cameo_id FROM post_cameos WHERE post_id = ? ORDER BY cameo_id', [postId]);
    return {
      postId,
      title: post.title,
      prompt: post.prompt,
      storyboardSummary: post.storyboard,
      author: { handle: post.handle },
      cameoIds: cameos.map((c) => c.cameo_id),
    };
  }

  async report(viewer: Viewer, postId: string, input: z.infer<typeof ReportSchema>): Promise<{ id: string }> {
    await this.livePost(postId);
    const id = newId();
    const reason = input.details ? `${input.reason}: ${input.details}` : input.reason;
    await this.db.run('INSERT INTO reports (id, post_id, reporter_id, reason, created_at) VALUES (?, ?, ?, ?, ?)', [id, postId, viewer.id, reason, Date.now()]);
    return { id };
  }

  async seeLess(viewer: Viewer, postId: string): Promise<void> {
    await this.livePost(postId);
    await this.db.run('INSERT INTO see_less (user_id, post_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [viewer.id, postId, Date.now()]);
  }

  /**
   * Records how much of a video the viewer watched (the highest completion counts). Safe when the same viewer's
   * reports race: the first insert wins, later ones update the row under a row lock (PostgreSQL) or the single
   * writer (SQLite).
   */
  async recordView(viewer: Viewer, postId: string, completion: number): Promise<void> {
    await this.livePost(postId);
    const lock = this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    await this.db.transaction(async (tx) => {
      const inserted = await tx.run('INSERT INTO views (user_id, post_id, completion, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING', [
        viewer.id,
        postId,
        completion,
        Date.now(),
      ]);
      if (inserted.changes > 0) {
        await tx.run('UPDATE posts SET view_count = view_count + 1, completion_sum = completion_sum + ? WHERE id = ?', [completion, postId]);
        return;
      }
      const previous = await tx.get<{ completion: number }>(`SELECT completion FROM views WHERE user_id = ? AND post_id = ?${lock}`, [viewer.id, postId]);
      if (previous && completion > previous.completion) {
        await tx.run('UPDATE views SET completion = ? WHERE user_id = ? AND post_id = ?', [completion, viewer.id, postId]);
        await tx.run('UPDATE posts SET completion_sum = completion_sum + ? WHERE id = ?', [completion - previous.completion, postId]);
      }
    });
  }

  async block(viewer: Viewer, blockedId: string): Promise<void> {
    if (blockedId === viewer.id) throw badRequest('self_block', 'You cannot block yourself.');
    await this.db.transaction(async (tx) => {
      await tx.run('INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [viewer.id, blockedId, Date.now()]);
      // Blocking also ends follows both ways.
      await tx.run('DELETE FROM follows WHERE (follower_id = ? AND followee_id = ?) OR (follower_id = ? AND followee_id = ?)', [
        viewer.id,
        blockedId,
        blockedId,
        viewer.id,
      ]);
    });
  }

  async unblock(viewer: Viewer, blockedId: string): Promise<void> {
    await this.db.run('DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?', [viewer.id, blockedId]);
  }
}
