/**
 * The cameo library as the engine wires it: the acting person is the studio's feed account (the embedded feed server,
 * its own process), cameo calls are refused while signed out, and the key file is created 0600 on first use.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../index.js';
import { createNodeHost } from '../system/nodeHost.js';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { trpcError } from '../testing/trpcError.js';

let engine: Engine;
let dataDir: string;

beforeAll(async () => {
  dataDir = path.join(await makeTempDir('cameo-engine'), 'data');
  engine = await createEngine(createNodeHost({ dataDir }));
});
afterAll(async () => {
  await engine?.dispose();
  await removeTempDirs();
});

describe('cameos in the engine', () => {
  it('refuses cameo calls while signed out of the feed, then acts as the signed-in account', async () => {
    const caller = engine.router.createCaller(engine.createContext({ clientId: 'window-1' }));
    const signedOut = await trpcError(caller.cameos.mine());
    expect(signedOut).toMatchObject({ code: 'FORBIDDEN', message: 'Sign in to the feed first: a cameo belongs to your account.' });

    await caller.feed.signUp({ handle: 'Maya_R', displayName: 'Maya', password: 'a long enough password 1' });
    expect(await caller.cameos.me()).toEqual({ handle: 'maya_r' });
    expect(await caller.cameos.mine()).toEqual([]);
    expect(await caller.cameos.sharedWithMe()).toEqual([]);
    // Nothing sealed yet, so no key was needed; asking the vault for one makes the 0600 key file.
    await engine.cameos.vault.put('cameo_0123456789abcdef', 'reference-0.png', Buffer.from('x'));
    expect((await stat(path.join(dataDir, 'cameos', 'key'))).mode & 0o777).toBe(0o600);
  }, 60_000);
});
