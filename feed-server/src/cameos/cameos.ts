import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.js';
import type { Database } from '../db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { notify } from '../notifications/notifications.js';

/** Cameo ids come from the studio's cameo records; the feed only ever stores ids and consent hashes, never media. */
export const CameoIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'not a valid cameo id');

/**
 * `people_i_approve`: authors the owner approved (grants); `people_i_follow`: the owner follows the author;
 * `mutual_followers`: they follow each other. An approval also admits an author under the two follow levels, and a
 * revocation shuts an author out under every level.
 */
export const CameoPermissionSchema = z.enum(['only_me', 'people_i_approve', 'people_i_follow', 'mutual_followers', 'everyone']);
export type CameoPermission = z.infer<typeof CameoPermissionSchema>;

export const RegisterCameoSchema = z.object({
  id: CameoIdSchema,
  permission: CameoPermissionSchema,
  consentHash: z.string().regex(/^[a-f0-9]{64}$/, 'the consent hash is a hex SHA-256'),
});

export const CameoGrantSchema = z.strictObject({ state: z.enum(['approved', 'revoked']) });

export interface CameoRecord {
  id: string;
  ownerHandle: string;
  permission: CameoPermission;
  consentHash: string;
  revoked: boolean;
  postCount: number;
}

/** A post that uses a cameo, as its owner sees it. */
export interface CameoPostUse {
  id: string;
  title: string;
  authorHandle: string;
  /** live, delisted, taken_down, … */
  status: string;
  createdAt: number;
}

interface CameoRow {
  id: string;
  owner_id: string;
  owner_handle: string;
  permission: CameoPermission;
  consent_hash: string;
  revoked_at: number | null;
}

export class Cameos {
  constructor(private readonly db: Database) {}

  async register(owner: Viewer, input: z.infer<typeof RegisterCameoSchema>): Promise<CameoRecord> {
    const existing = await this.row(input.id);
    if (existing && existing.owner_id !== owner.id) throw conflict('cameo_taken', 'That cameo id belongs to someone else.');
    if (existing?.revoked_at) throw conflict('cameo_revoked', 'That cameo was revoked; record a new one in the studio.');
    if (existing) {
      await this.db.run('UPDATE cameos SET permission = ?, consent_hash = ? WHERE id = ?', [input.permission, input.consentHash, input.id]);
    } else {
      await this.db.run('INSERT INTO cameos (id, owner_id, permission, consent_hash, created_at) VALUES (?, ?, ?, ?, ?)', [
        input.id,
        owner.id,
        input.permission,
        input.consentHash,
        Date.now(),
      ]);
    }
    return this.get(owner, input.id);
  }

