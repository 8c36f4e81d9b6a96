/**
 * The studio's state against the real engine in-process (tRPC local link, tiny random-weight pack, real ffmpeg):
 * scenes generate into takes that land with posters, go on the timeline, autosave to project.json, and undo never
 * takes a landed take away.
 */
import path from 'node:path';
import { createTRPCClient, unstable_localLink } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src-main/engine/index.js';
import type { AppRouter } from '../../src-main/engine/router.js';
import { createNodeHost } from '../../src-main/engine/system/nodeHost.js';
import { FIXTURE_PACK_DIR, makeTempDir, removeTempDirs } from '../../src-main/engine/testing/fixturePack.js';
import { sceneAdded, scenesPlaced } from '../features/document/documentSlice';
import { jobChanged, snapshotReceived } from '../features/generation/generationSlice';
import { generateScenes } from '../features/generation/takeFlow';
import { undo } from '../features/history/undoable';
import { createProject } from '../features/project/sessionSlice';
import { createAppStore, type AppStore } from './store';

let engine: Engine;
let store: AppStore;
let client: ReturnType<typeof createTRPCClient<AppRouter>>;
let unsubscribe: () => void;

beforeAll(async () => {
  const dataDir = path.join(await makeTempDir('studio-flow'), 'data');
  const host = createNodeHost({ dataDir, mediaUrl: (p) => `media://${p}` });
  host.settings.update({ modelPack: FIXTURE_PACK_DIR, executionProvider: 'cpu', cpuThreads: 1 });
  engine = await createEngine(host);
  client = createTRPCClient<AppRouter>({
    links: [unstable_localLink({ router: engine.router, createContext: async () => engine.createContext({ clientId: 'studio-test' }) })],
  });
  store = createAppStore(client);
  const sub = client.generation.watch.subscribe(undefined, {
    onData: (event) => store.dispatch(event.type === 'snapshot' ? snapshotReceived(event.jobs) : jobChanged(event.job)),
  });
  unsubscribe = () => sub.unsubscribe();
});

afterAll(async () => {
  unsubscribe?.();
  await engine?.dispose();
  await removeTempDirs();
});

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('generates a storyboard into takes, places them, autosaves, and keeps takes through undo', async () => {
  await store.dispatch(createProject('Flow'));
  const dir = store.getState().session.dir!;
  expect(store.getState().session.phase).toBe('open');
  store.dispatch(sceneAdded({ fields: { prompt: 'a red ball', durationFrames: 24 } }));
  store.dispatch(sceneAdded({ fields: { prompt: 'a blue cube', durationFrames: 24, stylePreset: 'noir' } }));
  const sceneIds = [...store.getState().document.present.scenes.ids];

  const queued = await store.dispatch(generateScenes({ sceneIds }));
  expect(queued.payload).toBe(2);
  const doc = () => store.getState().document.present;
  await until(() => doc().takes.ids.every((id) => doc().takes.entities[id]!.status === 'ready' && doc().takes.entities[id]!.posterPath !== null), 'takes with posters');
  for (const sceneId of sceneIds) {
    const scene = doc().scenes.entities[sceneId]!;
    expect(scene.takeIds).toHaveLength(1);
    expect(scene.activeTakeId).toBe(scene.takeIds[0]);
  }
  // The style preset reached the engine as part of the prompt.
  const jobPrompts = Object.values(store.getState().generation.entities).map((j) => j!.settings.prompt);
  expect(jobPrompts).toContain('a blue cube, black and white film noir, hard shadows, high contrast');

  store.dispatch(scenesPlaced({ sceneIds }));
  // The test pack makes sound: each take's picture lands with its sound on the audio track, linked to it.
  const placed = () => doc().clips.ids.map((id) => doc().clips.entities[id]!);
  const pictures = placed().filter((c) => !c.audio);
  const sounds = placed().filter((c) => c.audio);
  expect(pictures).toHaveLength(2);
  expect(sounds.map((c) => [c.takeId, c.startFrame, c.linkId])).toEqual(pictures.map((c) => [c.takeId, c.startFrame, c.linkId]));
  expect(sounds.every((c) => doc().takes.entities[c.takeId!]!.audioPath?.startsWith('renders/'))).toBe(true);
  // The edit marks the project unsaved at once, and the autosave lands about a second later.
  expect(store.getState().session.save).toBe('pending');
  await until(() => store.getState().session.save === 'saved', 'the autosave', 10_000);
  const saved = (await client.projects.open.mutate({ dir })).document;
  expect(saved.clips).toHaveLength(4);
  expect(saved.takes.map((t) => t.status)).toEqual(['ready', 'ready']);

  store.dispatch(undo());
  expect(doc().clips.ids).toHaveLength(0);
  expect(doc().takes.ids).toHaveLength(2);
  expect(Object.values(doc().takes.entities).every((t) => t!.status === 'ready')).toBe(true);
});

it('makes three variants of a scene with consecutive seeds, one of which becomes active', async () => {
  const doc = () => store.getState().document.present;
  const sceneId = doc().scenes.ids[0]!;
  const before = doc().scenes.entities[sceneId]!.takeIds.length;
  const seed = doc().scenes.entities[sceneId]!.seed;
  await store.dispatch(generateScenes({ sceneIds: [sceneId], variants: 3 }));
  const scene = () => doc().scenes.entities[sceneId]!;
  expect(scene().takeIds).toHaveLength(before + 3);
  const variants = scene().takeIds.slice(before);
  expect(variants.map((id) => doc().takes.entities[id]!.seed)).toEqual([seed, seed + 1, seed + 2].map((s) => s % 2 ** 32));
  await until(() => variants.every((id) => doc().takes.entities[id]!.status === 'ready'), 'three variants');
  expect(variants).toContain(scene().activeTakeId);
});
