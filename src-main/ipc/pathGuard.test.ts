import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPathLexically, isInsideRoot, resolveServablePath } from './pathGuard';

describe('isInsideRoot', () => {
  it('accepts the root and paths below it', () => {
    expect(isInsideRoot('/data/projects', '/data/projects', path.posix)).toBe(true);
    expect(isInsideRoot('/data/projects/a/renders/take-1.mp4', '/data/projects', path.posix)).toBe(true);
    expect(isInsideRoot('/data/projects/..hidden/x.mp4', '/data/projects', path.posix)).toBe(true);
  });

  it('refuses parents, siblings that share a prefix, and .. escapes', () => {
    expect(isInsideRoot('/data', '/data/projects', path.posix)).toBe(false);
    expect(isInsideRoot('/data/projects-evil/x.mp4', '/data/projects', path.posix)).toBe(false);
    expect(isInsideRoot('/data/projects/../secrets/key', '/data/projects', path.posix)).toBe(false);
    expect(isInsideRoot('/etc/passwd', '/data/projects', path.posix)).toBe(false);
  });

  it('follows Windows rules: case-insensitive, other drives are outside', () => {
    expect(isInsideRoot('C:\\Users\\ada\\Projects\\a\\clip.mp4', 'c:\\users\\ada\\projects', path.win32)).toBe(true);
    expect(isInsideRoot('D:\\Users\\ada\\Projects\\clip.mp4', 'C:\\Users\\ada\\Projects', path.win32)).toBe(false);
    expect(isInsideRoot('C:\\Users\\ada\\Projects\\..\\AppData\\x', 'C:\\Users\\ada\\Projects', path.win32)).toBe(false);
  });
});

describe('checkPathLexically', () => {
  const roots = ['/data/projects', '/app/models'];
  it('accepts a file inside any root and normalises it', () => {
    expect(checkPathLexically('/app/models/tiny/./manifest.json', roots, path.posix)).toEqual({
      ok: true,
      path: '/app/models/tiny/manifest.json',
    });
  });

  it.each([
    ['', /empty/],
    ['relative/clip.mp4', /not an absolute path/],
    ['/data/projects/clip.mp4\0.png', /NUL/],
    ['/data/projects/../../etc/passwd', /outside the allowed folders/],
    ['/data/projectsX/clip.mp4', /outside the allowed folders/],
  ])('refuses %j', (requested, reason) => {
    const result = checkPathLexically(requested, roots, path.posix);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('ignores empty or relative roots instead of treating them as the working directory', () => {
    expect(checkPathLexically(path.resolve('clip.mp4'), ['', '.'], path.posix).ok).toBe(false);
  });
});

describe('resolveServablePath (real file system)', () => {
  let dir: string;
  let root: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scenecast-guard-'));
    root = path.join(dir, 'projects');
    await mkdir(path.join(root, 'a', 'renders'), { recursive: true });
    await writeFile(path.join(root, 'a', 'renders', 'take.mp4'), 'video');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    await symlink(path.join(dir, 'secret.txt'), path.join(root, 'a', 'escape.txt'));
    await symlink(path.join(root, 'a', 'renders', 'take.mp4'), path.join(root, 'a', 'alias.mp4'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('serves a regular file inside the root', async () => {
    const result = await resolveServablePath(path.join(root, 'a', 'renders', 'take.mp4'), [root]);
    expect(result.ok).toBe(true);
  });

  it('follows a symlink that stays inside the root', async () => {
    expect((await resolveServablePath(path.join(root, 'a', 'alias.mp4'), [root])).ok).toBe(true);
  });

  it('refuses a symlink that points outside the root', async () => {
    const result = await resolveServablePath(path.join(root, 'a', 'escape.txt'), [root]);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/links outside/) });
  });

  it('refuses a directory, a missing file and a root that does not exist', async () => {
    expect(await resolveServablePath(path.join(root, 'a'), [root])).toMatchObject({ ok: false, reason: expect.stringMatching(/not a file/) });
    expect(await resolveServablePath(path.join(root, 'nope.mp4'), [root])).toMatchObject({ ok: false, reason: expect.stringMatching(/no such file/) });
    expect((await resolveServablePath(path.join(dir, 'secret.txt'), [path.join(dir, 'missing')])).ok).toBe(false);
  });
});
