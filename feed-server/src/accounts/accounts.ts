import argon2 from 'argon2';
import { z } from 'zod';
import type { Database } from '../db/database.js';
import { badRequest, conflict, notFound, unauthorized } from '../http/errors.js';
import { newId, newSecret, sha256 } from '../ids.js';

export const HandleSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_]{3,24}$/, 'a handle is 3–24 letters, digits or underscores');

export const SignUpSchema = z.object({
  handle: HandleSchema,
  displayName: z.string().trim().min(1).max(60),
  password: z.string().min(10, 'a password needs at least 10 characters').max(256),
  accountType: z.enum(['adult', 'teen']).default('adult'),
});
export const SignInSchema = z.object({ handle: HandleSchema, password: z.string().min(1).max(256) });
export const ProfileUpdateSchema = z.object({
  displayName: z.string().trim().min(1).max(60).optional(),
  bio: z.string().trim().max(280).optional(),
});

export type AccountType = 'adult' | 'teen';
export interface Viewer {
  id: string;
  handle: string;
  displayName: string;
  accountType: AccountType;
}
export interface Session {
  viewer: Viewer;
  csrfToken: string;
  tokenHash: string;
}
export interface Profile {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  accountType: AccountType;
  followers: number;
  following: number;
  posts: number;
  viewerFollows: boolean;
  createdAt: number;
}

// Argon2id with OWASP's suggested floor (19 MiB, 2 passes); tests lower nothing, hashing stays real.
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

interface UserRow {
  id: string;
  handle: string;
  display_name: string;
  account_type: AccountType;
  password_hash: string;
}

const toViewer = (row: UserRow): Viewer => ({
  id: row.id,
  handle: row.handle,
  displayName: row.display_name,
  accountType: row.account_type,
});

/** How long a one-time sign-in code from the studio stays good: the sidebar uses it within a second or two. */
export const LOGIN_HANDOFF_MS = 60_000;

/** Strict defaults for teens: chronological feed, 40 posts a day, only followed people may comment. */
export const TEEN_DEFAULT_SETTINGS = { personalized: 0, dailyViewLimit: 40, commentPolicy: 'following' } as const;

