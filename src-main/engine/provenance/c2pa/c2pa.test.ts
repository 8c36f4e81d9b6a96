import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoEncoder, locateMediaTools, probeMedia, type MediaTools } from '../../media/index.js';
import { loadSigningCredentials } from './credentials.js';
import { readProvenance } from './read.js';
import { localSigner, sha256File, signExport, TRAINED_ALGORITHMIC_MEDIA, type ExportManifest } from './sign.js';

let tools: MediaTools;
let dir: string;
let video: string;

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-c2pa-'));
  video = path.join(dir, 'edit.mp4');
  const encoder = await createVideoEncoder({ tools, width: 64, height: 48, fps: 24, outPath: video, preset: 'veryfast' });
  for (let f = 0; f < 6; f++) await encoder.writeFrame(new Uint8Array(64 * 48 * 3).fill(20 * f));
  await encoder.finish();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function manifest(): Promise<ExportManifest> {
  return {
    generator: { name: 'Scenecast', version: '0.1.0' },
    pack: { name: 'scenecast-tiny', version: '1.0.0' },
    ingredients: [{ title: 'take-1.mp4', sha256: await sha256File(video) }],
    cameos: [{ id: 'cameo-ana', consentHash: `sha256:${'ab'.repeat(32)}` }],
  };
}

describe('C2PA manifest with the C2PA SDK (WebAssembly)', () => {
  it('signs an MP4 with this install’s certificate; the reader validates it and summarises what it says', async () => {
    const signer = localSigner(await loadSigningCredentials(path.join(dir, 'signing'), '0a1b2c'));
    const out = path.join(dir, 'signed.mp4');
    const signed = await signExport({ videoPath: video, outPath: out, manifest: await manifest(), signer });
    expect(signed.manifestLabel).toMatch(/^urn:c2pa:/);
    // Still a playable MP4 with the same pictures.
    const probe = await probeMedia(tools, out, { countFrames: true });
    expect(probe.video).toMatchObject({ codec: 'h264', width: 64, height: 48, frameCount: 6 });

    const report = await readProvenance(out);
    expect(report.status).toBe('valid');
    if (report.status === 'absent') return;
    expect(report.untrustedSigner).toBe(true);
    expect(report.failures).toEqual([]);
    expect(report.manifest).toMatchObject({
      label: signed.manifestLabel,
      title: 'signed.mp4',
      generator: 'Scenecast 0.1.0',
      signer: { commonName: 'Scenecast install 0a1b2c', alg: 'Es256' },
      createdByAi: true,
      pack: { name: 'scenecast-tiny', version: '1.0.0' },
      cameos: [{ id: 'cameo-ana', consentHash: `sha256:${'ab'.repeat(32)}` }],
      ingredients: [{ title: 'take-1.mp4', sha256: await sha256File(video) }],
    });
    expect(report.manifest.actions).toEqual([{ action: 'c2pa.created', digitalSourceType: TRAINED_ALGORITHMIC_MEDIA }, { action: 'c2pa.edited' }]);
  });

  it('reports a file changed after signing as invalid, naming the hash mismatch', async () => {
    const signer = localSigner(await loadSigningCredentials(path.join(dir, 'signing'), '0a1b2c'));
    const out = path.join(dir, 'tampered.mp4');
    await signExport({ videoPath: video, outPath: out, manifest: await manifest(), signer });
    const bytes = await readFile(out);
    bytes[bytes.length - 50]! ^= 0xff; // inside the media data
    await writeFile(out, bytes);
    const report = await readProvenance(out);
    expect(report.status).toBe('invalid');
    if (report.status === 'absent') return;
    expect(report.failures.map((f) => f.code)).toContain('assertion.bmffHash.mismatch');
  });

  it('says so when a file carries no manifest', async () => {
    expect(await readProvenance(video)).toEqual({ status: 'absent' });
  });

  it('names the file when the format is not one it can sign', async () => {
    const signer = localSigner(await loadSigningCredentials(path.join(dir, 'signing'), '0a1b2c'));
    await expect(signExport({ videoPath: path.join(dir, 'x.webm'), outPath: path.join(dir, 'y.webm'), manifest: await manifest(), signer })).rejects.toThrow(
      /cannot tell the format of .*x\.webm/,
    );
  });
});
