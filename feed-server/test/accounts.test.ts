import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { videoFixtures } from './fixtures.js';
import { FeedClient, FeedClientError } from '../src/client.js';
import { BACKENDS, CookieSession, PASSWORD, startTestServer, type TestServer } from './harness.js';

describe.each(BACKENDS)('accounts and sessions (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  it('signs up, signs in with the password, rejects a wrong one', async () => {
    const ada = await server.user('ada');
    expect(ada.accessToken).toBeTruthy();
    const again = new FeedClient(server.url);
    const user = await again.signIn({ handle: 'ADA', password: PASSWORD });
    expect(user.handle).toBe('ada');
    await expect(new FeedClient(server.url).signIn({ handle: 'ada', password: 'wrong password!' })).rejects.toMatchObject({ status: 401 });
    await expect(new FeedClient(server.url).signIn({ handle: 'nobody_here', password: 'wrong password!' })).rejects.toMatchObject({ status: 401 });
  });

  it('refuses a taken handle, a bad handle and a short password', async () => {
    await server.user('taken');
    await expect(server.user('taken')).rejects.toMatchObject({ status: 409, code: 'handle_taken' });
    await expect(server.user('../etc')).rejects.toMatchObject({ status: 400 });
    await expect(new FeedClient(server.url).signUp({ handle: 'shorty', displayName: 'S', password: 'short' })).rejects.toMatchObject({ status: 400 });
  });

  it('signing out ends the session server-side', async () => {
    const bo = await server.user('bob');
    const token = bo.accessToken!;
    await bo.signOut();
    const stale = new FeedClient(server.url, token);
    await expect(stale.request('GET', '/api/me/settings')).rejects.toMatchObject({ status: 401 });
  });

  it('shows profiles with follower counts; follow and unfollow', async () => {
    const cy = await server.user('cyd');
    const di = await server.user('dia');
    await cy.request('PATCH', '/api/me/profile', { displayName: 'Cy Twombly', bio: 'paints with prompts' });
    await di.request('POST', '/api/users/cyd/follow');
    let profile = await di.request<{ displayName: string; bio: string; followers: number; viewerFollows: boolean }>('GET', '/api/users/cyd');
    expect(profile).toMatchObject({ displayName: 'Cy Twombly', bio: 'paints with prompts', followers: 1, viewerFollows: true });
    await di.request('DELETE', '/api/users/cyd/follow');
    profile = await di.request('GET', '/api/users/cyd');
    expect(profile).toMatchObject({ followers: 0, viewerFollows: false });
    await expect(cy.request('POST', '/api/users/cyd/follow')).rejects.toMatchObject({ status: 400 });
    await expect(cy.request('GET', '/api/users/..%2F..%2Fetc%2Fpasswd')).rejects.toMatchObject({ status: 404 });
  });

  it('takes an avatar picture, re-encodes it to a 256×256 JPEG, and refuses non-images', async () => {
    const videos = await videoFixtures();
    const avi = await server.user('avi');
    const upload = async (bytes: Buffer, name: string) => {
      const form = new FormData();
      form.set('avatar', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), name);
      return fetch(`${server.url}/api/me/avatar`, { method: 'PUT', headers: { authorization: `Bearer ${avi.accessToken}` }, body: form });
    };
    const first = await upload(await fs.readFile(videos.png), 'me.png');
    expect(first.status).toBe(200);
    const { avatarUrl } = (await first.json()) as { avatarUrl: string };
    expect(avatarUrl).toMatch(/^\/media\/avatars\/[A-Za-z0-9_-]{16}\.jpg$/);
    const picture = await fetch(`${server.url}${avatarUrl}`);
    expect(picture.headers.get('content-type')).toBe('image/jpeg');
    const saved = `${server.dataDir}/avatar-check.jpg`;
    await fs.writeFile(saved, Buffer.from(await picture.arrayBuffer()));
    const { stdout } = await promisify(execFile)('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', saved]);
    expect(stdout.trim()).toBe('mjpeg,256,256');

    const before = await server.storedFiles();
    const bad = await upload(await fs.readFile(videos.textAsMp4), 'me.png');
    expect(bad.status).toBe(422);
    expect(await server.storedFiles()).toEqual(before);

    const second = (await (await upload(await fs.readFile(videos.png), 'again.png')).json()) as { avatarUrl: string };
    expect(second.avatarUrl).not.toBe(avatarUrl);
    expect((await fetch(`${server.url}${avatarUrl}`)).status).toBe(404); // the old picture is gone
    expect((await fetch(`${server.url}/media/avatars/..%2Ffeed.sqlite`)).status).toBe(404);
  });

  it('a cookie session needs the CSRF token for mutations and refuses other origins', async () => {
    await server.user('eve_cookie');
    const browser = new CookieSession(server.url);
    const signIn = await browser.signIn('eve_cookie');
    expect(signIn.status).toBe(200);
    const setCookie = signIn.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(await signIn.clone().json()).not.toHaveProperty('token');

    const withToken = await browser.fetch('/api/me/profile', { method: 'PATCH', body: { bio: 'set with csrf' } });
    expect(withToken.status).toBe(200);
    const without = await browser.fetch('/api/me/profile', { method: 'PATCH', body: { bio: 'forged' }, csrf: false });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe('csrf');
    const crossSite = await browser.fetch('/api/me/profile', { method: 'PATCH', body: { bio: 'forged' }, origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    const profile = (await (await browser.fetch('/api/users/eve_cookie')).json()) as { bio: string };
    expect(profile.bio).toBe('set with csrf');

    // Uploads too: a cookie-authenticated publish without the token is refused before the body is read.
    const form = new FormData();
    form.set('metadata', JSON.stringify({ title: 'forged' }));
    form.set('video', new Blob([new Uint8Array(16)]), 'x.mp4');
    const forgedPublish = await fetch(`${server.url}/api/posts`, { method: 'POST', headers: { cookie: browser.cookie }, body: form });
    expect(forgedPublish.status).toBe(403);

    // A cross-site form cannot sign someone in either.
    const loginCsrf = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ handle: 'eve_cookie', password: PASSWORD }),
    });
    expect(loginCsrf.status).toBe(403);
  });

  it('a bad bearer token is refused, not treated as anonymous', async () => {
    const res = await fetch(`${server.url}/api/feed`, { headers: { authorization: 'Bearer not-a-real-token-not-a-real-token' } });
    expect(res.status).toBe(401);
  });

  it('never logs passwords, tokens or cookies', async () => {
    const secretPassword = 'Very-Secret-Passw0rd-4-logs';
    const fred = await server.user('fred_logs', { password: secretPassword });
    await new FeedClient(server.url).signIn({ handle: 'fred_logs', password: secretPassword });
    await expect(new FeedClient(server.url).signIn({ handle: 'fred_logs', password: `${secretPassword}-wrong` })).rejects.toBeInstanceOf(FeedClientError);
    await fred.request('GET', '/api/me/settings');
    const browser = new CookieSession(server.url);
    await browser.signIn('fred_logs', secretPassword);
    await browser.fetch('/api/me/profile', { method: 'PATCH', body: { bio: 'x' } });

    const logs = server.logs();
    expect(logs).toContain('/api/session'); // the requests were logged…
    expect(logs).not.toContain(secretPassword); // …without their secrets
    expect(logs).not.toContain(fred.accessToken!);
    expect(logs).not.toContain(browser.csrfToken);
    expect(logs).not.toContain(browser.cookie.split('=')[1]!);
  });
});

describe('sign-in rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { rateLimits: { signInPerMinute: 3, signUpPerHour: 100, publishPerHour: 100 } });
  });
  afterAll(async () => server?.close());

  it('answers 429 after too many sign-in attempts', async () => {
    await server.user('gus');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'gus', password: `guess number ${i}` }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});
