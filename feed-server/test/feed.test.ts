import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient, PostView } from '../src/client.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

describe.each(BACKENDS)('the feed (%s)', (backend) => {
  let server: TestServer;
  let ana: FeedClient;
  let ben: FeedClient;
  let cal: FeedClient;
  let viewer: FeedClient;
  const posts: PostView[] = [];

  beforeAll(async () => {
    const [s, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    server = s;
    [ana, ben, cal, viewer] = await Promise.all([server.user('ana'), server.user('ben'), server.user('cal'), server.user('viewer')]);
    // Published in this order, so chronological order is the reverse.
    const plan: [FeedClient, string, string][] = [
      [ana, 'Ocean waves at dusk', 'the ocean rolling in'],
      [ben, 'Neon cars racing', 'cars drifting through a city'],
      [ana, 'Quiet forest', 'moss and ferns'],
      [cal, 'Desert road', 'empty road, heat haze'],
      [ben, 'More cars', 'a car chase at night'],
      [ana, 'Harbour lights', 'boats in a harbour'],
    ];
    for (const [who, title, prompt] of plan) posts.push(await who.publish(videos.ok, { title, prompt }));
  });
  afterAll(async () => server?.close());

  const titles = (list: PostView[]) => list.map((p) => p.title);

  it('chronological mode pages newest-first with a cursor and no overlap', async () => {
    const first = await viewer.feed({ mode: 'chronological', limit: 4 });
    expect(first.mode).toBe('chronological');
    expect(titles(first.posts)).toEqual(['Harbour lights', 'More cars', 'Desert road', 'Quiet forest']);
    expect(first.nextCursor).toBeTruthy();
    const second = await viewer.feed({ mode: 'chronological', limit: 4, cursor: first.nextCursor! });
    expect(titles(second.posts)).toEqual(['Neon cars racing', 'Ocean waves at dusk']);
    expect(second.nextCursor).toBeNull();
  });

  it('ranked mode pages through every post exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await viewer.feed({ mode: 'ranked', limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.posts.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual(posts.map((p) => p.id).sort());
  });

  it('acting while scrolling does not reshuffle the pages still to come', async () => {
    const scroller = await server.user('scroller');
    const first = await scroller.feed({ mode: 'ranked', limit: 2 });
    // Strong signals that would reorder a fresh feed: follow cal, see less of ana, like one of ben's posts.
    await scroller.request('POST', '/api/users/cal/follow');
    await scroller.request('POST', `/api/posts/${posts.find((p) => p.title === 'Quiet forest')!.id}/see-less`);
    await scroller.request('POST', `/api/posts/${posts.find((p) => p.title === 'More cars')!.id}/like`);
    const seen = first.posts.map((p) => p.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await scroller.feed({ mode: 'ranked', limit: 2, cursor });
      seen.push(...page.posts.map((p) => p.id));
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(posts.length);
    expect(new Set(seen).size).toBe(posts.length);
    // A fresh feed does take the new signals into account.
    expect((await scroller.feed({ mode: 'ranked', limit: 1 })).posts[0]!.title).toBe('Desert road');
  });

  it('never shows the same author twice in a row when it can be avoided', async () => {
    const page = await viewer.feed({ mode: 'ranked', limit: 20 });
    const authors = page.posts.map((p) => p.author.handle);
    // ana has 3 of 6 posts: she can always be separated.
    for (let i = 1; i < authors.length; i++) expect(authors[i]).not.toBe(authors[i - 1]);
  });

  it('typed steering changes the order: "more ocean, less cars"', async () => {
    const plain = titles((await viewer.feed({ mode: 'ranked', limit: 20 })).posts);
    const steered = titles((await viewer.feed({ mode: 'ranked', limit: 20, steer: 'more ocean, less cars' })).posts);
    expect(steered[0]).toBe('Ocean waves at dusk');
    expect(plain[0]).not.toBe('Ocean waves at dusk');
    // Both car posts sink to the bottom half (they are by one author, so diversity keeps them apart).
    expect(['More cars', 'Neon cars racing']).toContain(steered.at(-1));
    expect(steered.indexOf('More cars')).toBeGreaterThanOrEqual(3);
    expect(steered.indexOf('Neon cars racing')).toBeGreaterThanOrEqual(3);
  });

  it('follows, likes and "see less like this" personalise the ranked feed', async () => {
    const fan = await server.user('fan');
    await fan.request('POST', '/api/users/cal/follow');
    expect((await fan.feed({ mode: 'ranked', limit: 20 })).posts[0]!.title).toBe('Desert road');

    const carFan = await server.user('car_fan');
    const carPost = posts.find((p) => p.title === 'Neon cars racing')!;
    await carFan.request('POST', `/api/posts/${carPost.id}/like`);
    await carFan.request('POST', `/api/posts/${carPost.id}/view`, { completion: 1 });
    const liked = titles((await carFan.feed({ mode: 'ranked', limit: 20 })).posts);
    expect(liked.indexOf('More cars')).toBeLessThan(liked.indexOf('Quiet forest'));

    const tired = await server.user('tired');
    const before = titles((await tired.feed({ mode: 'ranked', limit: 20 })).posts);
    await tired.request('POST', `/api/posts/${posts.find((p) => p.title === 'More cars')!.id}/see-less`);
    const after = titles((await tired.feed({ mode: 'ranked', limit: 20 })).posts);
    expect(after.indexOf('More cars')).toBeGreaterThan(before.indexOf('More cars'));
    expect(after.at(-1)).toBe('More cars');
    expect(after.indexOf('Neon cars racing')).toBeGreaterThanOrEqual(3); // same author, similar words
  });

  it('rejects a forged cursor', async () => {
    await expect(viewer.feed({ cursor: 'eyJtIjoiYyIsInQiOiJ4In0' })).rejects.toMatchObject({ status: 400, code: 'bad_cursor' });
    await expect(viewer.feed({ cursor: '!!!' })).rejects.toMatchObject({ status: 400 });
  });

  it('anonymous visitors get a feed too', async () => {
    const res = await fetch(`${server.url}/api/feed?mode=chronological&limit=2`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { posts: unknown[] }).posts).toHaveLength(2);
  });
});
