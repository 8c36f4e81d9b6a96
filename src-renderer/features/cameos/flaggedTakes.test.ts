/**
 * A take made with a cameo whose owner revoked consent afterwards, or deleted the cameo, as the studio's state sees it:
 * the engine's flag list reaches the store when the project opens and when asked again after a revocation or a
 * deletion, and every view of the take is marked — its storyboard thumbnail's flag, its timeline clip's label, the
 * cameo track's bar — saying which of the two happened, while the export dialog warns that the engine will refuse the
 * timeline. Real engine in-process (tRPC local link), real cameo library.
 */
import path from 'node:path';
import { createTRPCClient, unstable_localLink } from '@trpc/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src-main/engine/index.js';
import type { AppRouter } from '../../../src-main/engine/router.js';
import { createNodeHost } from '../../../src-main/engine/system/nodeHost.js';
import { makeTempDir, removeTempDirs } from '../../../src-main/engine/testing/fixturePack.js';
import { createAppStore, type AppStore } from '../../app/store';
import { cameoPlaced, sceneAdded, scenesPlaced, takeLanded, takeStarted } from '../document/documentSlice';
import { CAMEO_FLAG_LABEL, selectTakeLabels } from '../document/selectors';
import { closeProject, createProject, openProject } from '../project/sessionSlice';
import { flagBadge, flagText, loadFlaggedTakes, selectFlaggedTake, selectFlagsOnTimeline, timelineFlagsNote } from './flagsSlice';
import { noticeView } from './noticeText';
import { selectPlacementSpans } from './PlacementLane';

let engine: Engine;
let store: AppStore;

beforeAll(async () => {
  const dataDir = path.join(await makeTempDir('flagged-takes'), 'data');
  engine = await createEngine(createNodeHost({ dataDir, mediaUrl: (p) => `media://${p}` }));
  const client = createTRPCClient<AppRouter>({
    links: [unstable_localLink({ router: engine.router, createContext: async () => engine.createContext({ clientId: 'studio-test' }) })],
  });
  store = createAppStore(client);
});

afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8ffff3f0005fe02fea7d6a4e00000000049454e44ae426082', 'hex');

