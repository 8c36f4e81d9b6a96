import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient, PostView } from '../src/client.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

describe.each(BACKENDS)('concurrent requests keep counts right (%s)', (backend) => {
  let server: TestServer;
  let fans: FeedClient[];
  let post: PostView;

  beforeAll(async () => {
    const [s, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    server = s;
    const author = await server.user('author');
    post = await author.publish(videos.ok, { title: 'Popular' });
    fans = [];
    for (let i = 0; i < 12; i++) fans.push(await server.user(`fan_${i}`));
  });
  afterAll(async () => server?.close());

  it('likes, unlikes, comments and views racing each other add up', async () => {
    await Promise.all(
      fans.flatMap((fan, i) => [
        fan.request('POST', `/api/posts/${post.id}/like`),
        fan.request('POST', `/api/posts/${post.id}/like`), // a double tap counts once
        fan.request('POST', `/api/posts/${post.id}/comments`, { body: `comment ${i}` }),
        fan.request('POST', `/api/posts/${post.id}/view`, { completion: 0.5 }),
        fan.request('POST', `/api/posts/${post.id}/view`, { completion: 1 }),
      ]),
    );
    await Promise.all(fans.slice(0, 5).map((fan) => fan.request('DELETE', `/api/posts/${post.id}/like`)));
    const after = await fans[0]!.post(post.id);
    expect(after.likeCount).toBe(7);
    expect(after.commentCount).toBe(12);
    const comments = await fans[0]!.request<{ comments: unknown[] }>('GET', `/api/posts/${post.id}/comments`);
    expect(comments.comments).toHaveLength(12);
    // 12 viewers, each counted once at their best completion (1.0): the feed's completion signal sees 12 / 12.
    const stats = await server.sql<{ view_count: number; completion_sum: number }>('SELECT view_count, completion_sum FROM posts WHERE id = ?', [post.id]);
    expect(stats.map((r) => ({ views: Number(r.view_count), completion: Number(r.completion_sum) }))).toEqual([{ views: 12, completion: 12 }]);
  });
});
