/**
 * Export to feed against a real embedded feed server: the 9:16 render with every mark on lands in the project's
 * renders/ and is published through the feed's publish path, with the provenance the post shows.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedClient } from '../../../feed-server/src/client.js';
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

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'scenecast-feed-export-'));
    tools = await locateMediaTools({ env: process.env });
    const settings = new FileSettingsStore(path.join(dataDir, 'settings.json'));
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
});
