/**
 * Export to feed against a real embedded feed server: the 9:16 render with every mark on lands in the project's
 * renders/ and is published through the feed's publish path, with the provenance the post shows.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../../../feed-server/src/client.js';
import { CameoLibrary, CameoVault, keyFileSource } from '../cameos/index.js';
import { FeedService } from '../feed/service.js';
import { locateMediaTools, probeMedia, type MediaTools } from '../media/index.js';
import { ProjectService } from '../projects/service.js';
import { verifyVideo } from '../provenance/index.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { makeExportTestProject, type ExportTestProject } from '../testing/exportProject.js';
import { ExportService } from './service.js';

describe('export to feed', () => {
  let dataDir: string;
  let tools: MediaTools;
  let feed: FeedService;
  let exports: ExportService;
  let project: ExportTestProject;
  let settings: FileSettingsStore;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scenecast-feed-export-'));
    tools = await locateMediaTools({ env: process.env });
    settings = new FileSettingsStore(path.join(dataDir, 'settings.json'));
    const projects = new ProjectService({ defaultParent: () => path.join(dataDir, 'projects'), settings });
    feed = new FeedService({ dataDir, settings, projects });
    exports = new ExportService({ dataDir, appVersion: '0.0.0-test', mediaTools: async () => tools, settings, mediaUrl: (p) => p, feed });
    project = await makeExportTestProject({ tools, parentDir: path.join(dataDir, 'projects'), name: 'Feed cut' });
    settings.update({ recentProjects: [project.dir] });
  });
  afterAll(async () => {
    await feed.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('asks for a feed account before rendering, then renders 9:16 with every mark and publishes it', async () => {
    const request = { projectDir: project.dir, title: 'Flash cut', visibility: 'public' as const, crossfadeFrames: 0, cameos: [] };
    await expect(exports.startFeedExport(request)).rejects.toThrow(/Sign in to the feed first/);

    await feed.signUp({ handle: 'cutter', displayName: 'Cutter', password: 'a long enough password 9' });
    const job = await exports.startFeedExport(request);
    const stages = new Set<string>();
    const stop = exports.subscribe((j) => j.id === job.id && j.state === 'running' && stages.add(j.stage));
    const end = await exports.wait(job.id);
    stop();
    if (end.state !== 'complete') throw new Error(`export to feed ended ${end.state}: ${'message' in end ? end.message : ''}`);
    expect([...stages]).toEqual(expect.arrayContaining(['render', 'watermark', 'sign', 'upload']));
    expect(end).toMatchObject({ width: 1080, height: 1920, sidecars: [], post: { title: 'Flash cut' } });
    expect(path.relative(project.dir, end.output)).toMatch(/^renders[\\/]export-.+\.mp4$/);

    const probe = await probeMedia(tools, end.output);
    expect(probe.video).toMatchObject({ codec: 'h264', width: 1080, height: 1920 });
    const report = await verifyVideo(tools, end.output);
    expect(report.c2pa.status).toBe('valid');
    expect(report.watermark).toMatchObject({ found: true, payload: { exportId: end.exportId } });

    const { url } = await feed.status();
    const [post] = (await new FeedClient(url).feed({ mode: 'chronological' })).posts;
    expect(post).toMatchObject({ id: end.post!.id, title: 'Flash cut', author: { handle: 'cutter' }, cameoIds: [] });
    const provenance = (await (await fetch(`${url}/api/posts/${end.post!.id}/provenance`)).json()) as Record<string, unknown>;
    expect(provenance).toMatchObject({ generator: 'Scenecast', c2pa: true, invisibleWatermark: true, visibleWatermark: true, cameos: [], modelPacks: ['scenecast-test 1.0.0'] });
  }, 480_000);

  it('refuses to post a timeline holding a take made with a since-revoked cameo, before rendering, though the request names no cameo', async () => {
    // The service was built without a library: it reads the one in its data folder, as the CLI does.
    const cameos = path.join(dataDir, 'cameos');
    const library = new CameoLibrary({ dir: cameos, vault: new CameoVault(path.join(cameos, 'media'), keyFileSource(path.join(cameos, 'key'))), follows: { areMutual: async () => false } });
    const cameo = await library.create('zoe', {
      displayName: 'Zoe',
      handle: 'zoe.beach',
      kind: 'person',
      permission: 'everyone',
      phrase: 'nine silver boats at dawn',
      recording: { data: Buffer.from('zoe recording bytes'), ext: 'webm' },
      references: [{ data: Buffer.from('reference bytes'), ext: 'png' }],
    });
    const takeB = randomUUID();
    const flagged = await makeExportTestProject({ tools, parentDir: path.join(dataDir, 'projects'), name: 'Feed cut with Zoe', takeIds: { a: randomUUID(), b: takeB } });
    settings.update({ recentProjects: [flagged.dir, project.dir] });
    await library.recordUse({ cameoId: cameo.id, user: 'cutter', purpose: 'generation', jobId: takeB, projectDir: flagged.dir });
    await library.revoke('zoe', cameo.id, { user: 'cutter' });
    const rendersBefore = await readdir(path.join(flagged.dir, 'renders'));

    await expect(exports.startFeedExport({ projectDir: flagged.dir, title: 'With Zoe', visibility: 'public', crossfadeFrames: 0, cameos: [] })).rejects.toMatchObject({
      kind: 'forbidden',
      message: `Take 1 of scene 2 (${takeB}) on the timeline was made with the cameo @zoe.beach, and @zoe has revoked @cutter's consent to use it. Remove it from the timeline, then export again.`,
    });
    expect(await readdir(path.join(flagged.dir, 'renders'))).toEqual(rendersBefore);
    const { url } = await feed.status();
    expect((await new FeedClient(url).feed({ mode: 'chronological' })).posts.map((p) => p.title)).not.toContain('With Zoe');
  }, 60_000);
});
