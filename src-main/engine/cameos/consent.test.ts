/**
 * Consent, end to end through the router: Alice records a cameo, Bob may generate with it only once she allows it, and
 * when she revokes, Bob's next job, his queued job, an export check and his feed post are all refused or delisted.
 * Real parts: the inference worker process with ONNX Runtime on the fixture pack, ffmpeg, an in-process feed server on
 * SQLite. Two people share one engine here through an identity taken from the caller's context, and the follow graph is
 * a local table (`LocalFollowGraph`), since one feed session cannot act as two people.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdir, readFile, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../../../feed-server/src/client.js';
import { startFeedServer, type RunningFeedServer } from '../../../feed-server/src/main.js';
import type { JobView } from '../../../src-shared/generation.js';
import { GenerationQueue } from '../inference/generation.js';
import { inferenceRouter } from '../inference/router.js';
import { PackRegistry } from '../inference/packs.js';
import { InferenceWorker } from '../inference/worker/supervisor.js';
import { locateMediaTools } from '../media/index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { copyFixturePack, FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { trpcError } from '../testing/trpcError.js';
import { router } from '../trpc.js';
import { feedCameoHooks } from './feedHooks.js';
import { CameoConsentError, createCameoDomain, keyFileSource, referenceExtractor, type CameoDomain, type FollowGraph } from './index.js';
import { cameosRouter, type CameoNotification } from './router.js';

const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const FACE_PHOTO = path.join(path.dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');

/** A follow graph held in memory, standing in for the feed's (which answers only for its signed-in account). */
class LocalFollowGraph implements FollowGraph {
  private readonly edges = new Set<string>();
  follow(a: string, b: string) {
    this.edges.add(`${a}>${b}`);
  }
  async areMutual(a: string, b: string) {
    return this.edges.has(`${a}>${b}`) && this.edges.has(`${b}>${a}`);
  }
}

const track = [{ t: 0, x: 0.25, y: 0.25, w: 0.5, h: 0.5 }];

let dataDir: string;
let cameos: CameoDomain;
let queue: GenerationQueue;
let feedServer: RunningFeedServer;
let aliceFeed: FeedClient;
let bobFeed: FeedClient;
let slowPack: string;
let host: ReturnType<typeof createNodeHost>;
const follows = new LocalFollowGraph();
let makeRouter: () => ReturnType<typeof buildRouter>;
const buildRouter = (domain: CameoDomain, q: GenerationQueue, packs: PackRegistry) =>
  router({
    cameos: cameosRouter({ cameos: domain, identity: async (ctx) => ctx.clientId }),
    generation: inferenceRouter({ queue: q, packs }).generation,
  });
const as = (user: string) => makeRouter().createCaller({ clientId: user });

function ffmpegMake(args: string[]) {
  const made = spawnSync(ffmpeg, ['-v', 'error', '-y', ...args]);
  expect(made.status, made.stderr?.toString()).toBe(0);
}

/** What the capture flow would leave in the incoming folder: a short recording of a face (the engine takes the references from it). */
async function stageCapture(prefix: string): Promise<{ recording: string }> {
  await mkdir(cameos.incomingDir, { recursive: true });
  const recording = `${prefix}-recording.mp4`;
  ffmpegMake(['-loop', '1', '-framerate', '8', '-t', '1.5', '-i', FACE_PHOTO, '-vf', 'scale=320:-2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', path.join(cameos.incomingDir, recording)]);
  return { recording };
}

function waitFor(id: string, test: (job: JobView) => boolean, timeoutMs = 60_000): Promise<JobView> {
  return new Promise((resolve, reject) => {
    const current = queue.get(id);
    if (current && test(current)) return resolve(current);
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`job ${id} is still ${JSON.stringify(queue.get(id))}`));
    }, timeoutMs);
    const stop = queue.subscribe((job) => {
      if (job.id !== id || !test(job)) return;
      clearTimeout(timer);
      stop();
      resolve(job);
    });
  });
}

