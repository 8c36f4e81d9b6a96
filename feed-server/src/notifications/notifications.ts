import type { Database, Queryable } from '../db/database.js';
import { newId } from '../ids.js';

export type NotificationKind =
  | 'guardian_link_requested'
  | 'guardian_link_confirmed'
  | 'guardian_link_removed'
  | 'post_taken_down'
  | 'post_delisted';

export interface FeedNotification {
  id: string;
  kind: NotificationKind;
  payload: Record<string, string>;
  read: boolean;
  createdAt: number;
}

export async function notify(q: Queryable, userId: string, kind: NotificationKind, payload: Record<string, string>): Promise<void> {
  await q.run('INSERT INTO notifications (id, user_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)', [
    newId(),
    userId,
    kind,
    JSON.stringify(payload),
    Date.now(),
  ]);
}

export class Notifications {
  constructor(private readonly db: Database) {}

  async list(userId: string, limit = 50): Promise<FeedNotification[]> {
    const rows = await this.db.all<{ id: string; kind: NotificationKind; payload: string; read_at: number | null; created_at: number }>(
      'SELECT id, kind, payload, read_at, created_at FROM notifications WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
      [userId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      payload: JSON.parse(r.payload) as Record<string, string>,
      read: r.read_at !== null,
      createdAt: r.created_at,
    }));
  }

  async markAllRead(userId: string): Promise<void> {
    await this.db.run('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL', [Date.now(), userId]);
  }
}
