/**
 * electron-builder afterPack hook: the packaged feed server runs on Electron's own binary as Node
 * (ELECTRON_RUN_AS_NODE; src-main/shell/feedServerLaunch.ts), so its one native module that is not N-API,
 * better-sqlite3, must be built for Electron's ABI there. This puts the prebuilt Electron binary for the target
 * platform and architecture into the package's unpacked copy with prebuild-install (the tool better-sqlite3 installs
 * with), and leaves the checkout's node_modules alone: their Node 22 build is what the tests and web mode load.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const resolve = createRequire(import.meta.url).resolve;
// electron-builder's Arch enum, by value.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

export default async function afterPack(context) {
  const { appOutDir, electronPlatformName, arch, packager } = context;
  const resources =
    electronPlatformName === 'darwin' || electronPlatformName === 'mas'
      ? path.join(appOutDir, `${packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(appOutDir, 'resources');
  const moduleDir = path.join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3');
  const electronVersion = JSON.parse(readFileSync(resolve('electron/package.json'), 'utf8')).version;
  const archName = typeof arch === 'number' ? ARCH_NAMES[arch] : String(arch);
  execFileSync(
    process.execPath,
    [resolve('prebuild-install/bin.js'), '--runtime=electron', `--target=${electronVersion}`, `--arch=${archName}`, `--platform=${electronPlatformName}`, '--force'],
    { cwd: moduleDir, stdio: 'inherit' },
  );
}
