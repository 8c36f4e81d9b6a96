import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import v0Fixture from '../../../src-shared/project/fixtures/v0-prerelease.json';
import { CURRENT_SCHEMA_VERSION, ProjectSchemaError, type ProjectDocument } from '../../../src-shared/project/index.js';
import {
  BACKUP_FILE,
  CORRUPT_PREFIX,
  PROJECT_FILE,
  ProjectCorruptError,
  ProjectFolderError,
  ProjectNotFoundError,
  ProjectPathError,
  ProjectTooNewError,
  REPLACED_PREFIX,
  createProject,
  openProject,
  resolveInProject,
  restoreProjectBackup,
  safeFolderName,
  saveProject,
  saveProjectAs,
  stageFileWrite,
  writeFileAtomic,
} from './index.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'scenecast-projects-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const here = path.dirname(fileURLToPath(import.meta.url));
const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'));
const corruptCopies = async (dir: string) => (await readdir(dir)).filter((n) => n.startsWith(CORRUPT_PREFIX));
const renamed = (doc: ProjectDocument, name: string): ProjectDocument => ({ ...doc, name });

describe('safeFolderName', () => {
  it.each([
    ['My Film', 'My Film'],
    ['../../etc/passwd', '-..-etc-passwd'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a-b-c-d-e-f-g-h-i-j'],
    ['..', ''],
    ['  . hidden . ', 'hidden'],
    ['CON', 'CON_'],
    ['nul.txt', 'nul.txt_'],
    ['tab\there\nnewline', 'tab here newline'],
    ['x'.repeat(200), 'x'.repeat(80)],
  ])('%j → %j', (name, expected) => {
    expect(safeFolderName(name)).toBe(expected);
  });
});

describe('createProject', () => {
  it('makes a folder with project.json, assets/ and renders/', async () => {
    const now = new Date('2026-11-25T12:00:00.000Z');
    const project = await createProject(root, 'Harbour at night', { fps: 30, width: 640, height: 360, now });
    expect(project.dir).toBe(path.join(root, 'Harbour at night'));
    expect((await readdir(project.dir)).sort()).toEqual(['assets', 'project.json', 'renders']);
    expect(project.document).toMatchObject({ name: 'Harbour at night', fps: 30, width: 640, height: 360, createdAt: now.toISOString(), schemaVersion: CURRENT_SCHEMA_VERSION });
    expect(await readJson(path.join(project.dir, PROJECT_FILE))).toEqual(project.document);
  });

  it('never reuses an existing folder', async () => {
    const a = await createProject(root, 'Twin');
    const b = await createProject(root, 'Twin');
    expect(path.basename(b.dir)).toBe('Twin 2');
    expect(b.document.id).not.toBe(a.document.id);
    expect((await openProject(a.dir)).document.id).toBe(a.document.id);
  });

  it('keeps a traversal name inside the parent folder', async () => {
    const project = await createProject(root, '../../escape');
    expect(path.dirname(project.dir)).toBe(root);
    expect(project.document.name).toBe('../../escape');
  });

  it('refuses a name with nothing usable in it', async () => {
    await expect(createProject(root, ' .. ')).rejects.toThrow(/use letters or digits/);
  });
});

describe('saveProjectAs', () => {
  it('writes the document under the new name and id into a new folder with copies of assets/ and renders/', async () => {
    const source = await createProject(root, 'Original cut');
    await writeFile(path.join(source.dir, 'renders', 'take-1.mp4'), 'video bytes');
    await mkdir(path.join(source.dir, 'assets', 'music'));
    await writeFile(path.join(source.dir, 'assets', 'music', 'song.wav'), 'audio bytes');
    await writeFile(path.join(source.dir, 'renders', '.take-2.mp4.abc123.partial'), 'half a render');
    const edited = renamed(source.document, 'edited in memory');
    const parent = path.join(root, 'elsewhere');
    const now = new Date('2026-11-25T18:00:00.000Z');

    const copy = await saveProjectAs(source.dir, parent, 'Director’s cut', edited, { now });

    expect(copy.dir).toBe(path.join(parent, 'Director’s cut'));
    expect(copy.document).toMatchObject({ name: 'Director’s cut', createdAt: source.document.createdAt, updatedAt: now.toISOString() });
    expect(copy.document.id).not.toBe(source.document.id);
    expect(await readJson(path.join(copy.dir, PROJECT_FILE))).toEqual(copy.document);
    expect(await readFile(path.join(copy.dir, 'renders', 'take-1.mp4'), 'utf8')).toBe('video bytes');
    expect(await readFile(path.join(copy.dir, 'assets', 'music', 'song.wav'), 'utf8')).toBe('audio bytes');
    expect(await readdir(path.join(copy.dir, 'renders'))).toEqual(['take-1.mp4']);
    // The source is only read: its file still holds its last save.
    expect((await openProject(source.dir)).document).toEqual(source.document);
  });

  it('never overwrites an existing folder', async () => {
    const source = await createProject(root, 'Copied twice');
    const first = await saveProjectAs(source.dir, root, 'Copied twice', source.document);
    expect(path.basename(first.dir)).toBe('Copied twice 2');
    expect((await openProject(source.dir)).document.id).toBe(source.document.id);
  });

  it('refuses an invalid document, a missing source and an unusable name before making any folder', async () => {
    const source = await createProject(root, 'Guarded source');
    const before = (await readdir(root)).sort();
    await expect(saveProjectAs(source.dir, root, 'Bad fps', { ...source.document, fps: -1 })).rejects.toBeInstanceOf(ProjectSchemaError);
    await expect(saveProjectAs(path.join(root, 'no such project'), root, 'Orphan', source.document)).rejects.toBeInstanceOf(ProjectNotFoundError);
    await expect(saveProjectAs(source.dir, root, ' .. ', source.document)).rejects.toBeInstanceOf(ProjectFolderError);
    expect((await readdir(root)).sort()).toEqual(before);
  });

  it('says so when the chosen place is a file, not a folder', async () => {
    const source = await createProject(root, 'Needs a folder');
    const file = path.join(root, 'just-a-file');
    await writeFile(file, '');
    await expect(saveProjectAs(source.dir, file, 'Copy', source.document)).rejects.toThrow(/cannot make a project folder in .*just-a-file.*Choose a folder/);
  });
});

describe('open and save', () => {
  it('round-trips and keeps the previous good version as project.json.bak', async () => {
    const { dir, document } = await createProject(root, 'Roundtrip');
    await saveProject(dir, renamed(document, 'second'));
    await saveProject(dir, renamed(document, 'third'));
    expect((await openProject(dir)).document.name).toBe('third');
    expect(await readJson(path.join(dir, BACKUP_FILE))).toMatchObject({ name: 'second' });
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to save an invalid document and leaves the file as it was', async () => {
    const { dir, document } = await createProject(root, 'Invalid save');
    const before = await readFile(path.join(dir, PROJECT_FILE), 'utf8');
    const bad = { ...document, fps: 0 } as ProjectDocument;
    await expect(saveProject(dir, bad)).rejects.toThrow(ProjectSchemaError);
    expect(await readFile(path.join(dir, PROJECT_FILE), 'utf8')).toBe(before);
  });

  it('serialises concurrent saves: the file and its backup are both whole documents', async () => {
    const { dir, document } = await createProject(root, 'Concurrent');
    await Promise.all(Array.from({ length: 12 }, (_, i) => saveProject(dir, renamed(document, `save ${i}`))));
    expect((await openProject(dir)).document.name).toBe('save 11');
    expect(await readJson(path.join(dir, BACKUP_FILE))).toMatchObject({ name: 'save 10' });
  });

  it('reports a folder without project.json', async () => {
    const dir = path.join(root, 'empty-folder');
    await mkdir(dir);
    await expect(openProject(dir)).rejects.toBeInstanceOf(ProjectNotFoundError);
  });

  it('opens a pre-release (v0) project by migrating it in memory; the next save writes the current version and backs up v0', async () => {
    const dir = path.join(root, 'legacy');
    await mkdir(dir);
    const v0Text = JSON.stringify(v0Fixture, null, 2);
    await writeFile(path.join(dir, PROJECT_FILE), v0Text);
    const opened = await openProject(dir);
    expect(opened.migratedFrom).toBe(0);
    expect(opened.document.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(await readFile(path.join(dir, PROJECT_FILE), 'utf8')).toBe(v0Text);
    await saveProject(dir, opened.document);
    expect((await openProject(dir)).migratedFrom).toBeNull();
    expect(await readFile(path.join(dir, BACKUP_FILE), 'utf8')).toBe(v0Text);
  });

  it('leaves a project from a newer Scenecast alone', async () => {
    const { dir, document } = await createProject(root, 'From the future');
    const future = JSON.stringify({ ...document, schemaVersion: 9, hologram: true });
    await writeFile(path.join(dir, PROJECT_FILE), future);
    await expect(openProject(dir)).rejects.toThrow(ProjectTooNewError);
    await expect(saveProject(dir, document)).rejects.toThrow(/newer Scenecast \(project schema 9\)/);
    expect(await readFile(path.join(dir, PROJECT_FILE), 'utf8')).toBe(future);
    expect(await corruptCopies(dir)).toEqual([]);
  });
});

describe('a corrupt project.json', () => {
  it('is reported with the file and the reason, copied aside, and reported again on every open', async () => {
    const { dir, document } = await createProject(root, 'Corrupt JSON');
    await saveProject(dir, renamed(document, 'good save'));
    const garbage = '{"schemaVersion": 1, "name": "half a fi';
    await writeFile(path.join(dir, PROJECT_FILE), garbage);

    const error = await openProject(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectCorruptError);
    const corrupt = error as ProjectCorruptError;
    expect(corrupt.message).toContain(path.join(dir, PROJECT_FILE));
    expect(corrupt.reason).toMatch(/not valid JSON/);
    expect(corrupt.backupPath).toBe(path.join(dir, BACKUP_FILE));
    expect(path.basename(corrupt.corruptCopyPath)).toMatch(/^project\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(await readFile(corrupt.corruptCopyPath, 'utf8')).toBe(garbage);
    // The damaged file itself is untouched.
    expect(await readFile(path.join(dir, PROJECT_FILE), 'utf8')).toBe(garbage);

    // Opening again still fails, and doesn't pile up copies of the same bytes.
    await expect(openProject(dir)).rejects.toBeInstanceOf(ProjectCorruptError);
    expect(await corruptCopies(dir)).toHaveLength(1);

    // The user chooses to restore the last good save.
    const restored = await restoreProjectBackup(dir);
    expect(restored.document.name).toBe(document.name);
    expect((await openProject(dir)).document.name).toBe(document.name);
    expect(await readFile(corrupt.corruptCopyPath, 'utf8')).toBe(garbage);
  });

  it('names the bad field when the JSON is fine but the schema is not', async () => {
    const { dir, document } = await createProject(root, 'Corrupt schema');
    await writeFile(path.join(dir, PROJECT_FILE), JSON.stringify({ ...document, tracks: [{ ...document.tracks[0], kind: 'hologram' }] }));
    const error = (await openProject(dir).catch((e: unknown) => e)) as ProjectCorruptError;
    expect(error).toBeInstanceOf(ProjectCorruptError);
    expect(error.message).toContain('tracks.0.kind');
    expect(error.backupPath).toBeNull();
    expect(error.message).toMatch(/no earlier good save/);
  });

  it('is copied aside, not lost, when a save replaces it', async () => {
    const { dir, document } = await createProject(root, 'Save over corrupt');
    await writeFile(path.join(dir, PROJECT_FILE), 'not json at all');
    await saveProject(dir, document);
    const copies = await corruptCopies(dir);
    expect(copies).toHaveLength(1);
    expect(await readFile(path.join(dir, copies[0]!), 'utf8')).toBe('not json at all');
    expect((await openProject(dir)).document).toEqual(document);
  });

  it('restoring over a good file keeps that file too', async () => {
    const { dir, document } = await createProject(root, 'Restore over good');
    await saveProject(dir, renamed(document, 'newer'));
    await restoreProjectBackup(dir);
    expect((await openProject(dir)).document.name).toBe('Restore over good');
    const replaced = (await readdir(dir)).filter((n) => n.startsWith(REPLACED_PREFIX));
    expect(replaced).toHaveLength(1);
    expect(await readJson(path.join(dir, replaced[0]!))).toMatchObject({ name: 'newer' });
  });

  it('cannot be restored without a backup', async () => {
    const { dir } = await createProject(root, 'No backup');
    await expect(restoreProjectBackup(dir)).rejects.toThrow(/no project\.json\.bak/);
  });
});

describe('atomic writes', () => {
  it('writeFileAtomic replaces the content and leaves no temp file', async () => {
    const dir = await mkdtemp(path.join(root, 'atomic-'));
    const file = path.join(dir, 'doc.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(await readFile(file, 'utf8')).toBe('two');
    expect(await readdir(dir)).toEqual(['doc.json']);
  });

  it('fails without touching the target when the folder is missing', async () => {
    await expect(writeFileAtomic(path.join(root, 'nope', 'x.json'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('a staged write that is never committed leaves the old file intact', async () => {
    const { dir, document } = await createProject(root, 'Staged');
    const file = path.join(dir, PROJECT_FILE);
    const before = await readFile(file, 'utf8');
    const staged = await stageFileWrite(file, JSON.stringify(renamed(document, 'never committed')));
    expect(await readFile(staged.tempPath, 'utf8')).toContain('never committed');
    expect(await readFile(file, 'utf8')).toBe(before);
    await staged.discard();
    expect((await readdir(dir)).sort()).toEqual(['assets', 'project.json', 'renders']);
  });

  it('a process killed after writing but before the rename leaves the old project.json intact', async () => {
    const { dir, document } = await createProject(root, 'Crash');
    const file = path.join(dir, PROJECT_FILE);
    const before = await readFile(file, 'utf8');
    const script = path.join(dir, '..', 'crash-during-save.mts');
    await writeFile(
      script,
      [
        `import { stageFileWrite } from ${JSON.stringify(pathToFileURL(path.join(here, 'atomic.ts')).href)};`,
        `await stageFileWrite(${JSON.stringify(file)}, ${JSON.stringify(JSON.stringify(renamed(document, 'lost in the crash')))});`,
        `process.kill(process.pid, 'SIGKILL');`,
      ].join('\n'),
    );
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const signal = await new Promise((resolve) => child.on('close', (_code, sig) => resolve(sig)));
    expect(signal, stderr).toBe('SIGKILL');

    expect(await readFile(file, 'utf8')).toBe(before);
    const temps = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    expect(temps).toHaveLength(1);
    expect(await readFile(path.join(dir, temps[0]!), 'utf8')).toContain('lost in the crash');
    expect((await openProject(dir)).document).toEqual(document);

    // Once it is clearly stale, the next open sweeps the leftover.
    const old = new Date(Date.now() - 5 * 60_000);
    await utimes(path.join(dir, temps[0]!), old, old);
    await openProject(dir);
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('resolveInProject', () => {
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    dir = (await createProject(root, 'Paths')).dir;
    outside = await mkdtemp(path.join(root, 'outside-'));
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    await symlink(outside, path.join(dir, 'assets', 'linked-out'));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'assets', 'secret-link.txt'));
    await mkdir(path.join(dir, 'assets', 'real'));
    await symlink(path.join(dir, 'assets', 'real'), path.join(dir, 'assets', 'linked-in'));
  });

  it('resolves paths inside the project, existing or not', async () => {
    expect(await resolveInProject(dir, 'renders/take.mp4')).toBe(path.join(dir, 'renders', 'take.mp4'));
    expect(await resolveInProject(dir, 'assets/new/folder/file.wav')).toBe(path.join(dir, 'assets', 'new', 'folder', 'file.wav'));
    expect(await resolveInProject(dir, 'assets/linked-in/a.png')).toBe(path.join(dir, 'assets', 'linked-in', 'a.png'));
  });

  it.each([
    ['../outside.txt', /"\.\." segments/],
    ['renders/../../x', /"\.\." segments/],
    ['renders\\..\\..\\x', /"\.\." segments/],
    ['/etc/passwd', /absolute/],
    ['C:\\Windows\\win.ini', /absolute/],
    ['\\\\server\\share\\x', /absolute/],
    ['', /empty/],
    ['a\0b', /NUL/],
    ['.', /inside the project folder/],
  ])('refuses %j', async (relative, reason) => {
    const error = await resolveInProject(dir, relative).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectPathError);
    expect((error as Error).message).toMatch(reason);
  });

  it('refuses paths that leave through a symbolic link', async () => {
    await expect(resolveInProject(dir, 'assets/linked-out/secret.txt')).rejects.toThrow(/symbolic link leads outside/);
    await expect(resolveInProject(dir, 'assets/linked-out/not-yet/new.txt')).rejects.toThrow(ProjectPathError);
    await expect(resolveInProject(dir, 'assets/secret-link.txt')).rejects.toThrow(ProjectPathError);
    expect(await stat(path.join(outside, 'secret.txt'))).toBeTruthy();
  });
});
