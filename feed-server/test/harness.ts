import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { toPositionalParams } from '../src/db/database.js';
import { FeedClient } from '../src/client.js';
import { startFeedServer, type StartFeedServerOptions } from '../src/main.js';

export type Backend = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when FEED_TEST_DATABASE_URL points at a server (see scripts/pg-test-cluster.sh). */
export const BACKENDS: Backend[] = ['sqlite', ...(process.env.FEED_TEST_DATABASE_URL ? (['postgres'] as const) : [])];

export interface TestServer {
  url: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Everything the server logged so far. */
  logs(): string;
  close(): Promise<void>;
  /** A new signed-in account (bearer token). */
  user(handle: string, options?: { accountType?: 'adult' | 'teen'; password?: string }): Promise<FeedClient>;
  /** Files left in storage and temp folders. */
  storedFiles(): Promise<string[]>;
  /** Reads the server's database directly (for checks the API does not expose). SQL with `?` placeholders. */
  sql<T>(text: string, params?: (string | number)[]): Promise<T[]>;
}

export const PASSWORD = 'correct horse battery staple';

/** Generous limits so tests do not trip them by accident; the rate-limit tests set their own. */
const TEST_LIMITS = { signInPerMinute: 1000, signUpPerHour: 1000, publishPerHour: 1000 };

async function freshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `feed_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Starts a feed server on 127.0.0.1 with a fresh data dir (and a fresh PostgreSQL database for that backend).
 * `shareWith` starts a second instance on the same database and storage, as a load balancer would run them.
 */
export async function startTestServer(
  backend: Backend,
  options: Partial<StartFeedServerOptions> = {},
  shareWith?: TestServer,
): Promise<TestServer> {
  const dataDir = shareWith?.dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'feed-test-')));
  const pgDb = shareWith
    ? shareWith.databaseUrl
      ? { url: shareWith.databaseUrl, drop: async () => undefined }
      : undefined
    : backend === 'postgres'
      ? await freshPostgresDatabase(process.env.FEED_TEST_DATABASE_URL!)
      : undefined;
  let logText = '';
  const logStream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString('utf8');
      done();
    },
  });
  const server = await startFeedServer({
    port: 0,
    dataDir,
    logLevel: 'info',
    rateLimits: TEST_LIMITS,
    ...(pgDb ? { databaseUrl: pgDb.url } : {}),
    ...options,
    logStream,
  });
  return {
    url: server.url,
    dataDir,
    databaseUrl: pgDb?.url,
    logs: () => logText,
    close: async () => {
      await server.close();
      if (shareWith) return; // the first instance owns the database and the data dir
      await pgDb?.drop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
    user: async (handle, o = {}) => {
      const client = new FeedClient(server.url);
      await client.signUp({ handle, displayName: handle.toUpperCase(), password: o.password ?? PASSWORD, accountType: o.accountType ?? 'adult' });
      return client;
    },
    sql: async <T>(text: string, params: (string | number)[] = []): Promise<T[]> => {
      if (pgDb) {
        const client = new pg.Client({ connectionString: pgDb.url });
        await client.connect();
        try {
          return (await client.query(toPositionalParams(text), params)).rows as T[];
        } finally {
          await client.end();
        }
      }
      const db = new BetterSqlite3(path.join(dataDir, 'feed.sqlite'), { readonly: true });
      try {
        return db.prepare(text).all(...params) as T[];
      } finally {
        db.close();
      }
    },
    storedFiles: async () => {
      const out: string[] = [];
      async function walk(dir: string): Promise<void> {
        for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
          const p = path.join(dir, entry.name);
          if (entry.isDirectory()) await walk(p);
          else out.push(path.relative(dataDir, p));
        }
      }
      await walk(path.join(dataDir, 'media'));
      await walk(path.join(dataDir, 'tmp'));
      return out.sort();
    },
  };
}

/** A browser-like session: cookie jar + CSRF header, as the web UI uses it. */
export class CookieSession {
  cookie = '';
  csrfToken = '';

  constructor(readonly url: string) {}

  async signIn(handle: string, password = PASSWORD): Promise<Response> {
    const res = await fetch(`${this.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: this.url },
      body: JSON.stringify({ handle, password }),
    });
    const setCookie = res.headers.get('set-cookie') ?? '';
    this.cookie = setCookie.split(';')[0] ?? '';
    if (res.ok) this.csrfToken = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return res;
  }

  fetch(pathname: string, init: { method?: string; body?: unknown; csrf?: boolean; origin?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: this.cookie };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.csrf !== false && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    if (init.origin) headers.origin = init.origin;
    return fetch(`${this.url}${pathname}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body !== undefined ? JSON.stringify(init.body) : null,
    });
  }
}