it('marks a take made with a revoked cameo, then a deleted one, in the storyboard, on its timeline clip and cameo track bar, and warns before an export', async () => {
  const library = engine.cameos.library;
  const cameo = await library.create('alice', {
    displayName: 'Alice',
    handle: 'alice.beach',
    kind: 'person',
    phrase: 'purple lanterns drift over seven quiet hills',
    recording: { data: Buffer.from('a recording'), ext: 'mp4' },
    references: [{ data: png, ext: 'png' }],
  });
  await library.approve('alice', cameo.id, 'bob');

  // Bob's project: a scene with Alice placed in it, two takes (one made with her cameo), the cameo take on the timeline.
  await store.dispatch(createProject('Beach short'));
  const dir = store.getState().session.dir!;
  store.dispatch(sceneAdded({ fields: { prompt: 'a person waves on the beach', durationFrames: 24 } }));
  const sceneId = store.getState().document.present.scenes.ids[0]!;
  const take = (id: string) => ({ id, sceneId, renderPath: `renders/take-${id}.mp4`, posterPath: null, frames: 24, fps: 24, seed: 1, modelPack: { id: 'tiny', version: '1' }, status: 'rendering' as const });
  const plain = crypto.randomUUID();
  const withCameo = crypto.randomUUID();
  store.dispatch(takeStarted(take(plain)));
  store.dispatch(takeLanded({ id: plain, frames: 24, fps: 24 }));
  store.dispatch(takeStarted(take(withCameo)));
  store.dispatch(takeLanded({ id: withCameo, frames: 24, fps: 24 }));
  store.dispatch(cameoPlaced({ id: 'placement-1', sceneId, cameoId: cameo.id, label: 'Alice @alice.beach', refAspect: 1, keyframes: [{ t: 0, x: 0, depth: 5, scale: 1.7 }] }));
  store.dispatch(scenesPlaced({ sceneIds: [sceneId] }));
  await library.recordUse({ cameoId: cameo.id, user: 'bob', purpose: 'generation', jobId: withCameo, projectDir: dir, renderPath: path.join(dir, take(withCameo).renderPath) });

  await store.dispatch(loadFlaggedTakes());
  // Nobody is signed in to this studio, so nobody here may export the take made with a cameo yet, and it says so.
  const unsigned = selectFlaggedTake(store.getState(), withCameo)!;
  expect(unsigned).toMatchObject({ reason: 'not_usable', owner: 'alice', user: 'bob', cameo: { id: cameo.id, handle: 'alice.beach' } });
  expect(flagBadge(unsigned)).toBe('Cameo not shared');
  expect(flagText(unsigned)).toBe('Cameo not shared: nobody is signed in; only someone @alice shares the cameo @alice.beach with may export this take (an export of this take would be refused)');
  expect(selectTakeLabels(store.getState()).get(withCameo)).toMatchObject({ prompt: `${CAMEO_FLAG_LABEL.not_usable}a person waves on the beach`, cameoFlag: 'not_usable' });
  expect(selectFlaggedTake(store.getState(), plain)).toBeUndefined();
  expect(timelineFlagsNote(selectFlagsOnTimeline(store.getState()))).toBe('A take on the timeline was made with a cameo, and nobody is signed in: the export will be refused until you sign in as someone its owner shares it with.');

  await library.revoke('alice', cameo.id, { user: 'bob' });
  // Reopened, the project asks the engine which of its takes are flagged.
  await store.dispatch(closeProject());
  expect(store.getState().cameoFlags.byTake).toEqual({});
  await store.dispatch(openProject(dir));
  await until(() => selectFlaggedTake(store.getState(), withCameo) !== undefined, 'the flag list');

  const state = store.getState();
  const flag = selectFlaggedTake(state, withCameo)!;
  expect(flag).toMatchObject({ takeId: withCameo, owner: 'alice', user: 'bob', cameo: { id: cameo.id, handle: 'alice.beach' }, renderDeleted: false });
  expect(selectFlaggedTake(state, plain)).toBeUndefined();
  expect(flagBadge(flag)).toBe('Cameo revoked');
  expect(flagText(flag)).toBe('Cameo revoked: @alice took back consent for Alice (@alice.beach)');
  // The timeline clip's label leads with the mark; the plain take's does not.
  expect(selectTakeLabels(state).get(withCameo)).toEqual({ sceneNumber: 1, prompt: `${CAMEO_FLAG_LABEL.revoked}a person waves on the beach`, posterPath: null, cameoFlag: 'revoked' });
  expect(selectTakeLabels(state).get(plain)?.cameoFlag).toBeNull();
  // The cameo track's bar under the clip says so too.
  expect(selectPlacementSpans(state)).toMatchObject([{ sceneNumber: 1, labels: ['Alice @alice.beach'], revoked: flagText(flag), badge: 'Cameo revoked' }]);
  // The export dialog warns that the engine will refuse this timeline.
  expect(selectFlagsOnTimeline(state)).toEqual([flag]);
  expect(timelineFlagsNote(selectFlagsOnTimeline(state))).toBe('A take on the timeline was made with a cameo whose owner has revoked consent: the export will be refused until it is removed.');

  // The owner deletes the render: the take stays flagged, and says so.
  const usage = (await library.flagged('alice')).find((u) => u.jobId === withCameo)!;
  await library.deleteFlagged('alice', usage.id);
  await store.dispatch(loadFlaggedTakes());
  expect(flagText(selectFlaggedTake(store.getState(), withCameo)!)).toBe('Cameo revoked: @alice took back consent for Alice (@alice.beach); the owner deleted this take');

  // The owner deletes the cameo itself: the take is marked "Cameo deleted" now, not "revoked", wherever it shows.
  await library.delete('alice', cameo.id);
  await store.dispatch(loadFlaggedTakes());
  const deleted = store.getState();
  const gone = selectFlaggedTake(deleted, withCameo)!;
  expect(gone).toMatchObject({ reason: 'deleted', owner: 'alice', user: 'bob' });
  expect(flagBadge(gone)).toBe('Cameo deleted');
  expect(flagText(gone)).toBe("Cameo deleted: @alice's cameo Alice (@alice.beach) was deleted by its owner; the owner deleted this take");
  expect(selectTakeLabels(deleted).get(withCameo)).toMatchObject({ prompt: `${CAMEO_FLAG_LABEL.deleted}a person waves on the beach`, cameoFlag: 'deleted' });
  expect(selectPlacementSpans(deleted)).toMatchObject([{ revoked: flagText(gone), badge: 'Cameo deleted' }]);
  expect(timelineFlagsNote(selectFlagsOnTimeline(deleted))).toBe('A take on the timeline was made with a cameo whose owner has deleted it: the export will be refused until it is removed.');
  // Bob, who made the take, is told: the alert he sees when he signs in.
  const notice = (await library.notices('bob')).find((n) => n.kind === 'deleted');
  expect(noticeView(notice!)).toEqual({
    title: 'A cameo was deleted',
    text: `@alice deleted the cameo Alice (@alice.beach). 1 of your takes was made with it (project “${path.basename(dir)}”) and can no longer be exported.`,
    urgent: true,
  });
}, 60_000);

it('words the export warning for several flagged takes, revoked, deleted and no longer shared', () => {
  const flag = (takeId: string, reason: 'revoked' | 'deleted' | 'not_usable') => ({ takeId, cameo: { id: 'cameo_abcdefgh12', handle: 'maya.beach', displayName: 'Maya' }, owner: 'maya', user: 'bob', reason, flaggedAt: 1, renderDeleted: false });
  const narrowed = { ...flag('n', 'not_usable'), detail: '@maya has not approved you: you may not use the cameo @maya.beach; ask them for access' };
  expect(flagText(narrowed)).toBe('Cameo not shared: @maya has not approved you: you may not use the cameo @maya.beach; ask them for access (an export of this take would be refused)');
  expect(timelineFlagsNote([narrowed])).toBe('A take on the timeline was made with a cameo not shared with you now: the export will be refused until it is removed (or its owner shares it with you again).');
  expect(timelineFlagsNote([flag('a', 'revoked'), narrowed])).toBe(
    '2 takes on the timeline were made with cameos whose owners have revoked consent (or do not share them with you now): the export will be refused until they are removed.',
  );
  expect(timelineFlagsNote([flag('a', 'deleted'), flag('b', 'deleted')])).toBe('2 takes on the timeline were made with cameos whose owners have deleted them: the export will be refused until they are removed.');
  expect(timelineFlagsNote([flag('a', 'revoked'), flag('b', 'deleted')])).toBe(
    '2 takes on the timeline were made with cameos whose owners have revoked consent or deleted them: the export will be refused until they are removed.',
  );
  expect(timelineFlagsNote([flag('a', 'revoked'), flag('b', 'revoked'), flag('c', 'revoked')])).toBe('3 takes on the timeline were made with cameos whose owners have revoked consent: the export will be refused until they are removed.');
});
