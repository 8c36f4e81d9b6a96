/**
 * A post shows how it was made: what the studio's export sends with it (generator, Content Credentials, watermarks,
 * model packs, cameos with consent hashes) comes back on the post and in the feed, with cameo owners and consent taken
 * from this server's own records. The metadata below has the shape src-main/engine/export/service.ts publishes.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedClient, PostView } from '../src/client.js';
import { postProvenance } from '../src/posts/provenance.js';
import { BACKENDS, startTestServer, type TestServer } from './harness.js';
import { videoFixtures, type VideoFixtures } from './fixtures.js';

const consent = (text: string) => createHash('sha256').update(text).digest('hex');

/** What the studio's timeline export publishes with its MP4. */
function exportMetadata(cameos: { id: string; owner: string; consentHash: string }[]) {
  return {
    title: 'Beach day, exported',
    prompt: 'a red ball bouncing on the beach',
    storyboardSummary: '1. a red ball bouncing on the beach\n2. the tide comes in',
    visibility: 'public' as const,
    cameoIds: cameos.map((c) => c.id),
    provenance: {
      generator: 'Scenecast',
      c2pa: true,
      invisibleWatermark: true,
      visibleWatermark: true,
      cameos,
      modelPacks: ['scenecast-tiny 1.0.0', 'scenecast-base 2.1.0'],
    },
  };
}

describe.each(BACKENDS)('post provenance (%s)', (backend) => {
  let server: TestServer;
  let videos: VideoFixtures;
  let mia: FeedClient;
  let noa: FeedClient;

  beforeAll(async () => {
    [server, videos] = await Promise.all([startTestServer(backend), videoFixtures()]);
    [mia, noa] = await Promise.all([server.user('mia'), server.user('noa')]);
    await mia.request('POST', '/api/cameos', { id: 'cameo_mia_face', permission: 'everyone', consentHash: consent('mia said yes') });
  });
  afterAll(async () => server?.close());

  it('shows what an export sends: generator, Content Credentials, both watermarks, model packs and cameos', async () => {
    const post = await noa.publish(videos.ok, exportMetadata([{ id: 'cameo_mia_face', owner: 'mia', consentHash: `sha256:${consent('mia said yes')}` }]));
    const expected = {
      generator: 'Scenecast',
      contentCredentials: true,
      invisibleWatermark: true,
      visibleWatermark: true,
      modelPacks: ['scenecast-tiny 1.0.0', 'scenecast-base 2.1.0'],
      cameos: [{ id: 'cameo_mia_face', ownerHandle: 'mia', consent: 'matches' }],
    };
    expect(post.provenance).toEqual(expected);
    expect(post.cameoIds).toEqual(['cameo_mia_face']);
    // Read back by anyone, on the post and in the feed.
    expect((await mia.post(post.id)).provenance).toEqual(expected);
    const inFeed = (await mia.feed({ mode: 'chronological' })).posts.find((p: PostView) => p.id === post.id);
    expect(inFeed?.provenance).toEqual(expected);
    // The whole record stays available as sent.
    expect(await mia.request('GET', `/api/posts/${post.id}/provenance`)).toMatchObject({ c2pa: true, modelPacks: expected.modelPacks });
  });

  it('names cameo owners from its own records, and says when consent was re-recorded since', async () => {
    await mia.request('POST', '/api/cameos', { id: 'cameo_mia_voice', permission: 'everyone', consentHash: consent('voice v1') });
    // The upload claims someone else owns it: the post still names the owner on record.
    const post = await noa.publish(videos.ok, exportMetadata([{ id: 'cameo_mia_voice', owner: 'mallory', consentHash: consent('voice v1') }]));
    expect(post.provenance.cameos).toEqual([{ id: 'cameo_mia_voice', ownerHandle: 'mia', consent: 'matches' }]);
    await mia.request('POST', '/api/cameos', { id: 'cameo_mia_voice', permission: 'everyone', consentHash: consent('voice v2') });
    expect((await noa.post(post.id)).provenance.cameos).toEqual([{ id: 'cameo_mia_voice', ownerHandle: 'mia', consent: 'differs' }]);
  });

  it('shows a single take\'s provenance (one model pack) and nothing it was not told', async () => {
    const take = await noa.publish(videos.ok, { title: 'One take', provenance: { generator: 'Scenecast', modelPack: { id: 'scenecast-tiny', version: '1.0.0' }, seed: 7 } });
    expect(take.provenance).toEqual({
      generator: 'Scenecast',
      contentCredentials: false,
      invisibleWatermark: false,
      visibleWatermark: false,
      modelPacks: ['scenecast-tiny 1.0.0'],
      cameos: [],
    });
    const bare = await noa.publish(videos.ok, { title: 'No provenance' });
    expect(bare.provenance).toEqual({ generator: null, contentCredentials: false, invisibleWatermark: false, visibleWatermark: false, modelPacks: [], cameos: [] });
  });

  it('leaves out fields of the wrong shape instead of failing, and keeps text as text', async () => {
    const odd = await noa.publish(videos.ok, {
      title: 'Odd client',
      provenance: { generator: 42, c2pa: 'yes', invisibleWatermark: 1, modelPacks: 'scenecast-tiny', cameos: 'cameo_mia_face' },
    });
    expect(odd.provenance).toEqual({ generator: null, contentCredentials: false, invisibleWatermark: false, visibleWatermark: false, modelPacks: [], cameos: [] });
    const html = await noa.publish(videos.ok, { title: 'Markup', provenance: { modelPacks: ['<img src=x onerror=alert(1)> 1.0'] } });
    expect(html.provenance.modelPacks).toEqual(['<img src=x onerror=alert(1)> 1.0']);
  });
});

describe('postProvenance', () => {
  it('reads damaged stored JSON as no provenance, and a cameo whose record is gone as ownerless', () => {
    expect(postProvenance('{not json', [])).toEqual({ generator: null, contentCredentials: false, invisibleWatermark: false, visibleWatermark: false, modelPacks: [], cameos: [] });
    expect(postProvenance('null', [{ id: 'cameo_x', ownerHandle: null, consentHash: null }]).cameos).toEqual([{ id: 'cameo_x', ownerHandle: null, consent: 'not stated' }]);
    const stored = JSON.stringify({ cameos: [{ id: 'cameo_x', consentHash: consent('a') }], modelPacks: ['p 1', 'p 1'] });
    const summary = postProvenance(stored, [{ id: 'cameo_x', ownerHandle: null, consentHash: null }]);
    expect(summary.cameos).toEqual([{ id: 'cameo_x', ownerHandle: null, consent: 'differs' }]);
    expect(summary.modelPacks).toEqual(['p 1']);
  });
});
