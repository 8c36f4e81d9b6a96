import { z } from 'zod';
import type { Viewer } from '../accounts/accounts.js';
import type { Database } from '../db/database.js';
import { badRequest, conflict, forbidden, notFound } from '../http/errors.js';
import { newId } from '../ids.js';
import { notify } from '../notifications/notifications.js';

export const CommentPolicySchema = z.enum(['everyone', 'following', 'nobody']);
export type CommentPolicy = z.infer<typeof CommentPolicySchema>;

export const SettingsUpdateSchema = z.object({
  personalized: z.boolean().optional(),
  dailyViewLimit: z.number().int().min(1).max(1000).nullable().optional(),
  commentPolicy: CommentPolicySchema.optional(),
});

export interface ViewerSettings {
  personalized: boolean;
  dailyViewLimit: number | null;
  commentPolicy: CommentPolicy;
  managedByGuardian: boolean;
}

export interface GuardianLink {
  id: string;
  guardian: { id: string; handle: string };
  teen: { id: string; handle: string };
  status: 'pending' | 'active';
  createdAt: number;
}

interface LinkRow {
  id: string;
  guardian_id: string;
  teen_id: string;
  guardian_handle: string;
  teen_handle: string;
  status: 'pending' | 'active';
  created_at: number;
}

const LINK_SELECT = `SELECT l.id, l.guardian_id, l.teen_id, l.status, l.created_at, g.handle AS guardian_handle, t.handle AS teen_handle
  FROM guardian_links l JOIN users g ON g.id = l.guardian_id JOIN users t ON t.id = l.teen_id`;

const toLink = (r: LinkRow): GuardianLink => ({
  id: r.id,
  guardian: { id: r.guardian_id, handle: r.guardian_handle },
  teen: { id: r.teen_id, handle: r.teen_handle },
  status: r.status,
  createdAt: r.created_at,
});

/** Viewer settings and parental controls: a guardian links a teen (teen confirms) and manages the teen's settings. */
export class Guardians {
  constructor(private readonly db: Database) {}

  async settings(userId: string): Promise<ViewerSettings> {
    const row = await this.db.get<{ personalized: number; daily_view_limit: number | null; comment_policy: CommentPolicy; guardians: number }>(
      `SELECT s.personalized, s.daily_view_limit, s.comment_policy,
         (SELECT COUNT(*) FROM guardian_links WHERE teen_id = s.user_id AND status = 'active') AS guardians
       FROM user_settings s WHERE s.user_id = ?`,
      [userId],
    );
    if (!row) throw notFound('Settings for that account');
    return {
      personalized: row.personalized === 1,
      dailyViewLimit: row.daily_view_limit,
      commentPolicy: row.comment_policy,
      managedByGuardian: Number(row.guardians) > 0,
    };
  }

  /** A person changes their own settings. Teens cannot: their settings start strict and only a linked guardian changes them. */
  async updateOwnSettings(viewer: Viewer, update: z.infer<typeof SettingsUpdateSchema>): Promise<ViewerSettings> {
    if (viewer.accountType === 'teen') throw forbidden('Teen accounts’ settings are managed by a linked guardian.');
    await this.writeSettings(viewer.id, update);
    return this.settings(viewer.id);
  }

  async teenSettings(guardian: Viewer, teenId: string): Promise<ViewerSettings> {
    await this.assertActiveGuardian(guardian, teenId);
    return this.settings(teenId);
  }

  async updateTeenSettings(guardian: Viewer, teenId: string, update: z.infer<typeof SettingsUpdateSchema>): Promise<ViewerSettings> {
    await this.assertActiveGuardian(guardian, teenId);
    await this.writeSettings(teenId, update);
    return this.settings(teenId);
  }

  private async assertActiveGuardian(guardian: Viewer, teenId: string): Promise<void> {
    const link = await this.db.get<{ id: string }>(
      "SELECT id FROM guardian_links WHERE guardian_id = ? AND teen_id = ? AND status = 'active'",
      [guardian.id, teenId],
    );
    if (!link) throw forbidden('You are not the linked guardian of that account.');
  }

  private async writeSettings(userId: string, update: z.infer<typeof SettingsUpdateSchema>): Promise<void> {
    if (update.personalized !== undefined)
      await this.db.run('UPDATE user_settings SET personalized = ? WHERE user_id = ?', [update.personalized ? 1 : 0, userId]);
    if (update.dailyViewLimit !== undefined)
      await this.db.run('UPDATE user_settings SET daily_view_limit = ? WHERE user_id = ?', [update.dailyViewLimit, userId]);
    if (update.commentPolicy !== undefined)
      await this.db.run('UPDATE user_settings SET comment_policy = ? WHERE user_id = ?', [update.commentPolicy, userId]);
  }

  async requestLink(guardian: Viewer, teenId: string): Promise<GuardianLink> {
    if (guardian.accountType !== 'adult') throw forbidden('Only adult accounts can be guardians.');
    const teen = await this.db.get<{ account_type: string }>('SELECT account_type FROM users WHERE id = ?', [teenId]);
    if (!teen) throw notFound('That account');
    if (teen.account_type !== 'teen') throw badRequest('not_teen', 'Only teen accounts can be linked to a guardian.');
    const existing = await this.db.get<{ id: string }>('SELECT id FROM guardian_links WHERE guardian_id = ? AND teen_id = ?', [
      guardian.id,
      teenId,
    ]);
    if (existing) throw conflict('already_linked', 'A link with that account already exists.');
    const id = newId();
    await this.db.transaction(async (tx) => {
      await tx.run("INSERT INTO guardian_links (id, guardian_id, teen_id, status, created_at) VALUES (?, ?, ?, 'pending', ?)", [
        id,
        guardian.id,
        teenId,
        Date.now(),
      ]);
      await notify(tx, teenId, 'guardian_link_requested', { linkId: id, guardianHandle: guardian.handle });
    });
    return this.link(id);
  }

  async confirmLink(teen: Viewer, linkId: string): Promise<GuardianLink> {
    const link = await this.link(linkId);
    if (link.teen.id !== teen.id) throw notFound('That guardian request');
    if (link.status === 'active') return link;
    await this.db.transaction(async (tx) => {
      await tx.run("UPDATE guardian_links SET status = 'active', confirmed_at = ? WHERE id = ?", [Date.now(), linkId]);
      await notify(tx, link.guardian.id, 'guardian_link_confirmed', { linkId, teenHandle: teen.handle });
    });
    return this.link(linkId);
  }

  /** Either side can remove a link; the other side is told. Settings stay as they are (strict by default). */
  async removeLink(viewer: Viewer, linkId: string): Promise<void> {
    const link = await this.link(linkId);
    if (link.teen.id !== viewer.id && link.guardian.id !== viewer.id) throw notFound('That guardian link');
    const other = link.teen.id === viewer.id ? link.guardian.id : link.teen.id;
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM guardian_links WHERE id = ?', [linkId]);
      await notify(tx, other, 'guardian_link_removed', { linkId, byHandle: viewer.handle });
    });
  }

  async links(viewerId: string): Promise<GuardianLink[]> {
    const rows = await this.db.all<LinkRow>(`${LINK_SELECT} WHERE l.guardian_id = ? OR l.teen_id = ? ORDER BY l.created_at`, [viewerId, viewerId]);
    return rows.map(toLink);
  }

  private async link(id: string): Promise<GuardianLink> {
    const row = await this.db.get<LinkRow>(`${LINK_SELECT} WHERE l.id = ?`, [id]);
    if (!row) throw notFound('That guardian link');
    return toLink(row);
  }
}
