import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CameoLibrary, CameoLibraryError, CameoVault, keyFileSource } from '../cameos/index.js';
import { locateMediaTools } from '../media/index.js';
import { readProvenance } from '../provenance/index.js';
import { createProject } from '../projects/store.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { makeExportTestProject } from '../testing/exportProject.js';
import { trpcError } from '../testing/trpcError.js';
import { router } from '../trpc.js';
import { exportRouter } from './router.js';
import { ExportService } from './service.js';

describe('export router', () => {
  let tmp: string;
  let projectDir: string;
  let settings: FileSettingsStore;
  let caller: ReturnType<ReturnType<typeof makeRouter>['createCaller']>;
  let service: ExportService;
  let library: CameoLibrary;
  // The real cameo library; the person acting is the caller's client id (the engine asks the signed-in feed account).
  const makeRouter = (exports: ExportService) =>
    router({
      export: exportRouter({
        exports,
        cameoConsent: (ctx, ids) => library.consentForUse(ids, ctx.clientId),
        exporter: async (ctx) => ctx.clientId,
        cameoUsed: async (ctx, ids, use) => {
          for (const cameoId of ids) await library.recordUse({ cameoId, user: ctx.clientId, ...use });
        },
      }),
    });

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scenecast-export-router-'));
    settings = new FileSettingsStore(path.join(tmp, 'settings.json'));
    projectDir = (await createProject(path.join(tmp, 'projects'), 'Known')).dir;
    settings.update({ recentProjects: [projectDir] });
    const tools = await locateMediaTools({ env: process.env });
    library = new CameoLibrary({ dir: path.join(tmp, 'cameos'), vault: new CameoVault(path.join(tmp, 'cameos', 'media'), keyFileSource(path.join(tmp, 'cameos', 'key'))), follows: { areMutual: async () => false } });
    // As the engine wires it: the export asks the same library generation records its takes in.
    service = new ExportService({ dataDir: tmp, appVersion: 't', mediaTools: async () => tools, settings, mediaUrl: (p) => p, cameos: library });
    caller = makeRouter(service).createCaller({ clientId: 'test' });
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('lists H.264 and, on this ffmpeg, what else it can write', async () => {
    const formats = await caller.export.formats();
    expect(formats.find((f) => f.format === 'h264')).toMatchObject({ available: true, extension: '.mp4' });
    expect(formats.map((f) => f.format)).toEqual(['h264', 'hevc', 'prores']);
  });

  it('refuses output names that are paths, and projects the studio has not opened', async () => {
    for (const outputName of ['../../escape', '/etc/passwd', 'sub/dir', '.hidden']) {
      const error = await trpcError(caller.export.start({ projectDir, outputName, options: { preset: '9:16' } }));
      expect(error.code, outputName).toBe('BAD_REQUEST');
    }
    const unknown = await trpcError(caller.export.start({ projectDir: tmp, outputName: 'film', options: { preset: '9:16' } }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/not a project this studio has open/) });
  });

  it('refuses an exports folder that is a link out of the project', async () => {
    const elsewhere = path.join(tmp, 'elsewhere');
    await mkdir(elsewhere);
    const linked = (await createProject(path.join(tmp, 'projects'), 'Linked')).dir;
    await symlink(elsewhere, path.join(linked, 'exports'));
    settings.update({ recentProjects: [linked, projectDir] });
    const error = await trpcError(caller.export.start({ projectDir: linked, outputName: 'film', options: { preset: '9:16' } }));
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/symbolic link leads outside the project folder/) });
  });

  it('refuses the visible mark off without the other marks, and an empty timeline, in words', async () => {
    const marks = await trpcError(caller.export.start({ projectDir, outputName: 'film', options: { preset: '9:16', visibleWatermark: false, invisibleWatermark: false } }));
    expect(marks).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/turn the invisible watermark back on/) });
    const job = await caller.export.start({ projectDir, outputName: 'film', options: { preset: '1:1' } });
    const events = [];
    for await (const event of await caller.export.watch({ jobId: job.id })) events.push(event);
    expect(events.at(-1)).toMatchObject({ state: 'error', message: expect.stringMatching(/timeline is empty/) });
  });

  it('puts the cameos named by id into the manifest with the owner and consent hash from the library, and refuses cameos the exporter may not use', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const cameo = await library.create('maya', {
      displayName: 'Maya',
      handle: 'maya',
      kind: 'person',
      phrase: 'seven quiet hills',
      recording: { data: Buffer.from('recording bytes'), ext: 'webm' },
      references: [{ data: png, ext: 'png' }],
    });
    const tools = await locateMediaTools({ env: process.env });
    const film = await makeExportTestProject({ tools, parentDir: path.join(tmp, 'projects'), name: 'With Maya' });
    settings.update({ recentProjects: [film.dir, projectDir] });
    const options = { preset: 'custom' as const, width: 64, height: 112, invisibleWatermark: false };

    // Theo has no grant: refused before anything is rendered, in the library's words.
    const theo = makeRouter(service).createCaller({ clientId: 'theo' });
    const refused = await trpcError(theo.export.start({ projectDir: film.dir, outputName: 'theo', options, cameoIds: [cameo.id] }));
    expect(refused.code).toBe('FORBIDDEN');

    const maya = makeRouter(service).createCaller({ clientId: 'maya' });
    const job = await maya.export.start({ projectDir: film.dir, outputName: 'with maya', options, cameoIds: [cameo.id] });
    const end = await service.wait(job.id);
    expect(end.state).toBe('complete');
    const report = await readProvenance(path.join(film.dir, 'exports', 'with maya.mp4'));
    if (report.status === 'absent') throw new Error('the export has no C2PA manifest');
    const expected = (await library.consentForUse([cameo.id], 'maya'))[0]!;
    expect(report.manifest.cameos).toEqual([{ id: cameo.id, ownerHandle: 'maya', consentHash: expected.consentHash }]);
    // The owner's usage log shows the export (noted once the file is made).
    await expect.poll(async () => (await library.usageLog('maya')).map((u) => [u.purpose, u.user, u.projectDir])).toEqual([['export', 'maya', film.dir]]);
  }, 120_000);

  describe('a take made with a cameo', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 4, 5, 6]);
    const options = { preset: 'custom' as const, width: 64, height: 112, invisibleWatermark: false };
    // A take's id is its generation job's id, which the cameo library's usage log records.
    const takeA = randomUUID();
    let beach: { dir: string };
    let cameoId: string;
    let consentHash: string;
    const as = (user: string) => makeRouter(service).createCaller({ clientId: user });
    const exportsIn = async (dir: string) => readdir(path.join(dir, 'exports')).catch(() => []);

    beforeAll(async () => {
      const cameo = await library.create('zoe', {
        displayName: 'Zoe',
        handle: 'zoe.beach',
        kind: 'person',
        permission: 'people_i_approve',
        phrase: 'nine silver boats at dawn',
        recording: { data: Buffer.from('zoe recording bytes'), ext: 'webm' },
        references: [{ data: png, ext: 'png' }],
      });
      cameoId = cameo.id;
      consentHash = cameo.consent.recordingSha256;
      await library.approve('zoe', cameoId, 'bob');
      const tools = await locateMediaTools({ env: process.env });
      beach = await makeExportTestProject({ tools, parentDir: path.join(tmp, 'projects'), name: 'Bob at the beach', takeIds: { a: takeA, b: randomUUID() } });
      settings.update({ recentProjects: [beach.dir, projectDir] });
      // What generating the take with the cameo wrote (CameoGenerations.enqueue): Bob's use, under the take's id.
      await library.recordUse({ cameoId, user: 'bob', purpose: 'generation', jobId: takeA, projectDir: beach.dir });
    });

    it('while allowed, exports without the cameo being named, and the manifest lists it from the engine\'s record', async () => {
      const job = await as('bob').export.start({ projectDir: beach.dir, outputName: 'allowed', options });
      const end = await service.wait(job.id);
      if (end.state !== 'complete') throw new Error(`the export ended ${end.state}: ${'message' in end ? end.message : ''}`);
      expect(end.cameoIds).toEqual([cameoId]);
      const report = await readProvenance(end.output);
      if (report.status === 'absent') throw new Error('the export has no C2PA manifest');
      expect(report.manifest.cameos).toEqual([{ id: cameoId, ownerHandle: 'zoe', consentHash }]);
      // The owner sees the export in her usage log, though the studio never named the cameo.
      await expect.poll(async () => (await library.usageLog('zoe', cameoId)).map((u) => [u.purpose, u.user])).toEqual([
        ['export', 'bob'],
        ['generation', 'bob'],
      ]);
    }, 120_000);

    it('once the owner narrows who may use the cameo, without revoking anyone, refuses whoever may not use it now, but not the owner', async () => {
      const bobDirect = { projectDir: beach.dir, outPath: path.join(beach.dir, 'exports', 'narrowed.mp4'), options: { ...options, format: 'h264' as const, crossfadeFrames: 0, visibleWatermark: true, c2pa: true, cameos: [] }, destination: 'file' as const };
      const take = `Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach`;
      try {
        // Zoe keeps the cameo to herself now: nobody is revoked, so nothing is flagged.
        await library.update('zoe', cameoId, { permission: 'only_me' });
        expect(await library.flaggedTakes([takeA])).toEqual([]);
        const before = await exportsIn(beach.dir);
        const bob = `${take}, which @zoe does not share with @bob now. Ask @zoe for access, or remove it from the timeline, then export again.`;
        expect(await trpcError(as('bob').export.start({ projectDir: beach.dir, outputName: 'narrowed', options }))).toMatchObject({ code: 'FORBIDDEN', message: bob });
        expect(await trpcError(as('bob').export.toFeed({ projectDir: beach.dir, title: 'Beach' }))).toMatchObject({ code: 'FORBIDDEN', message: bob });
        // The service itself refuses, before any job exists, whoever the request says is exporting.
        await expect(service.start({ ...bobDirect, exporter: async () => 'bob' })).rejects.toMatchObject({ kind: 'forbidden', message: bob });
        expect(await exportsIn(beach.dir)).toEqual(before);

        // Shared with approved people again: Bob may export; Carol, who opened his project but was never approved, may not.
        await library.update('zoe', cameoId, { permission: 'people_i_approve' });
        await expect(service.checkTimelineCameos(beach.dir, async () => 'bob')).resolves.toBeUndefined();
        expect(await trpcError(as('carol').export.start({ projectDir: beach.dir, outputName: 'carol', options }))).toMatchObject({
          code: 'FORBIDDEN',
          message: `${take}, which @zoe does not share with @carol now. Ask @zoe for access, or remove it from the timeline, then export again.`,
        });
        // Shared with everyone, someone Zoe revoked stays out, though the take (Bob's) is not flagged.
        await library.update('zoe', cameoId, { permission: 'everyone' });
        await expect(service.checkTimelineCameos(beach.dir, async () => 'carol')).resolves.toBeUndefined();
        await library.revoke('zoe', cameoId, { user: 'dana' });
        expect(await library.flaggedTakes([takeA])).toEqual([]);
        expect(await trpcError(as('dana').export.start({ projectDir: beach.dir, outputName: 'dana', options }))).toMatchObject({
          code: 'FORBIDDEN',
          message: `${take}, and @zoe has revoked @dana's consent to use it. Remove it from the timeline, then export again.`,
        });
        // Nobody signed in: nobody the cameo is shared with, so refused too, saying what to do.
        const signedOut = await service.checkTimelineCameos(beach.dir, async () => Promise.reject(new CameoLibraryError('Sign in to the feed first: a cameo belongs to your account.', 'forbidden'))).catch((e: unknown) => e);
        expect(signedOut).toMatchObject({ kind: 'forbidden', message: `${take}, so it may be exported only by someone @zoe shares it with. Sign in to the feed first: a cameo belongs to your account.` });
        expect(await exportsIn(beach.dir)).toEqual(before);

        // The owner may export a project holding a take made with her cameo, whoever she shares it with.
        await library.update('zoe', cameoId, { permission: 'only_me' });
        const job = await as('zoe').export.start({ projectDir: beach.dir, outputName: 'zoe', options });
        const end = await service.wait(job.id);
        if (end.state !== 'complete') throw new Error(`the owner's export ended ${end.state}: ${'message' in end ? end.message : ''}`);
        expect(end.cameoIds).toEqual([cameoId]);
      } finally {
        await library.update('zoe', cameoId, { permission: 'people_i_approve' });
      }
    }, 120_000);

    it('a revocation while the export renders ends it in an error, and its file is removed', async () => {
      // The library as the service sees it, with the owner revoking Bob just before the service's last look (the one
      // after the file is made; the first two are in `start` and when the job opens the project).
      let looks = 0;
      const revokingLate = new ExportService({
        dataDir: tmp,
        appVersion: 't',
        mediaTools: () => locateMediaTools({ env: process.env }),
        settings,
        mediaUrl: (p) => p,
        cameos: {
          takeCameos: async (ids) => {
            if (++looks === 3) await library.revoke('zoe', cameoId, { user: 'bob' });
            return library.takeCameos(ids);
          },
          assertCameosUsable: (ids, user) => library.assertCameosUsable(ids, user),
        },
      });
      const out = path.join(beach.dir, 'exports', 'late.mp4');
      const job = await revokingLate.start({ projectDir: beach.dir, outPath: out, options: { ...options, format: 'h264', crossfadeFrames: 0, visibleWatermark: true, c2pa: true, cameos: [] }, destination: 'file' });
      const end = await revokingLate.wait(job.id);
      expect(looks).toBe(3);
      expect(end).toMatchObject({ state: 'error', message: expect.stringContaining("was made with the cameo @zoe.beach, and @zoe has revoked @bob's consent to use it") });
      expect(existsSync(out)).toBe(false);
      expect((await exportsIn(beach.dir)).filter((name) => name.includes('late'))).toEqual([]);
    }, 120_000);

    it('once the owner has revoked its maker, refuses the export before rendering even when the request names no cameo, for anyone, to a file or the feed', async () => {
      expect(await library.flaggedTakes([takeA])).toMatchObject([{ takeId: takeA, reason: 'revoked', user: 'bob' }]);
      const before = await exportsIn(beach.dir);
      const message = `Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach, and @zoe has revoked @bob's consent to use it. Remove it from the timeline, then export again.`;
      expect(await trpcError(as('bob').export.start({ projectDir: beach.dir, outputName: 'revoked', options }))).toMatchObject({ code: 'FORBIDDEN', message });
      // The flag belongs to the take: the cameo's owner exporting Bob's project is refused too.
      expect(await trpcError(as('zoe').export.start({ projectDir: beach.dir, outputName: 'revoked', options, cameoIds: [cameoId] }))).toMatchObject({ code: 'FORBIDDEN', message });
      expect(await trpcError(as('bob').export.toFeed({ projectDir: beach.dir, title: 'Beach' }))).toMatchObject({ code: 'FORBIDDEN', message });
      // A client that skips the router (or the CLI) reaches the same refusal in the service, before any job exists.
      await expect(service.start({ projectDir: beach.dir, outPath: path.join(beach.dir, 'exports', 'direct.mp4'), options: { ...options, format: 'h264', crossfadeFrames: 0, visibleWatermark: true, c2pa: true, cameos: [] }, destination: 'file' })).rejects.toMatchObject({ kind: 'forbidden', message });
      expect(await exportsIn(beach.dir)).toEqual(before);
    });

    it('after the owner deletes the cameo, its media are gone and the take is still flagged and its export still refused', async () => {
      await library.delete('zoe', cameoId);
      expect(existsSync(path.join(tmp, 'cameos', 'media', cameoId))).toBe(false);
      expect(await library.usageLog('zoe', cameoId)).toEqual([]);
      expect(await library.flaggedTakes([takeA])).toMatchObject([{ takeId: takeA, reason: 'deleted', cameo: { id: cameoId, handle: 'zoe.beach' }, owner: 'zoe', user: 'bob' }]);
      const refused = await trpcError(as('bob').export.start({ projectDir: beach.dir, outputName: 'deleted', options }));
      expect(refused).toMatchObject({
        code: 'FORBIDDEN',
        message: `Take 1 of scene 1 (${takeA}) on the timeline was made with the cameo @zoe.beach, which @zoe has deleted. Remove it from the timeline, then export again.`,
      });
      expect(await exportsIn(beach.dir)).not.toContain('deleted.mp4');
    });
  });
});
