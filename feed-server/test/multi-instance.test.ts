import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../src/client.js';
import { BACKENDS, PASSWORD, startTestServer, type TestServer } from './harness.js';
import { videoFixtures } from './fixtures.js';

describe.each(BACKENDS)('two instances behind a load balancer share nothing but DB and storage (%s)', (backend) => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    const limits = { signInPerMinute: 4, signUpPerHour: 100, publishPerHour: 100 };
    a = await startTestServer(backend, { rateLimits: limits });
    b = await startTestServer(backend, { rateLimits: limits }, a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('a session made on one instance works on the other; media published on one plays from the other', async () => {
    const videos = await videoFixtures();
    const onA = await a.user('roamer');
    const onB = new FeedClient(b.url, onA.accessToken);
    const post = await onB.publish(videos.ok, { title: 'Published via B' });
    expect((await onA.post(post.id)).title).toBe('Published via B');
    const res = await fetch(`${a.url}${post.videoUrl}`, { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals((await fs.readFile(videos.ok)).subarray(0, 100))).toBe(true);
    await onA.signOut();
    await expect(onB.feed()).rejects.toMatchObject({ status: 401 });
  });

  it('rate limits count across instances', async () => {
    await a.user('target');
    const attempt = (server: TestServer) =>
      fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ handle: 'target', password: `${PASSWORD} wrong` }),
      }).then((r) => r.status);
    const statuses = [await attempt(a), await attempt(b), await attempt(a), await attempt(b), await attempt(a), await attempt(b)];
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});
