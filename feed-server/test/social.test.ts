import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient, PostView } from '../src/client.js';
import type { CommentView } from '../src/social/social.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

describe.each(BACKENDS)('likes, comments, remix, report, block (%s)', (backend) => {
  let server: TestServer;
  let ana: FeedClient;
  let ben: FeedClient;
  let cal: FeedClient;
  let post: PostView;

  beforeAll(async () => {
    const [s, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    server = s;
    [ana, ben, cal] = await Promise.all([server.user('ana'), server.user('ben'), server.user('cal')]);
    post = await ana.publish(videos.ok, { title: 'Lighthouse', prompt: 'a lighthouse in a storm', storyboardSummary: 'storm builds; beam sweeps' });
  });
  afterAll(async () => server?.close());

  const comments = (as: FeedClient, id = post.id) => as.request<{ comments: CommentView[] }>('GET', `/api/posts/${id}/comments`).then((r) => r.comments);

  it('likes count once per person and can be undone', async () => {
    expect(await ben.request('POST', `/api/posts/${post.id}/like`)).toEqual({ likeCount: 1 });
    expect(await ben.request('POST', `/api/posts/${post.id}/like`)).toEqual({ likeCount: 1 });
    expect(await cal.request('POST', `/api/posts/${post.id}/like`)).toEqual({ likeCount: 2 });
    expect((await ben.post(post.id)).viewerLiked).toBe(true);
    expect(await ben.request('DELETE', `/api/posts/${post.id}/like`)).toEqual({ likeCount: 1 });
    expect((await ben.post(post.id)).viewerLiked).toBe(false);
  });

  it('comments keep HTML as plain text, and only their author (or the post author) may change them', async () => {
    const xss = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const mine = await ben.request<CommentView>('POST', `/api/posts/${post.id}/comments`, { body: xss });
    expect(mine.body).toBe(xss); // stored verbatim; the UI renders it with textContent
    const res = await fetch(`${server.url}/api/posts/${post.id}/comments`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    await expect(cal.request('PATCH', `/api/comments/${mine.id}`, { body: 'edited by someone else' })).rejects.toMatchObject({ status: 403 });
    await expect(cal.request('DELETE', `/api/comments/${mine.id}`)).rejects.toMatchObject({ status: 403 });
    await ben.request('PATCH', `/api/comments/${mine.id}`, { body: 'fixed my comment' });
    expect((await comments(cal)).map((c) => c.body)).toEqual(['fixed my comment']);

    const rude = await cal.request<CommentView>('POST', `/api/posts/${post.id}/comments`, { body: 'rude' });
    await ana.request('DELETE', `/api/comments/${rude.id}`); // the post's author moderates their post
    expect((await comments(ben)).map((c) => c.body)).toEqual(['fixed my comment']);
    expect((await ben.post(post.id)).commentCount).toBe(1);
    await expect(ben.request('POST', `/api/posts/${post.id}/comments`, { body: '   ' })).rejects.toMatchObject({ status: 400 });
  });

  it('remix hands back the prompt and storyboard and counts the remix', async () => {
    const seed = await ben.remix(post.id);
    expect(seed).toEqual({
      postId: post.id,
      title: 'Lighthouse',
      prompt: 'a lighthouse in a storm',
      storyboardSummary: 'storm builds; beam sweeps',
      author: { handle: 'ana' },
      cameoIds: [],
    });
    expect((await ben.post(post.id)).remixCount).toBe(1);
  });

  it('a remix published back links to its source; unlisted posts stay out of the feed but open by link', async () => {
    const videos = await videoFixtures();
    const seed = await cal.remix(post.id);
    const remix = await cal.publish(videos.ok, { title: `${seed.title} (remix)`, prompt: `${seed.prompt}, at dawn`, remixOf: seed.postId, visibility: 'unlisted' });
    expect(remix.remixOf).toBe(post.id);
    expect(remix.visibility).toBe('unlisted');
    const feed = (await ben.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.id);
    expect(feed).not.toContain(remix.id);
    expect((await ben.post(remix.id)).title).toBe('Lighthouse (remix)');
    await expect(cal.publish(videos.ok, { title: 'remix of nothing', remixOf: 'AAAAAAAAAAAAAAAA' })).rejects.toMatchObject({ status: 400 });
  });

  it('reports are recorded; a bad reason is refused', async () => {
    const report = await cal.request<{ id: string }>('POST', `/api/posts/${post.id}/report`, { reason: 'spam', details: 'looks like an ad' });
    expect(report.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await expect(cal.request('POST', `/api/posts/${post.id}/report`, { reason: 'because' })).rejects.toMatchObject({ status: 400 });
  });

  it('blocking hides the blocked person’s posts and comments from the blocker', async () => {
    const videos = await videoFixtures();
    const dee = await server.user('dee');
    const deePost = await dee.publish(videos.ok, { title: 'Dee’s clip' });
    await dee.request('POST', `/api/posts/${post.id}/comments`, { body: 'hello from dee' });
    const feedTitles = async (as: FeedClient) => (await as.feed({ mode: 'chronological', limit: 50 })).posts.map((p) => p.title);

    expect(await feedTitles(cal)).toContain('Dee’s clip');
    await cal.request('POST', '/api/users/dee/block');
    expect(await feedTitles(cal)).not.toContain('Dee’s clip');
    expect((await cal.feed({ mode: 'ranked', limit: 50 })).posts.map((p) => p.title)).not.toContain('Dee’s clip');
    expect((await comments(cal)).map((c) => c.author.handle)).not.toContain('dee');
    await expect(cal.post(deePost.id)).rejects.toMatchObject({ status: 404 });
    // Others still see them.
    expect(await feedTitles(ben)).toContain('Dee’s clip');
    expect((await comments(ben)).map((c) => c.author.handle)).toContain('dee');
    await cal.request('DELETE', '/api/users/dee/block');
    expect(await feedTitles(cal)).toContain('Dee’s clip');
  });

  it('every mutation needs a signed-in person', async () => {
    for (const [method, path] of [
      ['POST', `/api/posts/${post.id}/like`],
      ['POST', `/api/posts/${post.id}/comments`],
      ['POST', `/api/posts/${post.id}/remix`],
      ['POST', `/api/posts/${post.id}/report`],
      ['DELETE', `/api/posts/${post.id}`],
      ['PATCH', `/api/posts/${post.id}`],
      ['POST', '/api/users/ana/follow'],
      ['POST', '/api/cameos'],
      ['PATCH', '/api/me/settings'],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { method, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 401 });
    }
  });
});
