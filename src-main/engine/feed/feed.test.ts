/**
 * The studio's feed domain against a real embedded feed server (its own process, SQLite, ffprobe): sign up, publish a
 * take's MP4 with progress, see it in the feed, remix it into a new project; the session file; bad paths.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../../../feed-server/src/client.js';
import { startFeedServer } from '../../../feed-server/src/main.js';
import { openProject } from '../projects/store.js';
import { ProjectService } from '../projects/service.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { router } from '../trpc.js';
import { remixPrompts, storyboardSummary } from './remix.js';
import { feedRouter } from './router.js';
import { FeedService, type PublishJob } from './service.js';

const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';

describe('remix prompts', () => {
  it('turns a numbered storyboard back into scenes, else uses the prompt', () => {
    const summary = storyboardSummary(['a red ball  bounces', '', 'waves\ncrash']);
    expect(summary).toBe('1. a red ball bounces\n2. waves crash');
    expect(remixPrompts({ title: 't', prompt: 'ignored', storyboardSummary: summary })).toEqual(['a red ball bounces', 'waves crash']);
    expect(remixPrompts({ title: 't', prompt: 'a cat', storyboardSummary: 'free text' })).toEqual(['a cat']);
    expect(remixPrompts({ title: 't', prompt: '', storyboardSummary: '' })).toEqual([]);
  });
});

describe('feed service with the embedded server', () => {
  let dataDir: string;
  let feed: FeedService;
  let projects: ProjectService;
  let caller: ReturnType<ReturnType<typeof makeRouter>['createCaller']>;
  const makeRouter = (service: FeedService) => router({ feed: feedRouter(service) });
  let projectDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-feed-'));
    const settings = new FileSettingsStore(path.join(dataDir, 'settings.json'));
    projects = new ProjectService({ defaultParent: () => path.join(dataDir, 'projects'), settings });
    feed = new FeedService({ dataDir, settings, projects });
    caller = makeRouter(feed).createCaller({ clientId: 'test' });
    const project = await projects.create('Beach');
    projectDir = project.dir;
    const made = spawnSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=12', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(projectDir, 'renders', 'take-1.mp4')]);
    expect(made.status, made.stderr?.toString()).toBe(0);
  });
  afterAll(async () => {
    await feed.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded server on first use, with its data under <data dir>/feed', async () => {
    const status = await caller.feed.status();
    expect(status).toMatchObject({ embedded: true, handle: null });
    expect(status.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${status.url}/healthz`)).ok).toBe(true);
    expect(existsSync(path.join(dataDir, 'feed', 'feed.sqlite'))).toBe(true);
    // Asked again, it is the same server.
    expect((await caller.feed.status()).url).toBe(status.url);
  });

  it('refuses to publish before signing in', async () => {
    await expect(caller.feed.publish({ dir: projectDir, renderPath: 'renders/take-1.mp4', title: 'x', visibility: 'public' })).rejects.toThrow('Sign in to the feed to publish.');
  });

  it('signs up, keeps the token in a 0600 file only, and publishes a take with progress', async () => {
    const status = await caller.feed.signUp({ handle: 'maker', displayName: 'Maker', password: 'a long enough password 1' });
    expect(status.handle).toBe('maker');
    const file = path.join(dataDir, 'feed-session.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await readFile(file, 'utf8')) as { token: string; handle: string; server: string };
    expect(saved).toMatchObject({ handle: 'maker', server: 'embedded' });
    expect(saved.token.length).toBeGreaterThan(20);
    expect(JSON.stringify(status)).not.toContain(saved.token);

    const job = await caller.feed.publish({
      dir: projectDir,
      renderPath: 'renders/take-1.mp4',
      title: 'Ball on the beach',
      visibility: 'public',
      prompt: 'a red ball bouncing on the beach',
      storyboardSummary: storyboardSummary(['a red ball bouncing on the beach', 'the tide comes in']),
      provenance: { seed: 7 },
    });
    expect(job.state).toBe('uploading');
    const events: PublishJob[] = [];
    for await (const event of await caller.feed.publishProgress({ jobId: job.id })) events.push(event);
    const last = events.at(-1)!;
    expect(last.state, JSON.stringify(last)).toBe('published');
    const uploading = events.filter((e): e is Extract<PublishJob, { state: 'uploading' }> => e.state === 'uploading');
    expect(uploading.length).toBeGreaterThan(1);
    expect(uploading.at(-1)!.sent).toBe(uploading.at(-1)!.total);

    // Anyone reading the feed sees it, with the metadata the studio sent.
    const page = await new FeedClient(status.url).feed({ mode: 'chronological' });
    expect(page.posts.map((p) => p.title)).toEqual(['Ball on the beach']);
    expect(page.posts[0]).toMatchObject({ prompt: 'a red ball bouncing on the beach', cameoIds: [], author: { handle: 'maker' } });
    if (last.state === 'published') expect(last.post.url).toBe(`${status.url}/#/u/maker`);
  });

  it('opens the feed page signed in as the studio account, with a code that works once', async () => {
    const { url: base } = await caller.feed.status();
    const { url } = await caller.feed.pageUrl();
    const match = /^(.+)\/#handoff=([A-Za-z0-9_-]+)$/.exec(url);
    expect(match?.[1]).toBe(base);
    const code = match![2]!;
    // What the feed page does with it: trade it, from its own origin, for its cookie session.
    const exchange = () => fetch(`${base}/api/session/exchange`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ code }) });
    const traded = await exchange();
    expect(traded.status).toBe(200);
    const cookie = traded.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { user: { handle: string } | null };
    expect(session.user?.handle).toBe('maker');
    expect((await exchange()).status).toBe(401);
    // Each load gets a fresh code; the code is in no file the studio keeps.
    expect((await caller.feed.pageUrl()).url).not.toBe(url);
    expect(await readFile(path.join(dataDir, 'feed-session.json'), 'utf8')).not.toContain(code);
  });

  it('remixes a post into a new project whose scenes are the storyboard', async () => {
    const { url } = await caller.feed.status();
    const [post] = (await new FeedClient(url).feed({ mode: 'chronological' })).posts;
    const { dir } = await caller.feed.remix({ postId: post!.id });
    expect(dir).not.toBe(projectDir);
    const { document } = await openProject(dir);
    expect(document.name).toBe('Remix of Ball on the beach');
    expect(document.scenes.map((s) => s.prompt)).toEqual(['a red ball bouncing on the beach', 'the tide comes in']);
    expect((await projects.recent())[0]?.dir).toBe(dir);
    expect((await new FeedClient(url).post(post!.id)).remixCount).toBe(1);
  });

  it('publishes only MP4s under renders/ of a project it knows', async () => {
    const base = { title: 'x', visibility: 'public' as const };
    await expect(caller.feed.publish({ ...base, dir: projectDir, renderPath: 'renders/../project.json' })).rejects.toThrow();
    await expect(caller.feed.publish({ ...base, dir: projectDir, renderPath: 'project.json' })).rejects.toThrow(/under renders\//);
    await expect(caller.feed.publish({ ...base, dir: projectDir, renderPath: 'renders/missing.mp4' })).rejects.toThrow(/cannot be published/);
    await expect(caller.feed.publish({ ...base, dir: dataDir, renderPath: 'renders/take-1.mp4' })).rejects.toThrow(/not a project this studio has open/);
  });

  it('signs out (the file goes, the feed page with it) and back in', async () => {
    const { url: base } = await caller.feed.status();
    const code = /#handoff=(.+)$/.exec((await caller.feed.pageUrl()).url)![1]!;
    const traded = await fetch(`${base}/api/session/exchange`, { method: 'POST', headers: { 'content-type': 'application/json', origin: base }, body: JSON.stringify({ code }) });
    const cookie = traded.headers.get('set-cookie')!.split(';')[0]!;
    expect((await caller.feed.signOut()).handle).toBeNull();
    expect(existsSync(path.join(dataDir, 'feed-session.json'))).toBe(false);
    const page = (await (await fetch(`${base}/api/session`, { headers: { cookie } })).json()) as { user: unknown };
    expect(page.user).toBeNull();
    expect((await caller.feed.pageUrl()).url).toBe(`${base}/`);
    await expect(caller.feed.signIn({ handle: 'maker', password: 'wrong password here' })).rejects.toThrow();
    expect((await caller.feed.signIn({ handle: 'maker', password: 'a long enough password 1' })).handle).toBe('maker');
  });

  it('stops the embedded server on dispose', async () => {
    const { url } = await caller.feed.status();
    await feed.dispose();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });
});

describe('feed service with a configured server', () => {
  it('talks to the URL in the feedServerUrl setting and starts nothing; a session belongs to its server', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-feed-url-'));
    const other = await startFeedServer({ port: 0, dataDir: path.join(dataDir, 'hosted') });
    const settings = new FileSettingsStore(path.join(dataDir, 'settings.json'));
    const projects = new ProjectService({ defaultParent: () => path.join(dataDir, 'projects'), settings });
    let started = 0;
    const feed = new FeedService({ dataDir, settings, projects, startEmbedded: () => (started++, Promise.reject(new Error('not expected'))) });
    try {
      settings.update({ feedServerUrl: `${other.url}/some/path` });
      expect(await feed.status()).toEqual({ url: other.url, embedded: false, handle: null });
      await feed.signUp({ handle: 'hosted', displayName: 'Hosted', password: 'another long password 2' });
      expect((await feed.status()).handle).toBe('hosted');
      // Back to the embedded default: that session is not the embedded server's.
      settings.update({ feedServerUrl: '' });
      await expect(feed.status()).rejects.toThrow('The local feed server could not start: not expected');
      expect(started).toBe(1);
      settings.update({ feedServerUrl: 'ftp://example.org' });
      await expect(feed.status()).rejects.toThrow(/must be an http\(s\) URL/);
    } finally {
      await feed.dispose();
      await other.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
