import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { defaultSettings } from '../../../src-shared/settings.js';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { FileSettingsStore } from './fileStore.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await makeTempDir('settings');
  file = path.join(dir, 'nested', 'settings.json');
});
afterAll(removeTempDirs);

describe('FileSettingsStore', () => {
  it('starts from defaults without a file and writes nothing until a change', () => {
    const store = new FileSettingsStore(file);
    expect(store.get()).toEqual(defaultSettings);
    expect(store.warnings).toEqual([]);
    expect(existsSync(file)).toBe(false);
  });

  it('saves an update and reads it back in a new store', async () => {
    const store = new FileSettingsStore(file);
    const seen: unknown[] = [];
    store.onChange((s) => seen.push(s));
    store.update({ executionProvider: 'cpu', cpuThreads: 3, modelPack: '/packs/mine' });
    const reopened = new FileSettingsStore(file);
    expect(reopened.get()).toEqual({ ...defaultSettings, executionProvider: 'cpu', cpuThreads: 3, modelPack: '/packs/mine' });
    expect(seen).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(reopened.get());
    // No temp file is left beside it.
    expect(await readdir(path.dirname(file))).toEqual(['settings.json']);
  });

  it('changes only the keys a patch names', () => {
    const store = new FileSettingsStore(file);
    store.update({ modelPack: '/packs/mine', ffmpegPath: '/opt/ffmpeg/bin/ffmpeg' });
    const next = store.update({ cpuThreads: 2 });
    expect(next).toMatchObject({ modelPack: '/packs/mine', ffmpegPath: '/opt/ffmpeg/bin/ffmpeg', cpuThreads: 2 });
    expect(new FileSettingsStore(file).get()).toEqual(next);
  });

  it('keeps a corrupt file as a backup, warns, and uses defaults', async () => {
    new FileSettingsStore(file).update({ cpuThreads: 4 });
    await writeFile(file, '{ "cpuThreads": 4, ');
    const store = new FileSettingsStore(file);
    expect(store.get()).toEqual(defaultSettings);
    expect(store.warnings).toHaveLength(1);
    const backups = (await readdir(path.dirname(file))).filter((n) => n.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(path.join(path.dirname(file), backups[0]!), 'utf8')).toBe('{ "cpuThreads": 4, ');
    expect(store.warnings[0]).toContain(file);
    expect(store.warnings[0]).toContain(backups[0]);
    // The original is not overwritten until the user changes a setting.
    expect(await readFile(file, 'utf8')).toBe('{ "cpuThreads": 4, ');
  });

  it('treats valid JSON with invalid values as corrupt too', async () => {
    new FileSettingsStore(file).update({ cpuThreads: 4 });
    await writeFile(file, JSON.stringify({ version: 1, executionProvider: 'tpu' }));
    const store = new FileSettingsStore(file);
    expect(store.get()).toEqual(defaultSettings);
    expect(store.warnings[0]).toMatch(/could not be read/);
  });

  it('refuses an invalid patch and keeps what it had', async () => {
    const store = new FileSettingsStore(file);
    store.update({ cpuThreads: 2 });
    const before = await readFile(file, 'utf8');
    const listener = { calls: 0 };
    store.onChange(() => listener.calls++);
    expect(() => store.update({ cpuThreads: -1 })).toThrow(ZodError);
    expect(() => store.update({ executionProvider: 'tpu' } as never)).toThrow(ZodError);
    expect(() => store.update({ theme: 'dark' } as never)).toThrow(ZodError);
    expect(store.get().cpuThreads).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(listener.calls).toBe(0);
  });
});
