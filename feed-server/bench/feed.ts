/**
 * Feed-page benchmark: seeds SQLite with 10k posts (200 authors, likes, views, follows), starts the real server on
 * 127.0.0.1 and loads the feed endpoint with autocannon. Prints requests/s and latency percentiles per scenario.
 *
 *   npm run bench:feed                       # 10k posts, 10 s per scenario, 10 connections
 *   npm run bench:feed -- --posts 50000 --duration 20 --connections 20
 *   npm run bench:feed -- --database-url postgres://feed@127.0.0.1:5432/feed_bench   # an empty PostgreSQL database
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import autocannon from 'autocannon';
import { FeedClient } from '../src/client.js';
import { openDatabase } from '../src/db/open.js';
import { newId } from '../src/ids.js';
import { startFeedServer } from '../src/main.js';

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'database-url': { type: 'string' },
  },
});
const DATABASE_URL = values['database-url'];
const POSTS = Number(values.posts);
const DURATION = Number(values.duration);
const CONNECTIONS = Number(values.connections);

const WORDS = 'ocean wave sunset city neon car forest rain desert mountain river cat dog robot dragon castle night storm snow harbour boat train bridge garden flower space star moon galaxy market street'.split(' ');
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

async function seed(dataDir: string): Promise<void> {
  const db = await openDatabase({ dataDir, databaseUrl: DATABASE_URL });
  const hash = await argon2.hash('bench password not used', { type: argon2.argon2id });
  const now = Date.now();
  const authors: string[] = [];
  await db.transaction(async (tx) => {
    for (let a = 0; a < 200; a++) {
      const id = newId();
      authors.push(id);
      await tx.run("INSERT INTO users (id, handle, display_name, password_hash, account_type, created_at) VALUES (?, ?, ?, ?, 'adult', ?)", [id, `author_${a}`, `Author ${a}`, hash, now]);
      await tx.run("INSERT INTO user_settings (user_id, personalized, daily_view_limit, comment_policy) VALUES (?, 1, NULL, 'everyone')", [id]);
    }
    for (let p = 0; p < POSTS; p++) {
      const id = newId();
      const title = `${pick(WORDS, p * 7)} ${pick(WORDS, p * 13 + 3)} at ${pick(WORDS, p * 17 + 5)}`;
      const prompt = `a cinematic shot of a ${pick(WORDS, p * 3)} near the ${pick(WORDS, p * 11 + 1)}, ${pick(WORDS, p * 5 + 2)} light`;
      const views = p % 23;
      await tx.run(
        `INSERT INTO posts (id, author_id, title, prompt, storyboard, provenance, visibility, status, video_key, poster_key,
           duration_ms, width, height, size_bytes, like_count, remix_count, view_count, completion_sum, created_at)
         VALUES (?, ?, ?, ?, '', '{}', 'public', 'live', ?, ?, 8000, 720, 1280, 1000000, ?, ?, ?, ?, ?)`,
        [id, pick(authors, p * 31), title, prompt, `${id}.mp4`, `${id}-poster.jpg`, p % 97, p % 13, views, views * 0.6, now - (POSTS - p) * 60_000],
      );
    }
  });
  await db.close();
}

function report(name: string, result: autocannon.Result): void {
  const l = result.latency;
  console.log(
    `${name.padEnd(34)} ${result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${l.p50} ms   p99 ${l.p99} ms   max ${l.max} ms   ` +
      `(${result.requests.total} requests, ${result.non2xx} non-2xx, ${result.errors} errors)`,
  );
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-bench-'));
  try {
    const t0 = performance.now();
    await seed(dataDir);
    console.log(`seeded ${POSTS} posts by 200 authors into ${DATABASE_URL ? 'PostgreSQL' : 'SQLite'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const server = await startFeedServer({
      host: '127.0.0.1',
      port: 0,
      dataDir,
      ...(DATABASE_URL ? { databaseUrl: DATABASE_URL } : {}),
      logLevel: 'warn',
      rateLimits: { signInPerMinute: 100, signUpPerHour: 100, publishPerHour: 100 },
    });
    try {
      const viewer = new FeedClient(server.url);
      await viewer.signUp({ handle: 'bench_viewer', displayName: 'Bench', password: 'bench password 123' });
      for (let a = 0; a < 20; a++) await viewer.request('POST', `/api/users/author_${a * 7}/follow`);
      const sample = await viewer.feed({ mode: 'chronological', limit: 50 });
      for (const p of sample.posts.slice(0, 30)) await viewer.request('POST', `/api/posts/${p.id}/like`);
      const auth = { authorization: `Bearer ${viewer.accessToken}` };

      console.log(`server ${server.url}, ${CONNECTIONS} connections, ${DURATION} s per scenario, ${os.cpus().length} CPU cores, Node ${process.version}`);
      const scenarios: [string, string, Record<string, string>][] = [
        ['chronological page (anonymous)', '/api/feed?mode=chronological&limit=10', {}],
        ['chronological page (signed in)', '/api/feed?mode=chronological&limit=10', auth],
        ['ranked page (signed in)', '/api/feed?mode=ranked&limit=10', auth],
        ['ranked + steer "more ocean, less cars"', `/api/feed?mode=ranked&limit=10&steer=${encodeURIComponent('more ocean, less cars')}`, auth],
      ];
      for (const [name, url, headers] of scenarios) {
        const result = await autocannon({ url: `${server.url}${url}`, connections: CONNECTIONS, duration: DURATION, headers });
        report(name, result);
      }
    } finally {
      await server.close();
    }
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:feed failed: ${(error as Error).message}`);
  process.exit(1);
});
