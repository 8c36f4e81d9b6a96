/** The library on its own: persistence, a damaged file, requests that are refused, and who may see what. */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { CameoLibrary } from './library.js';
import { CameoVault, keyFileSource } from './vault.js';

afterAll(removeTempDirs);

const noFollows = { areMutual: async () => false };
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

async function library(dir?: string) {
  const root = dir ?? (await makeTempDir('cameo-library'));
  const vault = new CameoVault(path.join(root, 'media'), keyFileSource(path.join(root, 'key')));
  return { root, lib: new CameoLibrary({ dir: root, vault, follows: noFollows }) };
}

const newCameo = (handle: string) => ({
  displayName: 'Maya',
  handle,
  kind: 'person' as const,
  phrase: 'seven quiet hills',
  recording: { data: Buffer.from('recording bytes'), ext: 'webm' },
  references: [{ data: png, ext: 'png' }],
});

describe('cameo library', () => {
  it('keeps records, grants and usage across a restart', async () => {
    const { root, lib } = await library();
    const cameo = await lib.create('maya', newCameo('maya'));
    await lib.update('maya', cameo.id, { permission: 'people_i_approve' });
    await lib.approve('maya', cameo.id, 'theo');
    await lib.recordUse({ cameoId: cameo.id, user: 'theo', purpose: 'export' });
    const reopened = new CameoLibrary({ dir: root, vault: new CameoVault(path.join(root, 'media'), keyFileSource(path.join(root, 'key'))), follows: noFollows });
    await expect(reopened.assertCameosUsable([cameo.id], 'theo')).resolves.toBeUndefined();
    expect(await reopened.usageLog('maya')).toMatchObject([{ user: 'theo', purpose: 'export' }]);
    // Theo's use is in Maya's log, not his.
    expect(await reopened.usageLog('theo')).toEqual([]);
  });

  it('reports a damaged library file and keeps it, instead of starting empty', async () => {
    const { root, lib } = await library();
    await lib.create('maya', newCameo('maya'));
    await writeFile(path.join(root, 'library.json'), '{"version":1,"cameos":[{"id":"nope"}]');
    const { lib: again } = await library(root);
    await expect(again.mine('maya')).rejects.toThrow(/is damaged and was kept as .*library\.json\.corrupt-\d+/);
    expect((await readdir(root)).some((n) => n.startsWith('library.json.corrupt-'))).toBe(true);
  });

  it('refuses a request; the refused person may ask again, the owner sees it pending', async () => {
    const { lib } = await library();
    const cameo = await lib.create('maya', newCameo('maya'));
    await lib.update('maya', cameo.id, { permission: 'people_i_approve' });
    await lib.request('theo', cameo.id, 'for a short');
    await lib.refuse('maya', cameo.id, 'theo');
    await expect(lib.assertCameosUsable([cameo.id], 'theo')).rejects.toMatchObject({ reason: 'not_shared' });
    await expect(lib.refuse('maya', cameo.id, 'theo')).rejects.toThrow('@theo has no pending request for this cameo');
    await lib.request('theo', cameo.id, 'please?');
    expect(await lib.requests('maya')).toMatchObject([{ user: 'theo', state: 'requested', note: 'please?' }]);
    await expect(lib.request('maya', cameo.id)).rejects.toThrow('this is your own cameo');
  });

  it('only the owner changes a cameo; handles are unique; the owner cannot revoke herself', async () => {
    const { root, lib } = await library();
    const cameo = await lib.create('maya', newCameo('maya'));
    await expect(lib.create('theo', newCameo('maya'))).rejects.toThrow('the cameo handle @maya is taken');
    await expect(lib.update('theo', cameo.id, { permission: 'everyone' })).rejects.toMatchObject({ kind: 'not_found' });
    await expect(lib.revoke('theo', cameo.id, 'everyone')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(lib.revoke('maya', cameo.id, { user: 'maya' })).rejects.toThrow(/delete it instead/);
    await expect(lib.delete('theo', cameo.id)).rejects.toMatchObject({ kind: 'not_found' });
    const saved = JSON.parse(await readFile(path.join(root, 'library.json'), 'utf8')) as { cameos: { permission: string }[] };
    expect(saved.cameos[0]?.permission).toBe('only_me');
  });

  it('gives an export the owner and consent hash from the library, only while the user may use the cameo', async () => {
    const { lib } = await library();
    const cameo = await lib.create('maya', newCameo('maya'));
    await expect(lib.consentForUse([cameo.id], 'theo')).rejects.toMatchObject({ reason: 'not_shared', cameoId: cameo.id });
    await lib.update('maya', cameo.id, { permission: 'everyone' });
    expect(await lib.consentForUse([cameo.id, cameo.id], 'theo')).toEqual([{ cameoId: cameo.id, ownerHandle: 'maya', consentHash: cameo.consent.recordingSha256 }]);
    await lib.revoke('maya', cameo.id, { user: 'theo' });
    await expect(lib.consentForUse([cameo.id], 'theo')).rejects.toMatchObject({ reason: 'revoked' });
  });

  it("marks, for the person asking, the takes whose cameo is no longer shared with them, not only revoked ones", async () => {
    const { lib } = await library();
    const cameo = await lib.create('maya', newCameo('maya'));
    await lib.update('maya', cameo.id, { permission: 'everyone' });
    await lib.recordUse({ cameoId: cameo.id, user: 'theo', purpose: 'generation', jobId: 'take-1' });
    await lib.recordUse({ cameoId: cameo.id, user: 'maya', purpose: 'generation', jobId: 'take-2' });
    expect(await lib.flaggedTakes(['take-1', 'take-2'], { user: 'theo' })).toEqual([]);
    // Maya narrows who may use it without revoking anyone: nothing is flagged for everyone ...
    await lib.update('maya', cameo.id, { permission: 'people_i_approve' });
    expect(await lib.flaggedTakes(['take-1', 'take-2'])).toEqual([]);
    // ... but Theo may no longer export either take, and is told why; Maya may export both (her own cameo).
    const forTheo = await lib.flaggedTakes(['take-1', 'take-2'], { user: 'theo' });
    expect(forTheo.map((f) => f.takeId).sort()).toEqual(['take-1', 'take-2']);
    expect(forTheo[0]).toMatchObject({ reason: 'not_usable', owner: 'maya', cameo: { id: cameo.id, handle: 'maya' }, detail: '@maya has not approved you: you may not use the cameo @maya; ask them for access' });
    await expect(lib.assertCameosUsable([cameo.id], 'theo')).rejects.toMatchObject({ reason: 'not_shared' });
    expect(await lib.flaggedTakes(['take-1', 'take-2'], { user: 'maya' })).toEqual([]);
    // Nobody signed in: no export of a take with a cameo, and the studio says so.
    const unsigned = await lib.flaggedTakes(['take-1'], { user: null });
    expect(unsigned).toMatchObject([{ takeId: 'take-1', reason: 'not_usable', detail: expect.stringMatching(/^nobody is signed in/) }]);
    // Once approved, Theo's takes are usable again; a revocation flags them for everyone, as before.
    await lib.approve('maya', cameo.id, 'theo');
    expect(await lib.flaggedTakes(['take-1'], { user: 'theo' })).toEqual([]);
    await lib.revoke('maya', cameo.id, { user: 'theo' });
    expect(await lib.flaggedTakes(['take-1'], { user: 'theo' })).toMatchObject([{ takeId: 'take-1', reason: 'revoked' }]);
  });

  it('keeps the changes the feed missed and sends them, in order, once it is reachable again', async () => {
    const root = await makeTempDir('cameo-library');
    const calls: string[] = [];
    let up = true;
    const call = async <T>(what: string, result: T): Promise<T> => {
      if (!up) throw new Error('connect ECONNREFUSED');
      calls.push(what);
      return result;
    };
    const feed = {
      share: (c: { id: string; permission: string }) => call(`share ${c.permission}`, undefined),
      approveUser: (_o: string, _id: string, user: string) => call(`approve ${user}`, undefined),
      revokeUser: (_o: string, _id: string, user: string) => call(`revoke ${user}`, { delisted: 1 }),
      revokeAll: () => call('revoke all', { delisted: 0 }),
      postsUsing: async () => [],
    };
    const lib = new CameoLibrary({ dir: root, vault: new CameoVault(path.join(root, 'media'), keyFileSource(path.join(root, 'key'))), follows: noFollows, feed });
    const cameo = await lib.create('maya', newCameo('maya'));
    up = false;
    await lib.approve('maya', cameo.id, 'theo');
    const revoked = await lib.revoke('maya', cameo.id, { user: 'theo' });
    expect(revoked.feed).toMatchObject({ error: expect.stringMatching(/^the feed has not heard about 1 earlier change yet/) });
    // Locally the revocation holds at once.
    await expect(lib.assertCameosUsable([cameo.id], 'theo')).rejects.toMatchObject({ reason: 'revoked' });
    const saved = JSON.parse(await readFile(path.join(root, 'library.json'), 'utf8')) as { feedPending: { kind: string }[] };
    expect(saved.feedPending.map((c) => c.kind)).toEqual(['approve', 'revoke_user']);

    up = true;
    expect(await lib.flushFeed('maya')).toBe(0);
    expect(calls).toEqual(['share only_me', 'approve theo', 'revoke theo']);
    expect(await lib.flushFeed('maya')).toBe(0);
    expect(calls).toHaveLength(3);
  });
});
