import { PostgresDatabase } from './postgres.js';
import { SqliteDatabase } from './sqlite.js';

/**
 * Schema migrations, shared by SQLite and PostgreSQL. Only portable SQL: TEXT / BIGINT / INTEGER / DOUBLE PRECISION,
 * epoch-millisecond timestamps, 0/1 integers for booleans, ON CONFLICT upserts. Append new versions; never edit one
 * that has shipped.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  handle TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  bio TEXT NOT NULL DEFAULT '',
  avatar_key TEXT,
  password_hash TEXT NOT NULL,
  account_type TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE user_settings (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  personalized INTEGER NOT NULL,
  daily_view_limit INTEGER,
  comment_policy TEXT NOT NULL
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE follows (
  follower_id TEXT NOT NULL REFERENCES users(id),
  followee_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX follows_followee ON follows(followee_id);
CREATE TABLE posts (
  id TEXT PRIMARY KEY,
  author_id TEXT NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  prompt TEXT NOT NULL,
  storyboard TEXT NOT NULL,
  provenance TEXT NOT NULL,
  visibility TEXT NOT NULL,
  status TEXT NOT NULL,
  remix_of TEXT,
  video_key TEXT NOT NULL,
  poster_key TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  size_bytes BIGINT NOT NULL,
  like_count INTEGER NOT NULL DEFAULT 0,
  comment_count INTEGER NOT NULL DEFAULT 0,
  remix_count INTEGER NOT NULL DEFAULT 0,
  view_count INTEGER NOT NULL DEFAULT 0,
  completion_sum DOUBLE PRECISION NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX posts_feed ON posts(status, visibility, created_at, id);
CREATE INDEX posts_author ON posts(author_id, created_at);
CREATE TABLE post_cameos (
  post_id TEXT NOT NULL REFERENCES posts(id),
  cameo_id TEXT NOT NULL,
  PRIMARY KEY (post_id, cameo_id)
);
CREATE INDEX post_cameos_cameo ON post_cameos(cameo_id);
CREATE TABLE likes (
  user_id TEXT NOT NULL REFERENCES users(id),
  post_id TEXT NOT NULL REFERENCES posts(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE INDEX likes_post ON likes(post_id);
CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id),
  author_id TEXT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX comments_post ON comments(post_id, created_at);
CREATE TABLE remixes (
  user_id TEXT NOT NULL REFERENCES users(id),
  post_id TEXT NOT NULL REFERENCES posts(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE TABLE views (
  user_id TEXT NOT NULL REFERENCES users(id),
  post_id TEXT NOT NULL REFERENCES posts(id),
  completion DOUBLE PRECISION NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE TABLE impressions (
  user_id TEXT NOT NULL REFERENCES users(id),
  post_id TEXT NOT NULL REFERENCES posts(id),
  day TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, day, post_id)
);
CREATE TABLE see_less (
  user_id TEXT NOT NULL REFERENCES users(id),
  post_id TEXT NOT NULL REFERENCES posts(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, post_id)
);
CREATE TABLE reports (
  id TEXT PRIMARY KEY,
  post_id TEXT NOT NULL REFERENCES posts(id),
  reporter_id TEXT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE blocks (
  blocker_id TEXT NOT NULL REFERENCES users(id),
  blocked_id TEXT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE TABLE cameos (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL REFERENCES users(id),
  permission TEXT NOT NULL,
  consent_hash TEXT NOT NULL,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE TABLE guardian_links (
  id TEXT PRIMARY KEY,
  guardian_id TEXT NOT NULL REFERENCES users(id),
  teen_id TEXT NOT NULL REFERENCES users(id),
  status TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  confirmed_at BIGINT
);
CREATE INDEX guardian_links_teen ON guardian_links(teen_id, status);
CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  read_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
`,
  },
  {
    version: 2,
    name: 'shared rate-limit counters',
    sql: `
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  hits INTEGER NOT NULL,
  window_start BIGINT NOT NULL
);
`,
  },
  {
    version: 3,
    name: 'one-time sign-in codes that hand a studio session to the web UI',
    sql: `
CREATE TABLE login_handoffs (
  code_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  parent_token_hash TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
ALTER TABLE sessions ADD COLUMN parent_token_hash TEXT;
CREATE INDEX sessions_parent ON sessions(parent_token_hash);
`,
  },
  {
    version: 4,
    name: 'per-person cameo approvals and revocations',
    sql: `
CREATE TABLE cameo_grants (
  cameo_id TEXT NOT NULL REFERENCES cameos(id),
  user_id TEXT NOT NULL REFERENCES users(id),
  state TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (cameo_id, user_id)
);
`,
  },
];

const LEDGER = 'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)';

/** Brings the schema up to date. Safe to call from several instances at once on PostgreSQL (advisory lock). */
export async function migrate(db: SqliteDatabase | PostgresDatabase): Promise<number[]> {
  const applied: number[] = [];
  if (db instanceof PostgresDatabase) {
    await db.transaction(async (tx) => {
      await tx.run('SELECT pg_advisory_xact_lock(724551)');
      await tx.run(LEDGER);
      const done = new Set((await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
      for (const m of MIGRATIONS) {
        if (done.has(m.version)) continue;
        for (const statement of splitStatements(m.sql)) await tx.run(statement);
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
        applied.push(m.version);
      }
    });
    return applied;
  }
  db.execScript(LEDGER);
  const done = new Set((await db.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    await db.transaction(async (tx) => {
      db.execScript(m.sql);
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
    });
    applied.push(m.version);
  }
  return applied;
}

function splitStatements(sql: string): string[] {
  return sql.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
}
