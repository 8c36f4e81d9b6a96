#!/usr/bin/env node
/**
 * `npm start`: build the desktop app with electron-vite, then launch Electron on it.
 *
 * Without the Electron binary (node_modules/electron holds no downloaded app) it says so in three lines — what is
 * missing, how to get it, and that `npm run web` runs the same studio in a browser — and exits 1, no stack trace.
 * It never downloads anything itself: `require('electron')` would try to, so the binary is located by hand.
 *
 * SCENECAST_START_SKIP_BUILD=1 launches what is already in out/ (used by tests; handy when out/ is fresh).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));

/** The executable inside an Electron dist folder, as electron's own install.js names it. */
function executableName(platform = process.platform) {
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/** @returns {{ ok: true, binary: string } | { ok: false, reason: string, version: string }} */
function locateElectron(env) {
  let packageDir;
  try {
    packageDir = path.dirname(requireFromRoot.resolve('electron/package.json'));
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run `npm install`)', version: '' };
  }
  const { version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const binary = path.join(override, relative || executableName());
    if (existsSync(binary)) return { ok: true, binary };
    return { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no Electron executable`, version };
  }
  const binary = relative ? path.join(packageDir, 'dist', relative) : '';
  if (binary && existsSync(binary)) return { ok: true, binary };
  return { ok: false, reason: `the Electron ${version} binary is not installed (node_modules/electron has no downloaded app)`, version };
}

function fail(lines) {
  process.stderr.write(`${lines.join('\n')}\n`);
  process.exit(1);
}

function main() {
  const electron = locateElectron(process.env);
  if (!electron.ok) {
    fail([
      `Scenecast can't open the desktop app: ${electron.reason}.`,
      `Get it with \`node node_modules/electron/install.js\` on a machine with internet access, or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron${electron.version ? ` ${electron.version}` : ''} folder.`,
      'Meanwhile, `npm run web` runs the same studio in your browser.',
    ]);
  }

  if (process.env.SCENECAST_START_SKIP_BUILD !== '1') {
    const cli = path.join(path.dirname(requireFromRoot.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
    const build = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) fail(['Scenecast: the build failed (its errors are above).']);
  }

  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE; // set, it would make Electron behave as plain Node
  const child = spawn(electron.binary, ['.'], { cwd: root, stdio: 'inherit', env });
  child.on('error', (error) => fail([`Scenecast: could not start Electron (${electron.binary}): ${error.message}`]));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

try {
  main();
} catch (error) {
  fail([`Scenecast: ${error instanceof Error ? error.message : String(error)}`]);
}