beforeAll(async () => {
  const root = await makeTempDir('cameo-consent');
  dataDir = path.join(root, 'data');
  // Many cheap steps: a job that stays running long enough to be queued behind or revoked mid-way.
  slowPack = await copyFixturePack(root, 'slow-pack', (m) => {
    m.scheduler.steps = 1000;
  });
  feedServer = await startFeedServer({ port: 0, dataDir: path.join(root, 'feed'), rateLimits: { signInPerMinute: 1000, signUpPerHour: 1000, publishPerHour: 1000 } });
  aliceFeed = new FeedClient(feedServer.url);
  bobFeed = new FeedClient(feedServer.url);
  await aliceFeed.signUp({ handle: 'alice', displayName: 'Alice', password: 'a long enough password 1' });
  await bobFeed.signUp({ handle: 'bob', displayName: 'Bob', password: 'a long enough password 2' });

  host = createNodeHost({ dataDir });
  host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
  cameos = createCameoDomain({
    dataDir,
    keySource: keyFileSource(path.join(dataDir, 'cameos', 'key')),
    follows,
    // Every cameo here is Alice's, so the feed is told as Alice.
    feed: feedCameoHooks(async () => ({ handle: 'alice', client: aliceFeed })),
    // No capture check here (these recordings are not speeches), but the references come from the recording as ever.
    extractReferences: referenceExtractor(() => locateMediaTools({ settingPath: '', env: process.env })),
  });
  const packs = new PackRegistry(host.modelsDir, () => host.settings.get().modelPack);
  queue = new GenerationQueue({
    packs,
    worker: new InferenceWorker(host.spawnWorker, host.workerEntry),
    mediaTools: () => locateMediaTools({ settingPath: '', env: process.env }),
    settings: () => host.settings.get(),
    rendersDir: path.join(dataDir, 'renders'),
    mediaUrl: (p) => `file://${p}`,
    admission: cameos.generations,
  });
  cameos.generations.attach(queue);
  makeRouter = () => buildRouter(cameos, queue, packs);
}, 60_000);

afterAll(async () => {
  await queue?.dispose();
  await feedServer?.close();
  await removeTempDirs();
});

