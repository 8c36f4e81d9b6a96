import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLabel, loadInstallIdentity, newExportId } from './identity.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-identity-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('install identity', () => {
  it('is created once with a random 24-bit id and read back the same afterwards', async () => {
    const first = await loadInstallIdentity(dir);
    expect(first.installId).toBeGreaterThanOrEqual(0);
    expect(first.installId).toBeLessThan(2 ** 24);
    expect(first.label).toMatch(/^[0-9a-f]{6}$/);
    expect(first.signingDir).toBe(path.join(dir, 'provenance', 'signing'));
    expect(await loadInstallIdentity(dir)).toEqual(first);
    expect(JSON.parse(await readFile(path.join(dir, 'provenance', 'install.json'), 'utf8'))).toMatchObject({ installId: first.installId });
  });

  it('reports a damaged install.json instead of silently making a new id', async () => {
    const other = path.join(dir, 'damaged');
    await loadInstallIdentity(other);
    await writeFile(path.join(other, 'provenance', 'install.json'), JSON.stringify({ installId: 'x' }));
    await expect(loadInstallIdentity(other)).rejects.toThrow(/install\.json is damaged .* move it away to make a new install id/);
  });

  it('labels ids as six hex digits and makes export ids in range', () => {
    expect(installLabel(0xabc)).toBe('000abc');
    for (let i = 0; i < 100; i++) expect(newExportId()).toBeLessThan(2 ** 24);
  });
});
