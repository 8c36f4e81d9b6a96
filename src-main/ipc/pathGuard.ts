/**
 * Decides whether a file may be served to the renderer: only files inside allowed roots (projects, model packs), no
 * `..` escapes, no symlink escapes. Electron-free, so the Electron media protocol and web mode's HTTP media route share
 * one guard.
 */
import nodePath from 'node:path';
import { realpath, stat } from 'node:fs/promises';

/** The parts of `node:path` the guard uses; pass `path.win32` / `path.posix` to check another platform's rules. */
export type PathRules = Pick<typeof nodePath, 'resolve' | 'relative' | 'isAbsolute' | 'sep'>;

/** Lexical check: is `candidate` the root itself or inside it? Case-insensitive where the platform's paths are. */
export function isInsideRoot(candidate: string, root: string, rules: PathRules = nodePath): boolean {
  const relative = rules.relative(rules.resolve(root), rules.resolve(candidate));
  if (relative === '') return true;
  if (rules.isAbsolute(relative)) return false; // another drive on Windows
  return relative !== '..' && !relative.startsWith(`..${rules.sep}`);
}

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/** Lexical checks only (no file system): absolute, no NUL, inside one of `roots` after resolving `..`. */
export function checkPathLexically(requested: string, roots: readonly string[], rules: PathRules = nodePath): PathCheck {
  if (requested.length === 0) return { ok: false, reason: 'empty path' };
  if (requested.includes('\0')) return { ok: false, reason: 'path contains a NUL byte' };
  if (!rules.isAbsolute(requested)) return { ok: false, reason: `not an absolute path: ${requested}` };
  const resolved = rules.resolve(requested);
  const usableRoots = roots.filter((root) => root.length > 0 && rules.isAbsolute(root));
  if (!usableRoots.some((root) => isInsideRoot(resolved, root, rules))) {
    return { ok: false, reason: `outside the allowed folders: ${resolved}` };
  }
  return { ok: true, path: resolved };
}

/**
 * Full check for serving a file: the lexical check, then the same check on the real path (symlinks resolved, for
 * the file and the roots), and the target must be a regular file.
 */
export async function resolveServablePath(requested: string, roots: readonly string[]): Promise<PathCheck> {
  const lexical = checkPathLexically(requested, roots);
  if (!lexical.ok) return lexical;
  let real: string;
  try {
    real = await realpath(lexical.path);
  } catch {
    return { ok: false, reason: `no such file: ${lexical.path}` };
  }
  const realRoots: string[] = [];
  for (const root of roots) {
    try {
      realRoots.push(await realpath(root));
    } catch {
      // A root that doesn't exist (yet) can't contain anything.
    }
  }
  if (!realRoots.some((root) => isInsideRoot(real, root))) {
    return { ok: false, reason: `links outside the allowed folders: ${lexical.path} → ${real}` };
  }
  const info = await stat(real);
  if (!info.isFile()) return { ok: false, reason: `not a file: ${real}` };
  return { ok: true, path: real };
}
