/**
 * Test helpers around the tiny random-weight model pack (src-main/engine/inference/__fixtures__/tiny-pack): copies of
 * it in temp folders, optionally with an edited manifest, for tests that need a broken or a slower pack.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PackManifest } from '../inference/pack/manifest.js';

export const FIXTURE_PACK_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../inference/__fixtures__/tiny-pack');

/** A fresh temp folder; remove it with `removeTempDirs()` in afterAll. */
const made: string[] = [];
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `scenecast-${prefix}-`));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export async function readFixtureManifest(): Promise<PackManifest> {
  return JSON.parse(await readFile(path.join(FIXTURE_PACK_DIR, 'manifest.json'), 'utf8')) as PackManifest;
}

/**
 * Copies the fixture pack to `<parent>/<name>` and lets `edit` change its manifest (tests set invalid values with
 * casts). Returns the new pack folder.
 */
export async function copyFixturePack(parent: string, name: string, edit?: (manifest: PackManifest) => void): Promise<string> {
  const dir = path.join(parent, name);
  await cp(FIXTURE_PACK_DIR, dir, { recursive: true });
  if (edit) {
    const manifest = await readFixtureManifest();
    edit(manifest);
    await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  }
  return dir;
}
