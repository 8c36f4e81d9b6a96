import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { ProjectPathError } from './errors.js';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const MAX_FOLDER_NAME = 80;

/**
 * A folder name from a project name that is safe on Windows, macOS and Linux: no separators or reserved characters,
 * no leading/trailing dots or spaces (so never "." or ".."), no reserved device names. Returns '' if nothing is left.
 */
export function safeFolderName(name: string): string {
  let folder = name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a folder name
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '-')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  folder = [...folder].slice(0, MAX_FOLDER_NAME).join('').replace(/[\s.]+$/, '');
  if (WINDOWS_RESERVED.test(folder.split('.')[0] ?? '')) folder = `${folder}_`;
  return folder;
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of `target`, or of its deepest existing ancestor joined with the rest (which can't be a link yet). */
async function realpathOfExisting(target: string): Promise<string> {
  const missing: string[] = [];
  let current = target;
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing.reverse());
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * The absolute path of `relative` inside the project folder `projectDir`. Refuses absolute paths, `..` segments and
 * paths that leave the folder through a symbolic link, so a hand-edited or downloaded project.json can't make the
 * app read or write elsewhere.
 */
export async function resolveInProject(projectDir: string, relative: string): Promise<string> {
  if (typeof relative !== 'string' || relative.length === 0) throw new ProjectPathError(String(relative), 'the path is empty');
  if (relative.includes('\0')) throw new ProjectPathError(relative, 'the path contains a NUL character');
  if (path.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) {
    throw new ProjectPathError(relative, 'absolute paths are not allowed; use a path relative to the project folder');
  }
  if (relative.split(/[\\/]/).includes('..')) throw new ProjectPathError(relative, '".." segments are not allowed');
  const root = path.resolve(projectDir);
  const target = path.resolve(root, ...relative.split(/[\\/]/).filter(Boolean));
  if (!isInside(root, target) || target === root) throw new ProjectPathError(relative, 'it does not name a file inside the project folder');
  const realRoot = await realpath(root);
  const realTarget = await realpathOfExisting(target);
  if (!isInside(realRoot, realTarget)) throw new ProjectPathError(relative, `a symbolic link leads outside the project folder (to ${realTarget})`);
  return target;
}