  async get(owner: Viewer, id: string): Promise<CameoRecord> {
    const row = await this.ownRow(owner, id);
    const count = await this.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM post_cameos pc JOIN posts p ON p.id = pc.post_id WHERE pc.cameo_id = ? AND p.status = 'live'",
      [id],
    );
    return {
      id: row.id,
      ownerHandle: row.owner_handle,
      permission: row.permission,
      consentHash: row.consent_hash,
      revoked: row.revoked_at !== null,
      postCount: Number(count?.n ?? 0),
    };
  }

  /** Throws unless every cameo is registered, not revoked, and its owner's permission covers `author`. */
  async assertUsable(author: Viewer, cameoIds: readonly string[]): Promise<void> {
    for (const id of new Set(cameoIds)) {
      const row = await this.row(id);
      if (!row) throw badRequest('cameo_unknown', `Cameo ${id} is not registered with this feed; its owner must share it first.`);
      if (row.revoked_at !== null) throw forbidden(`Cameo ${id} was revoked by its owner.`);
      if (row.owner_id === author.id) continue;
      const grant = await this.db.get<{ state: string }>('SELECT state FROM cameo_grants WHERE cameo_id = ? AND user_id = ?', [id, author.id]);
      if (grant?.state === 'revoked') throw forbidden(`@${row.owner_handle} revoked your use of cameo ${id}.`);
      if (row.permission === 'everyone') continue;
      if (row.permission !== 'only_me' && grant?.state === 'approved') continue;
      if (row.permission === 'people_i_follow' && (await this.follows(row.owner_id, author.id))) continue;
      if (row.permission === 'mutual_followers' && (await this.follows(row.owner_id, author.id)) && (await this.follows(author.id, row.owner_id))) continue;
      throw forbidden(`@${row.owner_handle} has not allowed you to use cameo ${id}.`);
    }
  }

  /** For the owner's usage log: every post that names the cameo, newest first, whatever its state. */
  async posts(owner: Viewer, cameoId: string): Promise<{ posts: CameoPostUse[] }> {
    await this.ownRow(owner, cameoId);
    const rows = await this.db.all<{ id: string; title: string; handle: string; status: string; created_at: number }>(
      "SELECT p.id, p.title, u.handle, p.status, p.created_at FROM posts p JOIN post_cameos pc ON pc.post_id = p.id JOIN users u ON u.id = p.author_id WHERE pc.cameo_id = ? AND p.status <> 'deleted' ORDER BY p.created_at DESC LIMIT 500",
      [cameoId],
    );
    return { posts: rows.map((r) => ({ id: r.id, title: r.title, authorHandle: r.handle, status: r.status, createdAt: Number(r.created_at) })) };
  }

  /** The cameo's owner takes down one post that uses it. */
  async takeDown(owner: Viewer, cameoId: string, postId: string): Promise<void> {
    await this.ownRow(owner, cameoId);
    const post = await this.db.get<{ author_id: string; title: string }>(
      "SELECT p.author_id, p.title FROM posts p JOIN post_cameos pc ON pc.post_id = p.id WHERE p.id = ? AND pc.cameo_id = ? AND p.status <> 'deleted'",
      [postId, cameoId],
    );
    if (!post) throw notFound('A post using that cameo');
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE posts SET status = 'taken_down' WHERE id = ?", [postId]);
      if (post.author_id !== owner.id) await notify(tx, post.author_id, 'post_taken_down', { postId, cameoId, title: post.title });
    });
  }

  /** Revoking a cameo delists every post that uses it and blocks future use. */
  async revoke(owner: Viewer, cameoId: string): Promise<{ delisted: number }> {
    await this.ownRow(owner, cameoId);
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE cameos SET revoked_at = ? WHERE id = ?', [Date.now(), cameoId]);
      const posts = await tx.all<{ id: string; author_id: string; title: string }>(
        "SELECT p.id, p.author_id, p.title FROM posts p JOIN post_cameos pc ON pc.post_id = p.id WHERE pc.cameo_id = ? AND p.status = 'live'",
        [cameoId],
      );
      for (const p of posts) {
        await tx.run("UPDATE posts SET status = 'delisted' WHERE id = ?", [p.id]);
        if (p.author_id !== owner.id) await notify(tx, p.author_id, 'post_delisted', { postId: p.id, cameoId, title: p.title });
      }
      return { delisted: posts.length };
    });
  }

  /**
   * The owner delists the live posts that use the cameo by one author (consent revoked for that person), or by every
   * author but the owner; each author is notified. The registry entry stays, so the owner's own posts remain.
   */
  async delist(owner: Viewer, cameoId: string, authorHandle: string | null): Promise<{ delisted: number }> {
    await this.ownRow(owner, cameoId);
    return this.db.transaction(async (tx) => {
      const posts = await tx.all<{ id: string; author_id: string; title: string; handle: string }>(
        "SELECT p.id, p.author_id, p.title, u.handle FROM posts p JOIN post_cameos pc ON pc.post_id = p.id JOIN users u ON u.id = p.author_id WHERE pc.cameo_id = ? AND p.status = 'live' AND p.author_id <> ?",
        [cameoId, owner.id],
      );
      const hit = posts.filter((p) => authorHandle === null || p.handle.toLowerCase() === authorHandle.toLowerCase());
      for (const p of hit) {
        await tx.run("UPDATE posts SET status = 'delisted' WHERE id = ?", [p.id]);
        await notify(tx, p.author_id, 'post_delisted', { postId: p.id, cameoId, title: p.title });
      }
      return { delisted: hit.length };
    });
  }

  /**
   * The owner approves one author, or revokes them: a revoked author cannot publish with the cameo whatever its
   * permission, and their live posts with it are delisted (they are notified).
   */
  async setGrant(owner: Viewer, cameoId: string, handle: string, state: 'approved' | 'revoked'): Promise<{ state: string; delisted: number }> {
    await this.ownRow(owner, cameoId);
    const user = await this.db.get<{ id: string }>('SELECT id FROM users WHERE handle = ?', [handle]);
    if (!user) throw notFound('That account');
    if (user.id === owner.id) throw badRequest('own_cameo', 'You always may use your own cameo.');
    await this.db.run(
      'INSERT INTO cameo_grants (cameo_id, user_id, state, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (cameo_id, user_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      [cameoId, user.id, state, Date.now()],
    );
    const { delisted } = state === 'revoked' ? await this.delist(owner, cameoId, handle) : { delisted: 0 };
    return { state, delisted };
  }

  /** Whether the viewer and `handle` follow each other (the studio resolves "mutual followers" cameos with it). */
  async mutual(viewer: Viewer, handle: string): Promise<{ mutual: boolean }> {
    const other = await this.db.get<{ id: string }>('SELECT id FROM users WHERE handle = ?', [handle]);
    if (!other) throw notFound('That account');
    return { mutual: (await this.follows(viewer.id, other.id)) && (await this.follows(other.id, viewer.id)) };
  }

  private async follows(followerId: string, followeeId: string): Promise<boolean> {
    return Boolean(await this.db.get('SELECT 1 AS x FROM follows WHERE follower_id = ? AND followee_id = ?', [followerId, followeeId]));
  }

  private async row(id: string): Promise<CameoRow | undefined> {
    return this.db.get<CameoRow>(
      'SELECT c.id, c.owner_id, u.handle AS owner_handle, c.permission, c.consent_hash, c.revoked_at FROM cameos c JOIN users u ON u.id = c.owner_id WHERE c.id = ?',
      [id],
    );
  }

  private async ownRow(owner: Viewer, id: string): Promise<CameoRow> {
    if (!CameoIdSchema.safeParse(id).success) throw notFound('That cameo');
    const row = await this.row(id);
    if (!row || row.owner_id !== owner.id) throw notFound('That cameo');
    return row;
  }
}
