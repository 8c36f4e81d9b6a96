/**
 * `npm run verify` end to end: a clip stamped the way every export is (watermark, then a signed C2PA manifest) is
 * reported valid with its payload; a re-encoded copy loses the manifest but keeps the watermark; a clean clip has
 * neither; a bad path gets one line.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoEncoder, locateMediaTools, type MediaTools } from '../src-main/engine/media/index.js';
import { runTool } from '../src-main/engine/media/process.js';
import { installLabel, stampExport } from '../src-main/engine/provenance/index.js';
import { lumaToRgb, syntheticLuma } from '../src-main/engine/provenance/watermark/testClip.js';
import { runScript } from '../src-main/engine/testing/runScript.js';

let tools: MediaTools;
let dir: string;
let clean: string;
let stamped: { path: string; installId: number; exportId: number };

const verify = (...args: string[]) => runScript('scripts/verify.ts', args);

beforeAll(async () => {
  tools = await locateMediaTools({ env: process.env });
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-verify-'));
  clean = path.join(dir, 'render.mp4');
  const encoder = await createVideoEncoder({ tools, width: 256, height: 144, fps: 24, outPath: clean, preset: 'veryfast' });
  for (let f = 0; f < 16; f++) await encoder.writeFrame(lumaToRgb(syntheticLuma(256, 144, f, 5)));
  await encoder.finish();
  stamped = await stampExport({
    tools,
    dataDir: path.join(dir, 'data'),
    inPath: clean,
    outPath: path.join(dir, 'export.mp4'),
    manifest: {
      generator: { name: 'Scenecast', version: '0.1.0' },
      pack: { name: 'scenecast-tiny', version: '1.0.0' },
      ingredients: [{ title: 'take-1.mp4', sha256: 'ab'.repeat(32) }],
      cameos: [{ id: 'cameo-ana', consentHash: `sha256:${'cd'.repeat(32)}` }],
    },
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('npm run verify', () => {
  it('reports a stamped export: valid C2PA manifest and the watermark payload', async () => {
    const { code, stdout } = await verify('--', stamped.path);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^C2PA: valid — intact and correctly signed/m);
    expect(stdout).toContain('generator: Scenecast 0.1.0 (model pack scenecast-tiny 1.0.0)');
    expect(stdout).toContain(`signed by: Scenecast install ${installLabel(stamped.installId)}`);
    expect(stdout).toContain('created by a generative model');
    expect(stdout).toContain('cameos: cameo-ana');
    expect(stdout).toMatch(new RegExp(`^watermark: found — install ${installLabel(stamped.installId)}, export ${installLabel(stamped.exportId)}`, 'm'));
  });

  it('on a re-encoded copy: no manifest any more, the watermark is still found', async () => {
    const copy = path.join(dir, 'reencoded.mp4');
    await runTool(tools.ffmpeg, ['-v', 'error', '-y', '-i', stamped.path, '-c:v', 'libx264', '-crf', '28', '-pix_fmt', 'yuv420p', copy], 're-encode');
    const { code, stdout } = await verify(copy);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^C2PA: no manifest in this file$/m);
    expect(stdout).toMatch(new RegExp(`^watermark: found — install ${installLabel(stamped.installId)}, export ${installLabel(stamped.exportId)}`, 'm'));
  });

  it('on a clean clip: neither', async () => {
    const { code, stdout } = await verify(clean);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^C2PA: no manifest in this file$/m);
    expect(stdout).toMatch(/^watermark: not found \(score/m);
  });

  it('a bad path gets one line and exit 1; no file is a usage error', async () => {
    const missing = await verify(path.join(dir, 'nope.mp4'));
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim().split('\n')).toEqual([`verify: cannot read ${path.join(dir, 'nope.mp4')}: no such file. usage: npm run verify -- FILE.mp4`]);
    const none = await verify();
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });
});
