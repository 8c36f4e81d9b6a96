import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../media/index.js';
import { createProject } from '../projects/store.js';
import { FileSettingsStore } from '../settings/fileStore.js';
import { trpcError } from '../testing/trpcError.js';
import { router } from '../trpc.js';
import { exportRouter } from './router.js';
import { ExportService } from './service.js';

describe('export router', () => {
  let tmp: string;
  let projectDir: string;
  let settings: FileSettingsStore;
  let caller: ReturnType<ReturnType<typeof makeRouter>['createCaller']>;
  const makeRouter = (service: ExportService) => router({ export: exportRouter(service) });

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'scenecast-export-router-'));
    settings = new FileSettingsStore(path.join(tmp, 'settings.json'));
    projectDir = (await createProject(path.join(tmp, 'projects'), 'Known')).dir;
    settings.update({ recentProjects: [projectDir] });
    const tools = await locateMediaTools({ env: process.env });
    const service = new ExportService({ dataDir: tmp, appVersion: 't', mediaTools: async () => tools, settings, mediaUrl: (p) => p });
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
});
