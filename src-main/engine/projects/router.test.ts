import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSettingsStore } from '../settings/fileStore.js';
import { router } from '../trpc.js';
import { projectsRouter } from './router.js';
import { ProjectService } from './service.js';

describe('projects router', () => {
  let dir: string;
  let caller: ReturnType<ReturnType<typeof makeRouter>['createCaller']>;
  const makeRouter = (service: ProjectService) => router({ projects: projectsRouter(service) });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scenecast-projects-'));
    const settings = new FileSettingsStore(path.join(dir, 'settings.json'));
    const service = new ProjectService({ defaultParent: () => path.join(dir, 'projects'), settings });
    caller = makeRouter(service).createCaller({ clientId: 'test' });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, lists as recent, saves and reopens a project', async () => {
    const created = await caller.projects.create({ name: 'Beach day' });
    expect(path.basename(created.dir)).toBe('Beach day');
    const recent = await caller.projects.recent();
    expect(recent).toEqual([{ dir: created.dir, name: 'Beach day', problem: null }]);
    await caller.projects.save({ dir: created.dir, document: { ...created.document, name: 'Beach day (cut 2)' } });
    const reopened = await caller.projects.open({ dir: path.join(created.dir, 'project.json') });
    expect(reopened.document.name).toBe('Beach day (cut 2)');
  });

  it('refuses an invalid document with a validation error and keeps the saved one', async () => {
    const created = await caller.projects.create({ name: 'Keep me' });
    await expect(caller.projects.save({ dir: created.dir, document: { ...created.document, fps: -3 } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await caller.projects.open({ dir: created.dir })).document.fps).toBe(created.document.fps);
  });

  it('reports a damaged project.json as a precondition failure, naming the file', async () => {
    const created = await caller.projects.create({ name: 'Damaged' });
    writeFileSync(path.join(created.dir, 'project.json'), '{ not json');
    const error = await caller.projects.open({ dir: created.dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('PRECONDITION_FAILED');
    expect((error as TRPCError).message).toMatch(/project\.json is damaged/);
    expect((await caller.projects.recent())[0]?.problem).toMatch(/damaged/);
  });

  it('saves as a new project, which is opened and listed first among the recent ones', async () => {
    const created = await caller.projects.create({ name: 'First draft' });
    const copy = await caller.projects.saveAs({ dir: created.dir, name: 'Second draft', document: created.document });
    expect(path.basename(copy.dir)).toBe('Second draft');
    expect(copy.document.name).toBe('Second draft');
    expect((await caller.projects.recent()).map((p) => p.name)).toEqual(['Second draft', 'First draft']);
    expect((await caller.projects.open({ dir: copy.dir })).document.id).toBe(copy.document.id);
  });

  it('answers a bad save-as with BAD_REQUEST: an empty name, a name with nothing usable, a file as the folder', async () => {
    const created = await caller.projects.create({ name: 'Source' });
    const base = { dir: created.dir, document: created.document };
    await expect(caller.projects.saveAs({ ...base, name: '   ' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(caller.projects.saveAs({ ...base, name: '..' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: /use letters or digits/ });
    writeFileSync(path.join(dir, 'a-file'), '');
    await expect(caller.projects.saveAs({ ...base, name: 'Copy', parentDir: path.join(dir, 'a-file') })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: /cannot make a project folder/,
    });
  });

  it('says a missing folder is not found', async () => {
    await expect(caller.projects.open({ dir: path.join(dir, 'nope') })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
