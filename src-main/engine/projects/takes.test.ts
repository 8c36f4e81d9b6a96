/**
 * Takes through the real engine: a job queued for a project renders into its renders/ folder, gets a poster, and its
 * files are reachable by URL; paths that leave the project and folders that are no project are refused.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../testing/fixturePack.js';

let engine: Engine;
let caller: ReturnType<Engine['router']['createCaller']>;

beforeAll(async () => {
  const dataDir = path.join(await makeTempDir('takes'), 'data');
  const host = createNodeHost({ dataDir, mediaUrl: (p) => `media://${p}` });
  host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
  engine = await createEngine(host);
  caller = engine.router.createCaller(engine.createContext({ clientId: 't' }));
});

afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

describe('takes', () => {
  it('renders a take into the project, makes its poster and hands out URLs', async () => {
    const project = await caller.projects.create({ name: 'Takes' });
    const { job, renderPath, modelPack } = await caller.takes.enqueue({ dir: project.dir, request: { prompt: 'a red ball', seconds: 1, seed: 3, steps: 2 } });
    expect(renderPath).toMatch(/^renders\/take-[0-9a-f-]+\.mp4$/);
    expect(modelPack.id).toBe('test-fixture-tiny');
    const done = await engine.queue.wait(job.id);
    expect(done.status).toBe('complete');
    expect(existsSync(path.join(project.dir, renderPath))).toBe(true);

    const poster = await caller.takes.poster({ dir: project.dir, renderPath });
    expect(poster.posterPath).toBe(renderPath.replace(/\.mp4$/, '.poster.jpg'));
    expect(existsSync(path.join(project.dir, poster.posterPath))).toBe(true);

    const urls = await caller.takes.mediaUrls({ dir: project.dir, paths: [renderPath] });
    expect(urls[renderPath]).toBe(`media://${path.join(project.dir, renderPath)}`);

    // Once the document names the take as its scene's active one, the home screen gets its poster.
    const document = {
      ...project.document,
      scenes: [{ id: 's1', prompt: 'a red ball', negativePrompt: '', durationFrames: 24, seed: 3, seedLocked: true, stylePreset: null, cameraPreset: null, takeIds: [job.id], activeTakeId: job.id }],
      takes: [{ id: job.id, sceneId: 's1', renderPath, posterPath: poster.posterPath, frames: 9, fps: 8, seed: 3, modelPack, status: 'ready' as const }],
    };
    await caller.projects.save({ dir: project.dir, document });
    const missing = path.join(project.dir, 'nope');
    expect(await caller.takes.projectPosters({ dirs: [project.dir, missing] })).toEqual({
      [project.dir]: `media://${path.join(project.dir, poster.posterPath)}`,
      [missing]: null,
    });
  });

  it('refuses folders that are no project and paths that leave the project', async () => {
    const project = await caller.projects.create({ name: 'Guarded' });
    const notProject = await makeTempDir('not-a-project');
    await expect(caller.takes.enqueue({ dir: notProject, request: { prompt: 'x', seconds: 1 } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(caller.takes.mediaUrls({ dir: project.dir, paths: ['../../etc/passwd'] })).rejects.toBeInstanceOf(TRPCError);
    await expect(caller.takes.poster({ dir: project.dir, renderPath: 'renders/missing.mp4' })).rejects.toThrow();
  });
});
