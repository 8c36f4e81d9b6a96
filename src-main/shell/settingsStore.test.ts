import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../src-shared/settings';
import type { ShellLog } from './log';

// electron-store reads the app's folders from Electron's main process; given an absolute `cwd` it needs nothing from
// it. The binary can't run here, so 'electron' is an empty stand-in (no app, no ipcMain).
vi.mock('electron', () => ({ default: {} }));

const { ElectronSettingsStore } = await import('./settingsStore');

let dir: string;
let warnings: string[];
const log: ShellLog = { info: () => {}, warn: (m) => warnings.push(m), error: (m) => warnings.push(m) };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scenecast-settings-'));
  warnings = [];
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ElectronSettingsStore', () => {
  it('starts from defaults and persists updates through electron-store', async () => {
    const store = new ElectronSettingsStore({ directory: dir, log });
    expect(store.get()).toEqual(defaultSettings);
    const seen: number[] = [];
    store.onChange((s) => seen.push(s.cpuThreads));
    store.update({ cpuThreads: 4, executionProvider: 'cpu' });
    expect(seen).toEqual([4]);
    const onDisk = JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8'));
    expect(onDisk).toMatchObject({ cpuThreads: 4, executionProvider: 'cpu' });
    expect(new ElectronSettingsStore({ directory: dir, log }).get().cpuThreads).toBe(4);
    expect(warnings).toEqual([]);
  });

  it('refuses an invalid patch and keeps the current settings', () => {
    const store = new ElectronSettingsStore({ directory: dir, log });
    expect(() => store.update({ cpuThreads: -1 })).toThrow();
    expect(() => store.update({ notASetting: true } as never)).toThrow();
    expect(store.get()).toEqual(defaultSettings);
  });

  it('fills settings added since the file was written', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ version: 1, cpuThreads: 2 }));
    expect(new ElectronSettingsStore({ directory: dir, log }).get()).toEqual({ ...defaultSettings, cpuThreads: 2 });
  });

  it.each([
    ['not JSON', '{"cpuThreads": 4,,,'],
    ['invalid values', JSON.stringify({ version: 1, executionProvider: 'quantum', cpuThreads: 'many' })],
  ])('backs up a corrupt file (%s), resets to defaults and says so in the log', async (_kind, content) => {
    await writeFile(path.join(dir, 'settings.json'), content);
    const store = new ElectronSettingsStore({ directory: dir, log });
    expect(store.get()).toEqual(defaultSettings);
    const files = await readdir(dir);
    const backup = files.find((f) => f.startsWith('settings.json.corrupt-'));
    expect(backup).toBeDefined();
    expect(await readFile(path.join(dir, backup!), 'utf8')).toBe(content);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not be used .* kept it as .*settings\.json\.corrupt-\d+ and started from defaults/);
    // The store is usable again and writes valid settings.
    store.update({ cpuThreads: 8 });
    expect(JSON.parse(await readFile(path.join(dir, 'settings.json'), 'utf8')).cpuThreads).toBe(8);
  });
});
