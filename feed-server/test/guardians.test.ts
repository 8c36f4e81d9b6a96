import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient } from '../src/client.js';
import type { GuardianLink, ViewerSettings } from '../src/guardians/guardians.js';
import type { FeedNotification } from '../src/notifications/notifications.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

describe.each(BACKENDS)('parental controls (%s)', (backend) => {
  let server: TestServer;
  let parent: FeedClient;
  let teen: FeedClient;
  let creator: FeedClient;
  let link: GuardianLink;

  beforeAll(async () => {
    const [s, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    server = s;
    [parent, teen, creator] = await Promise.all([server.user('parent'), server.user('kid', { accountType: 'teen' }), server.user('creator')]);
    for (let i = 1; i <= 5; i++) await creator.publish(videos.ok, { title: `Clip ${i}` });
  });
  afterAll(async () => server?.close());

  const notifications = (c: FeedClient) => c.request<{ notifications: FeedNotification[] }>('GET', '/api/notifications').then((r) => r.notifications);

  it('teen accounts start strict and cannot loosen their own settings', async () => {
    const settings = await teen.request<ViewerSettings>('GET', '/api/me/settings');
    expect(settings).toEqual({ personalized: false, dailyViewLimit: 40, commentPolicy: 'following', managedByGuardian: false });
    await expect(teen.request('PATCH', '/api/me/settings', { personalized: true })).rejects.toMatchObject({ status: 403 });
    const adult = await parent.request<ViewerSettings>('GET', '/api/me/settings');
    expect(adult).toMatchObject({ personalized: true, dailyViewLimit: null, commentPolicy: 'everyone' });
  });

  it('a guardian links a teen, the teen confirms, then only the guardian manages the settings', async () => {
    await expect(parent.request('PATCH', '/api/guardian/teens/kid/settings', { dailyViewLimit: 3 })).rejects.toMatchObject({ status: 403 });
    link = await parent.request<GuardianLink>('POST', '/api/guardian/links', { teenHandle: 'kid' });
    expect(link.status).toBe('pending');
    expect((await notifications(teen)).map((n) => n.kind)).toContain('guardian_link_requested');
    // Pending is not enough, and nobody else can confirm it.
    await expect(parent.request('PATCH', '/api/guardian/teens/kid/settings', { dailyViewLimit: 3 })).rejects.toMatchObject({ status: 403 });
    await expect(creator.request('POST', `/api/guardian/links/${link.id}/confirm`)).rejects.toMatchObject({ status: 404 });
    await expect(parent.request('POST', '/api/guardian/links', { teenHandle: 'creator' })).rejects.toMatchObject({ status: 400 });

    expect((await teen.request<GuardianLink>('POST', `/api/guardian/links/${link.id}/confirm`)).status).toBe('active');
    expect((await notifications(parent)).map((n) => n.kind)).toContain('guardian_link_confirmed');
    const settings = await parent.request<ViewerSettings>('PATCH', '/api/guardian/teens/kid/settings', { dailyViewLimit: 3, commentPolicy: 'nobody' });
    expect(settings).toEqual({ personalized: false, dailyViewLimit: 3, commentPolicy: 'nobody', managedByGuardian: true });
    expect(await parent.request('GET', '/api/guardian/teens/kid/settings')).toEqual(settings);
    await expect(creator.request('GET', '/api/guardian/teens/kid/settings')).rejects.toMatchObject({ status: 403 });
    await expect(creator.request('PATCH', '/api/guardian/teens/kid/settings', { dailyViewLimit: null })).rejects.toMatchObject({ status: 403 });
  });

  it('the teen’s feed stops at the daily limit', async () => {
    const first = await teen.feed({ mode: 'ranked', limit: 2 });
    expect(first.mode).toBe('chronological'); // personalisation is off for this teen
    expect(first.posts.map((p) => p.title)).toEqual(['Clip 5', 'Clip 4']);
    expect(first.dailyLimit).toEqual({ limit: 3, remaining: 1, reached: false });
    const second = await teen.feed({ limit: 2, cursor: first.nextCursor! });
    expect(second.posts).toHaveLength(1);
    expect(second.dailyLimit).toMatchObject({ remaining: 0, reached: true });
    expect(second.nextCursor).toBeNull();
    const third = await teen.feed({ limit: 10 });
    expect(third.posts).toHaveLength(0);
    expect(third.dailyLimit?.reached).toBe(true);
    // Profile pages count too.
    expect((await teen.request<{ posts: unknown[] }>('GET', '/api/users/creator/posts')).posts).toHaveLength(0);
  });

  it('the guardian can turn personalisation on and raise the limit', async () => {
    await parent.request('PATCH', '/api/guardian/teens/kid/settings', { personalized: true, dailyViewLimit: 10 });
    const page = await teen.feed({ mode: 'ranked', limit: 2 });
    expect(page.mode).toBe('ranked');
    expect(page.posts).toHaveLength(2);
    expect(page.dailyLimit).toMatchObject({ limit: 10, reached: false });
    await parent.request('PATCH', '/api/guardian/teens/kid/settings', { personalized: false, dailyViewLimit: 3 });
    expect(await teen.feed({ mode: 'ranked' })).toMatchObject({ mode: 'chronological', posts: [], dailyLimit: { reached: true } });
  });

  it('the guardian decides who may comment on the teen’s posts', async () => {
    const videos = await videoFixtures();
    const post = await teen.publish(videos.ok, { title: 'My first clip' });
    await expect(creator.request('POST', `/api/posts/${post.id}/comments`, { body: 'nice' })).rejects.toMatchObject({ status: 403 });
    await parent.request('PATCH', '/api/guardian/teens/kid/settings', { commentPolicy: 'following' });
    await expect(creator.request('POST', `/api/posts/${post.id}/comments`, { body: 'nice' })).rejects.toMatchObject({ status: 403 });
    await teen.request('POST', '/api/users/creator/follow');
    await creator.request('POST', `/api/posts/${post.id}/comments`, { body: 'nice' });
  });

  it('the teen can unlink, and the guardian is told', async () => {
    await teen.request('DELETE', `/api/guardian/links/${link.id}`);
    const notes = await notifications(parent);
    expect(notes[0]).toMatchObject({ kind: 'guardian_link_removed', payload: { byHandle: 'kid' }, read: false });
    await expect(parent.request('PATCH', '/api/guardian/teens/kid/settings', { dailyViewLimit: 100 })).rejects.toMatchObject({ status: 403 });
    // Settings stay as strict as they were.
    expect(await teen.request<ViewerSettings>('GET', '/api/me/settings')).toMatchObject({ personalized: false, dailyViewLimit: 3, managedByGuardian: false });
    await parent.request('POST', '/api/notifications/read');
    expect((await notifications(parent)).every((n) => n.read)).toBe(true);
  });
});
