/**
 * Single sign-in: the studio's bearer session mints a one-time code; the web UI trades it for its own cookie session.
 * Codes work once, expire, die with the studio session, are never minted by a cookie session and are never logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../src/client.js';
import { BACKENDS, CookieSession, startTestServer, type TestServer } from './harness.js';

describe.each(BACKENDS)('sign-in handoff from the studio to the web UI (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  /** What the web UI does with `/#handoff=<code>`: POST it from its own origin, keep the cookie. */
  async function exchange(code: string, page = new CookieSession(server.url)): Promise<{ res: Response; page: CookieSession }> {
    const res = await page.fetch('/api/session/exchange', { method: 'POST', body: { code }, origin: server.url });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) page.cookie = setCookie.split(';')[0]!;
    if (res.ok) page.csrfToken = ((await res.clone().json()) as { csrfToken: string }).csrfToken;
    return { res, page };
  }

  it('signs the page in as the studio account, once', async () => {
    const studio = await server.user('hana');
    const { code, expiresAt } = await studio.loginHandoff();
    expect(code).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(60_000);
    expect(expiresAt - Date.now()).toBeGreaterThan(50_000);

    const { res, page } = await exchange(code);
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const session = (await (await page.fetch('/api/session')).json()) as { user: { handle: string } };
    expect(session.user.handle).toBe('hana');
    // The cookie session is a real one: a CSRF-guarded mutation goes through.
    expect((await page.fetch('/api/me/profile', { method: 'PATCH', body: { bio: 'signed in from the studio' } })).status).toBe(200);

    const again = await exchange(code);
    expect(again.res.status).toBe(401);
    expect(((await again.res.json()) as { error: { message: string } }).error.message).toContain('expired or was already used');
    expect(again.res.headers.get('set-cookie')).toBeNull();
    // Nothing of the code stays behind in the database.
    expect(await server.sql('SELECT code_hash FROM login_handoffs')).toEqual([]);
  });

  it('lets only one of two racing exchanges of the same code through', async () => {
    const studio = await server.user('race_ren');
    const { code } = await studio.loginHandoff();
    const results = await Promise.all([exchange(code), exchange(code), exchange(code)]);
    expect(results.map((r) => r.res.status).sort()).toEqual([200, 401, 401]);
  });

  it('refuses an expired code', async () => {
    const studio = await server.user('late_lu');
    const { code } = await studio.loginHandoff();
    // As if the minute had passed (the server compares against its own clock).
    const rows = await server.sql<{ code_hash: string }>('SELECT code_hash FROM login_handoffs');
    expect(rows).toHaveLength(1);
    await backdate(server, rows[0]!.code_hash);
    expect((await exchange(code)).res.status).toBe(401);
  });

  it('refuses codes of a signed-out studio session, and signing out of the studio signs the page out', async () => {
    const studio = await server.user('out_oli');
    const token = studio.accessToken!;
    const first = await studio.loginHandoff();
    const unused = await studio.loginHandoff();
    const { page } = await exchange(first.code);
    expect(((await (await page.fetch('/api/session')).json()) as { user: unknown }).user).not.toBeNull();

    await new FeedClient(server.url, token).signOut();
    expect(((await (await page.fetch('/api/session')).json()) as { user: unknown }).user).toBeNull();
    expect((await exchange(unused.code)).res.status).toBe(401);
  });

  it('replaces the page\'s previous session instead of leaving it behind', async () => {
    await server.user('old_ola');
    const page = new CookieSession(server.url);
    expect((await page.signIn('old_ola')).status).toBe(200);
    const oldCookie = page.cookie;
    const studio = await server.user('new_nia');
    const { code } = await studio.loginHandoff();
    // The page has a cookie session, so the exchange needs its CSRF token like any other mutation.
    const { res } = await exchange(code, page);
    expect(res.status).toBe(200);
    const who = (await (await page.fetch('/api/session')).json()) as { user: { handle: string } };
    expect(who.user.handle).toBe('new_nia');
    const stale = await fetch(`${server.url}/api/session`, { headers: { cookie: oldCookie } });
    expect(((await stale.json()) as { user: unknown }).user).toBeNull();
  });

  it('mints codes only for a bearer (studio) session, and exchanges only from the feed\'s own origin', async () => {
    await server.user('page_pia');
    const page = new CookieSession(server.url);
    await page.signIn('page_pia');
    const minted = await page.fetch('/api/session/handoff', { method: 'POST', origin: server.url });
    expect(minted.status).toBe(403);
    expect((await new FeedClient(server.url).request('POST', '/api/session/handoff').catch((e: unknown) => e)) as { status: number }).toMatchObject({ status: 401 });

    const studio = await server.user('cross_cy');
    const { code } = await studio.loginHandoff();
    const crossSite = await new CookieSession(server.url).fetch('/api/session/exchange', { method: 'POST', body: { code }, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    // The refused attempt did not burn the code.
    expect((await exchange(code)).res.status).toBe(200);
  });

  it('answers malformed codes with a clear 400 and never logs a code', async () => {
    for (const code of ['', 'short', '../../etc/passwd', 'x'.repeat(200), 42]) {
      const res = await new CookieSession(server.url).fetch('/api/session/exchange', { method: 'POST', body: { code }, origin: server.url });
      expect(res.status, String(code)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('not a sign-in code');
    }
    const studio = await server.user('quiet_qi');
    const { code } = await studio.loginHandoff();
    await exchange(code);
    expect(server.logs()).toContain('/api/session/exchange');
    expect(server.logs()).not.toContain(code);
  });
});

async function backdate(server: TestServer, codeHash: string): Promise<void> {
  // The harness reads SQLite read-only; write through a short-lived connection of the right kind.
  if (server.databaseUrl) {
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    try {
      await client.query('UPDATE login_handoffs SET expires_at = $1 WHERE code_hash = $2', [Date.now() - 1, codeHash]);
    } finally {
      await client.end();
    }
    return;
  }
  const BetterSqlite3 = (await import('better-sqlite3')).default;
  const db = new BetterSqlite3(`${server.dataDir}/feed.sqlite`);
  try {
    db.prepare('UPDATE login_handoffs SET expires_at = ? WHERE code_hash = ?').run(Date.now() - 1, codeHash);
  } finally {
    db.close();
  }
}
