/**
 * `npm start` (scripts/start.mjs) in a throwaway copy of the project layout, so the result doesn't depend on whether
 * this machine has the Electron binary: a package.json, the script, and a node_modules/electron with or without an app.
 */
import { spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'start.mjs');
const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function project(options: { binary?: string } = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scenecast-start-'));
  dirs.push(dir);
  await mkdir(path.join(dir, 'scripts'));
  await copyFile(script, path.join(dir, 'scripts', 'start.mjs'));
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'scenecast', type: 'module', main: 'out/main/index.js' }));
  const electron = path.join(dir, 'node_modules', 'electron');
  await mkdir(electron, { recursive: true });
  await writeFile(path.join(electron, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0', main: 'index.js' }));
  // What electron's index.js does when required without a binary: try to download. The script must never load it.
  await writeFile(path.join(electron, 'index.js'), "throw new Error('downloading Electron...');\n");
  if (options.binary) {
    await mkdir(path.join(electron, 'dist'));
    await writeFile(path.join(electron, 'path.txt'), 'electron');
    await writeFile(path.join(electron, 'dist', 'electron'), options.binary);
    await chmod(path.join(electron, 'dist', 'electron'), 0o755);
  }
  return dir;
}

function start(dir: string, env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  delete inherited.ELECTRON_OVERRIDE_DIST_PATH;
  return spawnSync(process.execPath, [path.join(dir, 'scripts', 'start.mjs')], {
    cwd: dir,
    env: { ...inherited, SCENECAST_START_SKIP_BUILD: '1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

function expectNoStackTrace(output: string) {
  expect(output).not.toMatch(/\n\s+at\s/);
  expect(output).not.toMatch(/Error:/);
}

describe('npm start without the Electron binary', () => {
  it('says the binary is missing, how to get it, and points to web mode; exit code 1', async () => {
    const result = start(await project());
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      "Scenecast can't open the desktop app: the Electron 45.5.0 binary is not installed (node_modules/electron has no downloaded app).",
    );
    expect(lines[1]).toContain('node node_modules/electron/install.js');
    expect(lines[1]).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(lines[2]).toContain('npm run web');
    expect(result.stdout).toBe('');
    expectNoStackTrace(result.stderr);
  });

  it('names a wrong ELECTRON_OVERRIDE_DIST_PATH', async () => {
    const dir = await project();
    const empty = path.join(dir, 'empty-dist');
    await mkdir(empty);
    const result = start(dir, { ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.status).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(`Scenecast can't open the desktop app: ELECTRON_OVERRIDE_DIST_PATH points at ${empty}, which has no Electron executable.`);
    expectNoStackTrace(result.stderr);
  });
});

describe.skipIf(process.platform === 'win32')('npm start with a binary', () => {
  it("launches it on the project and passes on Electron's exit code", async () => {
    const dir = await project({ binary: '#!/bin/sh\necho "launched in $(pwd) with $*" > launched.txt\nexit 3\n' });
    const result = start(dir, { ELECTRON_RUN_AS_NODE: '1' });
    expect(result.status).toBe(3);
    expect((await readFile(path.join(dir, 'launched.txt'), 'utf8')).trim()).toBe(`launched in ${dir} with .`);
  });
});
