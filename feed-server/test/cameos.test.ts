import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient } from '../src/client.js';
import type { CameoRecord } from '../src/cameos/cameos.js';
import type { FeedNotification } from '../src/notifications/notifications.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures, type VideoFixtures } from './fixtures.js';

const consent = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(BACKENDS)('cameo hooks (%s)', (backend) => {
  let server: TestServer;
  let videos: VideoFixtures;
  let owner: FeedClient;
  let friend: FeedClient;
  let stranger: FeedClient;

  beforeAll(async () => {
    [server, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    [owner, friend, stranger] = await Promise.all([server.user('owner'), server.user('friend'), server.user('stranger')]);
    await owner.request('POST', '/api/users/friend/follow');
  });
  afterAll(async () => server?.close());

  it('registers a cameo by id and consent hash only, and enforces its permission at publish', async () => {
    const record = await owner.request<CameoRecord>('POST', '/api/cameos', { id: 'cameo_owner_face_1', permission: 'people_i_follow', consentHash: consent('v1') });
    expect(record).toMatchObject({ id: 'cameo_owner_face_1', ownerHandle: 'owner', permission: 'people_i_follow', revoked: false, postCount: 0 });
    await expect(stranger.request('POST', '/api/cameos', { id: 'cameo_owner_face_1', permission: 'everyone', consentHash: consent('x') })).rejects.toMatchObject({ status: 409 });
    await expect(owner.request('POST', '/api/cameos', { id: 'cameo_bad', permission: 'everyone', consentHash: 'not-a-hash' })).rejects.toMatchObject({ status: 400 });

    const post = await friend.publish(videos.ok, { title: 'With my friend', cameoIds: ['cameo_owner_face_1'] });
    expect(post.cameoIds).toEqual(['cameo_owner_face_1']);
    await expect(stranger.publish(videos.ok, { title: 'Not allowed', cameoIds: ['cameo_owner_face_1'] })).rejects.toMatchObject({ status: 403 });
    // The stranger cannot see the registry entry either.
    await expect(stranger.request('GET', '/api/cameos/cameo_owner_face_1')).rejects.toMatchObject({ status: 404 });
  });

  it('the cameo owner can take down any post that uses the cameo, and nobody else can', async () => {
    const post = await friend.publish(videos.ok, { title: 'Take me down', cameoIds: ['cameo_owner_face_1'] });
    await expect(stranger.request('POST', '/api/cameos/cameo_owner_face_1/takedown', { postId: post.id })).rejects.toMatchObject({ status: 404 });
    await owner.request('POST', '/api/cameos/cameo_owner_face_1/takedown', { postId: post.id });
    await expect(stranger.post(post.id)).rejects.toMatchObject({ status: 404 });
    expect((await fetch(`${server.url}${post.videoUrl}`)).status).toBe(404);
    const notes = await friend.request<{ notifications: FeedNotification[] }>('GET', '/api/notifications');
    expect(notes.notifications.map((n) => n.kind)).toContain('post_taken_down');

    const unrelated = await friend.publish(videos.ok, { title: 'No cameo here' });
    await expect(owner.request('POST', '/api/cameos/cameo_owner_face_1/takedown', { postId: unrelated.id })).rejects.toMatchObject({ status: 404 });
  });

  it('revoking a cameo delists every post using it and blocks new ones', async () => {
    await owner.request('POST', '/api/cameos', { id: 'cameo_owner_voice', permission: 'everyone', consentHash: consent('voice') });
    const a = await friend.publish(videos.ok, { title: 'Voice A', cameoIds: ['cameo_owner_voice'] });
    const b = await stranger.publish(videos.ok, { title: 'Voice B', cameoIds: ['cameo_owner_voice', 'cameo_owner_face_1'].slice(0, 1) });
    const keep = await stranger.publish(videos.ok, { title: 'Unrelated' });
    expect(await owner.request('POST', '/api/cameos/cameo_owner_voice/revoke')).toEqual({ delisted: 2 });
    const feed = (await stranger.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.id);
    expect(feed).not.toContain(a.id);
    expect(feed).not.toContain(b.id);
    expect(feed).toContain(keep.id);
    await expect(friend.publish(videos.ok, { title: 'Again', cameoIds: ['cameo_owner_voice'] })).rejects.toMatchObject({ status: 403 });
    expect(await owner.request('GET', '/api/cameos/cameo_owner_voice')).toMatchObject({ revoked: true, postCount: 0 });
  });
  it('delists one author\'s posts with a cameo (consent revoked for them) or every author\'s but the owner\'s', async () => {
    await owner.request('POST', '/api/cameos', { id: 'cameo_owner_delist', permission: 'everyone', consentHash: consent('delist') });
    const byFriend = await friend.publish(videos.ok, { title: 'Friend uses it', cameoIds: ['cameo_owner_delist'] });
    const byStranger = await stranger.publish(videos.ok, { title: 'Stranger uses it', cameoIds: ['cameo_owner_delist'] });
    const byOwner = await owner.publish(videos.ok, { title: 'Owner uses it', cameoIds: ['cameo_owner_delist'] });
    await expect(stranger.request('POST', '/api/cameos/cameo_owner_delist/delist', { authorHandle: 'friend' })).rejects.toMatchObject({ status: 404 });
    await expect(owner.request('POST', '/api/cameos/cameo_owner_delist/delist', { authorHandle: 'not a handle!' })).rejects.toMatchObject({ status: 400 });

    expect(await owner.request('POST', '/api/cameos/cameo_owner_delist/delist', { authorHandle: 'friend' })).toEqual({ delisted: 1 });
    let feed = (await stranger.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.id);
    expect(feed).not.toContain(byFriend.id);
    expect(feed).toContain(byStranger.id);
    const notes = await friend.request<{ notifications: FeedNotification[] }>('GET', '/api/notifications');
    expect(notes.notifications.some((n) => n.kind === 'post_delisted')).toBe(true);

    expect(await owner.request('POST', '/api/cameos/cameo_owner_delist/delist', {})).toEqual({ delisted: 1 });
    feed = (await stranger.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.id);
    expect(feed).not.toContain(byStranger.id);
    expect(feed).toContain(byOwner.id);
  });

  it('mutual_followers admits only people who follow the owner and are followed back, and reports mutual follows', async () => {
    await owner.request('POST', '/api/cameos', { id: 'cameo_owner_mutual', permission: 'mutual_followers', consentHash: consent('mutual') });
    // The owner follows friend (beforeAll) but friend does not follow back yet.
    expect(await owner.request('GET', '/api/cameos/mutual/friend')).toEqual({ mutual: false });
    await expect(friend.publish(videos.ok, { title: 'Not yet', cameoIds: ['cameo_owner_mutual'] })).rejects.toMatchObject({ status: 403 });
    await friend.request('POST', '/api/users/owner/follow');
    expect(await friend.request('GET', '/api/cameos/mutual/owner')).toEqual({ mutual: true });
    expect((await friend.publish(videos.ok, { title: 'Now mutual', cameoIds: ['cameo_owner_mutual'] })).cameoIds).toEqual(['cameo_owner_mutual']);
    await friend.request('DELETE', '/api/users/owner/follow');
  });

  it('people_i_approve admits approved authors; a revoked author is shut out under every level and their posts are delisted', async () => {
    await owner.request('POST', '/api/cameos', { id: 'cameo_owner_grants', permission: 'people_i_approve', consentHash: consent('grants') });
    await expect(stranger.publish(videos.ok, { title: 'Not approved', cameoIds: ['cameo_owner_grants'] })).rejects.toMatchObject({ status: 403 });
    await expect(stranger.request('PUT', '/api/cameos/cameo_owner_grants/grants/stranger', { state: 'approved' })).rejects.toMatchObject({ status: 404 });
    await expect(owner.request('PUT', '/api/cameos/cameo_owner_grants/grants/stranger', { state: 'maybe' })).rejects.toMatchObject({ status: 400 });
    await expect(owner.request('PUT', '/api/cameos/cameo_owner_grants/grants/owner', { state: 'approved' })).rejects.toMatchObject({ status: 400 });
    expect(await owner.request('PUT', '/api/cameos/cameo_owner_grants/grants/stranger', { state: 'approved' })).toEqual({ state: 'approved', delisted: 0 });
    const post = await stranger.publish(videos.ok, { title: 'Approved', cameoIds: ['cameo_owner_grants'] });

    await owner.request('POST', '/api/cameos', { id: 'cameo_owner_grants', permission: 'everyone', consentHash: consent('grants') });
    expect(await owner.request('PUT', '/api/cameos/cameo_owner_grants/grants/stranger', { state: 'revoked' })).toEqual({ state: 'revoked', delisted: 1 });
    expect((await friend.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.id)).not.toContain(post.id);
    await expect(stranger.publish(videos.ok, { title: 'Again', cameoIds: ['cameo_owner_grants'] })).rejects.toMatchObject({ status: 403, message: '@owner revoked your use of cameo cameo_owner_grants.' });
    // Others are still admitted under "everyone".
    expect((await friend.publish(videos.ok, { title: 'Friend', cameoIds: ['cameo_owner_grants'] })).cameoIds).toEqual(['cameo_owner_grants']);

    // The owner sees every post that named the cameo, with its author and state; nobody else does.
    const uses = await owner.request<{ posts: { title: string; authorHandle: string; status: string }[] }>('GET', '/api/cameos/cameo_owner_grants/posts');
    expect(uses.posts.map((p) => [p.title, p.authorHandle, p.status])).toEqual([
      ['Friend', 'friend', 'live'],
      ['Approved', 'stranger', 'delisted'],
    ]);
    await expect(friend.request('GET', '/api/cameos/cameo_owner_grants/posts')).rejects.toMatchObject({ status: 404 });
  });
});