describe('cameo consent', () => {
  let cameoId: string;
  const notifications: CameoNotification[] = [];
  let projectDir: string;
  let firstTake: string;

  it('Alice records a cameo: consent record with the recording hash, media sealed at rest, plaintext gone, registered with the feed', async () => {
    const staged = await stageCapture('alice');
    const recordingBytes = await readFile(path.join(cameos.incomingDir, staged.recording));
    const record = await as('alice').cameos.create({
      displayName: 'Alice',
      handle: '@alice.beach',
      kind: 'person',
      phrase: 'purple lanterns drift over seven quiet hills',
      recording: staged.recording,
    });
    cameoId = record.id;
    expect(record).toMatchObject({ owner: 'alice', handle: 'alice.beach', kind: 'person', permission: 'only_me' });
    expect(record.consent).toMatchObject({ by: 'alice', phrase: 'purple lanterns drift over seven quiet hills' });
    expect(record.consent.recordingSha256).toBe((await import('node:crypto')).createHash('sha256').update(recordingBytes).digest('hex'));
    expect(await readdir(cameos.incomingDir)).toEqual([]);
    const sealed = await readdir(cameos.vault.dirOf(cameoId));
    // The reference images were taken from the recording by the engine (a still photo: one frame is as good as the next).
    expect(record.references.length).toBeGreaterThanOrEqual(1);
    expect(sealed.sort()).toEqual(['recording.mp4.sealed', ...record.references.map((r) => `${r.name}.sealed`)].sort());
    const onDisk = await readFile(path.join(cameos.vault.dirOf(cameoId), 'recording.mp4.sealed'));
    expect(onDisk.includes(recordingBytes.subarray(0, 64))).toBe(false);
    expect((await stat(path.join(dataDir, 'cameos', 'key'))).mode & 0o777).toBe(0o600);
    expect(await aliceFeed.request('GET', `/api/cameos/${cameoId}`)).toMatchObject({ ownerHandle: 'alice', permission: 'only_me', consentHash: record.consent.recordingSha256 });
    // The cameo's owner is who the engine says is acting, not a field a client can set.
    await expect(as('alice').cameos.create({ displayName: 'X', handle: 'x2', kind: 'pet', phrase: 'four words at least', recording: staged.recording, owner: 'bob' } as never)).rejects.toThrow();
  });

  it('Bob without a grant cannot generate with Alice\'s cameo', async () => {
    const before = queue.list().length;
    const error = await trpcError(as('bob').cameos.generate({ request: { prompt: 'a person waves on the beach', seconds: 1 }, cameos: [{ cameoId, track }] }));
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toBe('@alice keeps it to themselves: you may not use the cameo @alice.beach; ask them for access');
    expect(queue.list()).toHaveLength(before);
    expect(await as('bob').cameos.sharedWithMe()).toEqual([]);
    expect((await trpcError(as('bob').cameos.reference({ id: cameoId }))).code).toBe('FORBIDDEN');
    // Bob cannot see or change her cameo's settings either.
    expect((await trpcError(as('bob').cameos.update({ id: cameoId, permission: 'everyone' }))).code).toBe('NOT_FOUND');
  });

  it('Bob asks, Alice approves, and Bob generates: the owner\'s instructions join the prompt, the use is logged and Alice is notified', async () => {
    const controller = new AbortController();
    const watcher = makeRouter().createCaller({ clientId: 'alice' }, { signal: controller.signal });
    const stream = (await watcher.cameos.notifications()) as AsyncIterable<CameoNotification>;
    const collecting = (async () => {
      for await (const event of stream) notifications.push(event);
    })();

    await as('alice').cameos.update({ id: cameoId, permission: 'people_i_approve', instructions: ['always wearing round glasses'] });
    expect((await as('bob').cameos.lookup({ handle: '@alice.beach' })).usable).toBe(false);
    await as('bob').cameos.request({ id: cameoId, note: 'for my beach short' });
    expect(await as('alice').cameos.requests()).toMatchObject([{ user: 'bob', state: 'requested', note: 'for my beach short' }]);
    await as('alice').cameos.approve({ id: cameoId, user: 'bob' });
    expect((await as('bob').cameos.sharedWithMe()).map((c) => c.id)).toEqual([cameoId]);
    // Approved, he may see the reference image (for the placement stage): the sealed still, opened.
    const { dataUrl } = await as('bob').cameos.reference({ id: cameoId });
    const [header, base64] = dataUrl.split(',');
    expect(header).toBe('data:image/png;base64');
    const [record] = await as('alice').cameos.mine();
    expect(createHash('sha256').update(Buffer.from(base64!, 'base64')).digest('hex')).toBe(record!.references[0]!.sha256);

    projectDir = path.join(path.dirname(dataDir), 'Beach short');
    await mkdir(projectDir, { recursive: true });
    await writeFile(path.join(projectDir, 'project.json'), '{}');
    const { job } = await as('bob').cameos.generate({ request: { prompt: 'a person waves on the beach', seconds: 1, seed: 3 }, cameos: [{ cameoId, track }], dir: projectDir });
    expect(job.settings.prompt).toBe('a person waves on the beach, always wearing round glasses');
    firstTake = job.id;
    expect(job.settings.cameoCount).toBe(1);
    const done = await waitFor(job.id, (j) => j.status === 'complete' || j.status === 'error');
    expect(done.status, JSON.stringify(done)).toBe('complete');

    const log = await as('alice').cameos.usage({ id: cameoId });
    expect(log).toMatchObject([{ user: 'bob', purpose: 'generation', jobId: job.id }]);
    await expect.poll(() => notifications.filter((n) => n.type === 'used').length).toBe(1);
    expect(notifications.find((n) => n.type === 'requested')).toMatchObject({ owner: 'alice', grant: { user: 'bob' } });
    // Alice also keeps notices of both until she dismisses them: who, which cameo, which project.
    const cameoRef = { id: cameoId, handle: 'alice.beach', displayName: 'Alice' };
    await expect.poll(() => notifications.filter((n) => n.type === 'notice').length).toBe(2);
    const aliceNotices = await as('alice').cameos.notices();
    expect(aliceNotices).toMatchObject([
      { to: 'alice', kind: 'used', by: 'bob', cameo: cameoRef, purpose: 'generation', projectDirs: [projectDir] },
      { to: 'alice', kind: 'requested', by: 'bob', cameo: cameoRef, note: 'for my beach short' },
    ]);
    expect(await as('bob').cameos.notices()).toEqual([]);
    expect((await trpcError(as('bob').cameos.dismissNotice({ id: aliceNotices[0]!.id }))).code).toBe('NOT_FOUND');
    await as('alice').cameos.dismissNotice({ id: aliceNotices[1]!.id });
    expect((await as('alice').cameos.notices()).map((n) => n.kind)).toEqual(['used']);
    controller.abort();
    await collecting.catch(() => undefined);
    // The decrypted reference lived only as long as the job.
    await expect.poll(() => cameos.vault.openedDirs()).toEqual([]);
  });

  it('a restriction blocks a matching prompt and says which rule', async () => {
    await as('alice').cameos.update({ id: cameoId, restrictions: [{ kind: 'no_topic', topic: 'political' }, { kind: 'never_say', phrase: 'buy crypto' }] });
    const political = await trpcError(as('bob').cameos.generate({ request: { prompt: 'a person gives a speech at an election rally', seconds: 1 }, cameos: [{ cameoId, track }] }));
    expect(political.code).toBe('FORBIDDEN');
    expect(political.message).toBe('@alice\'s rule for the cameo @alice.beach — "no political content" — refuses this prompt (it mentions "election")');
    const said = await trpcError(as('bob').cameos.generate({ request: { prompt: 'she smiles and says "Buy crypto!"', seconds: 1 }, cameos: [{ cameoId, track }] }));
    expect(said.message).toContain('"never say "buy crypto""');
    await expect(cameos.library.assertPromptAllowed([cameoId], 'a person waves on the beach')).resolves.toBeUndefined();
  });

  it('after Alice revokes Bob: his queued job is cancelled, his next job and an export are refused, his feed post is delisted, his take is flagged', async () => {
    // Bob posts a video with the cameo while he may: Alice's approval reached the feed's registry too.
    expect(await aliceFeed.request('GET', `/api/cameos/${cameoId}`)).toMatchObject({ permission: 'people_i_approve' });
    const video = path.join(path.dirname(dataDir), 'post.mp4');
    ffmpegMake(['-f', 'lavfi', '-i', 'testsrc=duration=1:size=160x120:rate=12', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', video]);
    const post = await bobFeed.publish(video, { title: 'Beach with Alice', cameoIds: [cameoId] });
    expect((await bobFeed.feed({ mode: 'chronological' })).posts.map((p) => p.id)).toContain(post.id);

    // A long job without cameos holds the worker, so Bob's cameo job waits in the queue.
    const blocker = await queue.enqueue({ prompt: 'a red ball bouncing', seconds: 2, seed: 1 }, { packDir: slowPack });
    await waitFor(blocker.id, (j) => j.status === 'running');
    const { job: queued } = await as('bob').cameos.generate({ request: { prompt: 'a person jumps into the sea', seconds: 1 }, cameos: [{ cameoId, track }] });
    expect(queue.get(queued.id)?.status).toBe('queued');

    // Bob's studio listens as Bob; nothing of his is flagged yet.
    const bobEvents: CameoNotification[] = [];
    const controller = new AbortController();
    const bobStream = (await makeRouter().createCaller({ clientId: 'bob' }, { signal: controller.signal }).cameos.notifications()) as AsyncIterable<CameoNotification>;
    const listening = (async () => {
      for await (const event of bobStream) bobEvents.push(event);
    })();
    expect(await as('bob').cameos.flaggedTakes({ takeIds: [firstTake, queued.id] })).toEqual([]);

    const result = await as('alice').cameos.revoke({ id: cameoId, user: 'bob' });
    expect(result).toMatchObject({ revoked: ['bob'], flaggedUses: 2, feed: { delisted: 1 } });

    // Bob hears of it at once and keeps the notice: who, which cameo, how many takes, where.
    const revokedNotice = { to: 'bob', kind: 'revoked', by: 'alice', cameo: { id: cameoId, handle: 'alice.beach' }, flaggedTakes: 2, projectDirs: [projectDir] };
    await expect.poll(() => bobEvents.find((e) => e.type === 'notice')).toMatchObject({ type: 'notice', notice: revokedNotice });
    expect(bobEvents.filter((e) => e.type === 'used' || e.type === 'requested')).toEqual([]);
    expect(await as('bob').cameos.notices()).toMatchObject([revokedNotice]);
    controller.abort();
    await listening.catch(() => undefined);
    // His project's takes with the cameo are flagged, whoever asks (the studio asks with the take ids of the open project).
    const flaggedTakes = await as('carol').cameos.flaggedTakes({ takeIds: [firstTake, queued.id, 'some-other-take'] });
    expect(flaggedTakes.map((f) => f.takeId).sort()).toEqual([firstTake, queued.id].sort());
    expect(flaggedTakes[0]).toMatchObject({ cameo: { id: cameoId, handle: 'alice.beach', displayName: 'Alice' }, owner: 'alice', user: 'bob', reason: 'revoked', renderDeleted: false });

    const cancelled = await waitFor(queued.id, (j) => j.status !== 'queued');
    expect(cancelled).toMatchObject({ status: 'cancelled', reason: '@alice revoked your use of the cameo @alice.beach' });
    queue.cancel(blocker.id);

    const next = await trpcError(as('bob').cameos.generate({ request: { prompt: 'a person waves on the beach', seconds: 1 }, cameos: [{ cameoId, track }] }));
    expect(next.code).toBe('FORBIDDEN');
    expect(next.message).toBe('@alice revoked your use of the cameo @alice.beach');

    // The export module asks the same question before writing a file.
    const exportCheck = await cameos.library.assertCameosUsable([cameoId], 'bob').then(() => null, (e: unknown) => e);
    expect(exportCheck).toBeInstanceOf(CameoConsentError);
    expect(exportCheck).toMatchObject({ reason: 'revoked', cameoId });
    await expect(cameos.library.assertCameosUsable([cameoId], 'alice')).resolves.toBeUndefined();

    expect((await bobFeed.feed({ mode: 'chronological' })).posts.map((p) => p.id)).not.toContain(post.id);
    await expect(bobFeed.publish(video, { title: 'Again', cameoIds: [cameoId] })).rejects.toMatchObject({ status: 403, message: `@alice revoked your use of cameo ${cameoId}.` });
    // Alice's usage log on the feed's side: Bob's post, now delisted.
    expect(await as('alice').cameos.posts({ id: cameoId })).toMatchObject([{ id: post.id, authorHandle: 'bob', status: 'delisted', title: 'Beach with Alice' }]);
    expect((await trpcError(as('bob').cameos.posts({ id: cameoId }))).code).toBe('NOT_FOUND');
    const bobNotes = await bobFeed.request<{ notifications: { kind: string }[] }>('GET', '/api/notifications');
    expect(bobNotes.notifications.map((n) => n.kind)).toContain('post_delisted');

    // Even shared with everyone, a revoked person stays out; asking again is refused.
    await as('alice').cameos.update({ id: cameoId, permission: 'everyone' });
    expect((await as('bob').cameos.lookup({ handle: 'alice.beach' })).usable).toBe(false);
    expect((await trpcError(as('bob').cameos.request({ id: cameoId }))).code).toBe('FORBIDDEN');

    // Alice sees Bob's finished take flagged and deletes it.
    const flagged = await as('alice').cameos.flagged();
    const take = flagged.find((u) => u.renderPath);
    expect(take?.user).toBe('bob');
    expect(existsSync(take!.renderPath!)).toBe(true);
    expect((await trpcError(as('bob').cameos.deleteFlagged({ usageId: take!.id }))).code).toBe('NOT_FOUND');
    await as('alice').cameos.deleteFlagged({ usageId: take!.id });
    expect(existsSync(take!.renderPath!)).toBe(false);
    // The take stays flagged in Bob's project, now without its render.
    expect(await as('bob').cameos.flaggedTakes({ takeIds: [take!.jobId!] })).toMatchObject([{ takeId: take!.jobId, renderDeleted: true }]);
  }, 120_000);

  it('a job already running with the cameo is stopped when its user\'s consent is revoked', async () => {
    await as('alice').cameos.approve({ id: cameoId, user: 'dave' });
    host.settings.update({ modelPack: slowPack });
    try {
      const { job } = await as('dave').cameos.generate({ request: { prompt: 'a person runs along the beach', seconds: 2 }, cameos: [{ cameoId, track }] });
      await waitFor(job.id, (j) => j.status === 'running' && j.phase === 'denoise');
      await as('alice').cameos.revoke({ id: cameoId, user: 'dave' });
      expect(await waitFor(job.id, (j) => j.status !== 'running')).toMatchObject({ status: 'cancelled', reason: '@alice revoked your use of the cameo @alice.beach' });
    } finally {
      host.settings.update({ modelPack: FIXTURE_PACK_DIR });
    }
  }, 120_000);

  it('mutual followers may use a cameo until the owner revokes everyone', async () => {
    await as('alice').cameos.update({ id: cameoId, permission: 'mutual_followers', restrictions: [] });
    await expect(cameos.library.assertCameosUsable([cameoId], 'carol')).rejects.toThrow('has not approved you');
    follows.follow('alice', 'carol');
    follows.follow('carol', 'alice');
    await expect(cameos.library.assertCameosUsable([cameoId], 'carol')).resolves.toBeUndefined();
    expect(await as('alice').cameos.revoke({ id: cameoId, everyone: true })).toMatchObject({ revoked: 'everyone' });
    await expect(cameos.library.assertCameosUsable([cameoId], 'carol')).rejects.toThrow('keeps it to themselves');
    expect((await as('alice').cameos.mine())[0]?.permission).toBe('only_me');
    expect(await aliceFeed.request('GET', `/api/cameos/${cameoId}`)).toMatchObject({ permission: 'only_me' });
  });

  it('refuses incoming names that leave the incoming folder, symlinks, and recordings that are not videos', async () => {
    const base = { displayName: 'Rex', handle: 'rex', kind: 'pet' as const, phrase: 'good dog sits still' };
    const traversal = await trpcError(as('alice').cameos.create({ ...base, recording: '../library.json' }));
    expect(traversal.code).toBe('BAD_REQUEST');
    await mkdir(cameos.incomingDir, { recursive: true });
    await symlink(path.join(dataDir, 'cameos', 'key'), path.join(cameos.incomingDir, 'linked.mp4'));
    const linked = await trpcError(as('alice').cameos.create({ ...base, recording: 'linked.mp4' }));
    expect(linked).toMatchObject({ code: 'NOT_FOUND', message: 'no file linked.mp4 in the cameo incoming folder' });
    await writeFile(path.join(cameos.incomingDir, 'fake.mp4'), 'not a video at all');
    const fake = await trpcError(as('alice').cameos.create({ ...base, recording: 'fake.mp4' }));
    expect(fake).toMatchObject({ code: 'BAD_REQUEST', message: 'The recording could not be read as a video; record again, or choose another file.' });
    // The page cannot hand over a reference image of its own any more: the engine takes them from the recording.
    const staged = await stageCapture('rex-still');
    expect((await trpcError(as('alice').cameos.create({ ...base, recording: staged.recording, references: ['face.png'] } as never))).code).toBe('BAD_REQUEST');
  });

  it('deleting a cameo deletes its media and record, and the feed delists posts with it', async () => {
    const staged = await stageCapture('rex2');
    const rex = await as('alice').cameos.create({ displayName: 'Rex', handle: 'rex', kind: 'pet', permission: 'everyone', phrase: 'good dog sits still', recording: staged.recording });
    const video = path.join(path.dirname(dataDir), 'post.mp4');
    const post = await bobFeed.publish(video, { title: 'Rex and me', cameoIds: [rex.id] });
    expect((await trpcError(as('bob').cameos.delete({ id: rex.id }))).code).toBe('NOT_FOUND');
    expect(await as('alice').cameos.delete({ id: rex.id })).toEqual({ feed: { delisted: 1 } });
    expect(existsSync(cameos.vault.dirOf(rex.id))).toBe(false);
    expect((await as('alice').cameos.mine()).map((c) => c.id)).not.toContain(rex.id);
    expect((await trpcError(as('bob').cameos.lookup({ handle: 'rex' }))).code).toBe('NOT_FOUND');
    await expect(cameos.library.assertCameosUsable([rex.id], 'bob')).rejects.toMatchObject({ reason: 'unknown' });
    expect((await bobFeed.feed({ mode: 'chronological' })).posts.map((p) => p.id)).not.toContain(post.id);
  });

  it('deleting a cameo keeps the takes made with it flagged: a tombstone without media, so their exports stay refused; their makers are told', async () => {
    const before = await as('carol').cameos.flaggedTakes({ takeIds: [firstTake] });
    expect(before).toMatchObject([{ takeId: firstTake, reason: 'revoked' }]);
    // Bob's studio listens as Bob, as when he is signed in while Alice deletes the cameo.
    const bobEvents: CameoNotification[] = [];
    const controller = new AbortController();
    const bobStream = (await makeRouter().createCaller({ clientId: 'bob' }, { signal: controller.signal }).cameos.notifications()) as AsyncIterable<CameoNotification>;
    const listening = (async () => {
      for await (const event of bobStream) bobEvents.push(event);
    })();
    await as('alice').cameos.delete({ id: cameoId });

    // Each person who made takes with it hears at once, and keeps the notice: who deleted which cameo, how many of their
    // takes can no longer be exported, and where (Bob's finished take and his cancelled one; Dave's cancelled one).
    const bobNotice = { to: 'bob', kind: 'deleted', by: 'alice', cameo: { id: cameoId, handle: 'alice.beach', displayName: 'Alice' }, flaggedTakes: 2, projectDirs: [projectDir] };
    await expect.poll(() => bobEvents.find((e) => e.type === 'notice')).toMatchObject({ type: 'notice', notice: bobNotice });
    controller.abort();
    await listening.catch(() => undefined);
    expect((await as('bob').cameos.notices()).filter((n) => n.kind === 'deleted')).toMatchObject([bobNotice]);
    expect((await as('dave').cameos.notices()).filter((n) => n.kind === 'deleted')).toMatchObject([{ to: 'dave', kind: 'deleted', by: 'alice', flaggedTakes: 1, projectDirs: [] }]);
    // Carol could use it but made nothing with it; Alice deleted it herself.
    expect((await as('carol').cameos.notices()).filter((n) => n.kind === 'deleted')).toEqual([]);
    expect((await as('alice').cameos.notices()).filter((n) => n.kind === 'deleted')).toEqual([]);
    expect(existsSync(cameos.vault.dirOf(cameoId))).toBe(false);
    expect(await as('alice').cameos.usage({ id: cameoId })).toEqual([]);
    const after = await as('carol').cameos.flaggedTakes({ takeIds: [firstTake, 'some-other-take'] });
    expect(after).toEqual([
      { takeId: firstTake, cameo: { id: cameoId, handle: 'alice.beach', displayName: 'Alice' }, owner: 'alice', user: 'bob', reason: 'deleted', flaggedAt: expect.any(Number), renderDeleted: true },
    ]);
    // What the export engine asks for every take on a timeline: flagged, with no consent hash left to sign.
    expect(await cameos.library.takeCameos([firstTake])).toMatchObject([{ takeId: firstTake, consentHash: null, flag: { reason: 'deleted' } }]);
    // The library keeps take ids, who made them and the cameo's name: no media, no project folders, no render paths.
    const kept = JSON.parse(await readFile(path.join(dataDir, 'cameos', 'library.json'), 'utf8')) as { tombstones: unknown[]; usage: { cameoId: string }[] };
    expect(kept.usage.filter((u) => u.cameoId === cameoId)).toEqual([]);
    const tombstone = kept.tombstones.find((t) => (t as { cameo: { id: string } }).cameo.id === cameoId);
    expect(Object.keys(tombstone as object).sort()).toEqual(['cameo', 'deletedAt', 'owner', 'takes']);
    expect(JSON.stringify(tombstone)).not.toMatch(/renders|\.mp4|Beach short/);
  });
});