export class Accounts {
  private dummyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Database,
    private readonly sessionMs: number,
  ) {}

  async signUp(input: z.infer<typeof SignUpSchema>): Promise<Viewer> {
    const passwordHash = await argon2.hash(input.password, HASH_OPTIONS);
    const id = newId();
    const settings =
      input.accountType === 'teen' ? TEEN_DEFAULT_SETTINGS : { personalized: 1, dailyViewLimit: null, commentPolicy: 'everyone' };
    try {
      await this.db.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO users (id, handle, display_name, password_hash, account_type, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [id, input.handle, input.displayName, passwordHash, input.accountType, Date.now()],
        );
        await tx.run('INSERT INTO user_settings (user_id, personalized, daily_view_limit, comment_policy) VALUES (?, ?, ?, ?)', [
          id,
          settings.personalized,
          settings.dailyViewLimit,
          settings.commentPolicy,
        ]);
      });
    } catch (error) {
      if (/unique|duplicate/i.test((error as Error).message)) throw conflict('handle_taken', `The handle @${input.handle} is taken.`);
      throw error;
    }
    return { id, handle: input.handle, displayName: input.displayName, accountType: input.accountType };
  }

  async signIn(input: z.infer<typeof SignInSchema>): Promise<Viewer> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE handle = ?', [input.handle]);
    if (!row) {
      // Spend the same time as a real check so response timing does not reveal which handles exist.
      this.dummyHash ??= argon2.hash(newSecret(), HASH_OPTIONS);
      await argon2.verify(await this.dummyHash, input.password);
      throw unauthorized('Wrong handle or password.');
    }
    if (!(await argon2.verify(row.password_hash, input.password))) throw unauthorized('Wrong handle or password.');
    return toViewer(row);
  }

  /**
   * A new session. `parentTokenHash` ties a web UI session to the studio session that handed it over, so signing out
   * of the studio signs that page out too.
   */
  async createSession(userId: string, parentTokenHash: string | null = null): Promise<{ token: string; csrfToken: string; expiresAt: number }> {
    const token = newSecret();
    const csrfToken = newSecret();
    const now = Date.now();
    const expiresAt = now + this.sessionMs;
    await this.db.run(
      'INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at, parent_token_hash) VALUES (?, ?, ?, ?, ?, ?)',
      [sha256(token), userId, csrfToken, now, expiresAt, parentTokenHash],
    );
    return { token, csrfToken, expiresAt };
  }

  /**
   * A one-time sign-in code for the web UI, minted for a signed-in studio session (single sign-in: the studio's
   * sidebar opens the feed page already signed in). Only its hash is stored; it works once, within LOGIN_HANDOFF_MS.
   */
  async createLoginHandoff(session: Session): Promise<{ code: string; expiresAt: number }> {
    const code = newSecret();
    const expiresAt = Date.now() + LOGIN_HANDOFF_MS;
    await this.db.run('INSERT INTO login_handoffs (code_hash, user_id, parent_token_hash, expires_at) VALUES (?, ?, ?, ?)', [
      sha256(code),
      session.viewer.id,
      session.tokenHash,
      expiresAt,
    ]);
    return { code, expiresAt };
  }

  /**
   * Trades a handoff code for a cookie session of the same account. The code is deleted whether or not it is still
   * good, and only the request whose delete took it gets a session, so two racing requests cannot both use it.
   */
  async redeemLoginHandoff(code: string): Promise<{ viewer: Viewer; session: { token: string; csrfToken: string; expiresAt: number } }> {
    const codeHash = sha256(code);
    const refused = () => unauthorized('That sign-in link has expired or was already used; sign in again.');
    const row = await this.db.get<{ user_id: string; parent_token_hash: string; expires_at: number }>(
      'SELECT user_id, parent_token_hash, expires_at FROM login_handoffs WHERE code_hash = ?',
      [codeHash],
    );
    if (!row) throw refused();
    const taken = (await this.db.run('DELETE FROM login_handoffs WHERE code_hash = ?', [codeHash])).changes === 1;
    if (!taken || Number(row.expires_at) < Date.now()) throw refused();
    // The studio session that minted it must still be live: a code outlives neither a sign-out nor an expiry.
    const parent = await this.db.get<{ expires_at: number }>('SELECT expires_at FROM sessions WHERE token_hash = ?', [row.parent_token_hash]);
    if (!parent || Number(parent.expires_at) < Date.now()) throw refused();
    const viewer = await this.viewerById(row.user_id);
    return { viewer, session: await this.createSession(viewer.id, row.parent_token_hash) };
  }

  async resolveSession(token: string): Promise<Session | undefined> {
    const tokenHash = sha256(token);
    const row = await this.db.get<UserRow & { csrf_token: string; expires_at: number }>(
      `SELECT u.id, u.handle, u.display_name, u.account_type, u.password_hash, s.csrf_token, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?`,
      [tokenHash],
    );
    if (!row) return undefined;
    if (row.expires_at < Date.now()) {
      await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
      return undefined;
    }
    return { viewer: toViewer(row), csrfToken: row.csrf_token, tokenHash };
  }

  /** Ends a session, the web UI sessions it handed over, and its unused handoff codes. */
  async endSession(tokenHash: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM login_handoffs WHERE parent_token_hash = ?', [tokenHash]);
      await tx.run('DELETE FROM sessions WHERE token_hash = ? OR parent_token_hash = ?', [tokenHash, tokenHash]);
    });
  }

  async userIdByHandle(handle: string): Promise<string> {
    const parsed = HandleSchema.safeParse(handle);
    if (!parsed.success) throw notFound(`@${handle.slice(0, 40)}`);
    const row = await this.db.get<{ id: string }>('SELECT id FROM users WHERE handle = ?', [parsed.data]);
    if (!row) throw notFound(`@${parsed.data}`);
    return row.id;
  }

  async viewerById(id: string): Promise<Viewer> {
    const row = await this.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [id]);
    if (!row) throw notFound('That account');
    return toViewer(row);
  }

  async profile(handle: string, viewerId: string | undefined): Promise<Profile> {
    const id = await this.userIdByHandle(handle);
    const row = await this.db.get<{
      id: string;
      handle: string;
      display_name: string;
      bio: string;
      avatar_key: string | null;
      account_type: AccountType;
      created_at: number;
      followers: number;
      following: number;
      posts: number;
      viewer_follows: number;
    }>(
      `SELECT u.id, u.handle, u.display_name, u.bio, u.avatar_key, u.account_type, u.created_at,
         (SELECT COUNT(*) FROM follows WHERE followee_id = u.id) AS followers,
         (SELECT COUNT(*) FROM follows WHERE follower_id = u.id) AS following,
         (SELECT COUNT(*) FROM posts WHERE author_id = u.id AND status = 'live' AND visibility = 'public') AS posts,
         (SELECT COUNT(*) FROM follows WHERE follower_id = ? AND followee_id = u.id) AS viewer_follows
       FROM users u WHERE u.id = ?`,
      [viewerId ?? '', id],
    );
    if (!row) throw notFound(`@${handle}`);
    return {
      id: row.id,
      handle: row.handle,
      displayName: row.display_name,
      bio: row.bio,
      avatarUrl: row.avatar_key ? `/media/avatars/${row.avatar_key}` : null,
      accountType: row.account_type,
      followers: Number(row.followers),
      following: Number(row.following),
      posts: Number(row.posts),
      viewerFollows: Number(row.viewer_follows) > 0,
      createdAt: row.created_at,
    };
  }

  async updateProfile(userId: string, update: z.infer<typeof ProfileUpdateSchema>): Promise<void> {
    if (update.displayName !== undefined) await this.db.run('UPDATE users SET display_name = ? WHERE id = ?', [update.displayName, userId]);
    if (update.bio !== undefined) await this.db.run('UPDATE users SET bio = ? WHERE id = ?', [update.bio, userId]);
  }

  /** Points the profile at a new avatar; returns the key of the one it replaces (for deletion). */
  async setAvatar(userId: string, key: string): Promise<string | null> {
    const previous = await this.db.get<{ avatar_key: string | null }>('SELECT avatar_key FROM users WHERE id = ?', [userId]);
    await this.db.run('UPDATE users SET avatar_key = ? WHERE id = ?', [key, userId]);
    return previous?.avatar_key ?? null;
  }

  async avatarExists(key: string): Promise<boolean> {
    return (await this.db.get('SELECT 1 AS x FROM users WHERE avatar_key = ?', [key])) !== undefined;
  }

  async follow(followerId: string, handle: string): Promise<void> {
    const followeeId = await this.userIdByHandle(handle);
    if (followeeId === followerId) throw badRequest('self_follow', 'You cannot follow yourself.');
    await this.db.run('INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [
      followerId,
      followeeId,
      Date.now(),
    ]);
  }

  async unfollow(followerId: string, handle: string): Promise<void> {
    const followeeId = await this.userIdByHandle(handle);
    await this.db.run('DELETE FROM follows WHERE follower_id = ? AND followee_id = ?', [followerId, followeeId]);
  }
}
