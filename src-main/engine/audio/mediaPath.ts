import { open, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * Paths to media files that a UI sends (a file the user picked, an asset's absolute path). They reach ffmpeg, which
 * treats some strings as URLs and some files as playlists of other files, so they are checked twice:
 *  - by shape (zod, at the router's edge): absolute, no NUL, no `.`/`..` segments, no `scheme:` URL, no UNC/network
 *    path, no more than 4096 characters;
 *  - on disk (`resolveMediaFile`): the real path (symbolic links resolved) is an existing regular file, inside an
 *    allowed root when the host gives roots, with a media file extension, and does not start like a text playlist
 *    (`#EXTM3U`, `ffconcat`), which would make ffmpeg open the files or URLs listed in it.
 * ffmpeg then gets the resolved real path, so what it opens is what was checked.
 */

export const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.m4a', '.aac', '.flac', '.ogg', '.oga', '.opus', '.mp4', '.mov', '.m4v', '.mkv', '.webm'] as const;
export const VIDEO_EXTENSIONS = ['.mp4', '.mov', '.m4v', '.mkv', '.webm', '.avi'] as const;

const isAbsoluteAnywhere = (p: string) => path.posix.isAbsolute(p) || /^[a-zA-Z]:[\\/]/.test(p);

export const mediaPathSchema = z
  .string()
  .min(1)
  .max(4096)
  .superRefine((p, ctx) => {
    const refuse = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (p.includes('\0')) return refuse('the path contains a NUL character');
    if (p.startsWith('\\\\') || p.startsWith('//')) return refuse('network (UNC) paths are not allowed; copy the file to this computer');
    if (!isAbsoluteAnywhere(p)) return refuse('must be an absolute path to a file');
    if (/^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(p)) return refuse('URLs are not allowed; give a file path');
    if (p.split(/[\\/]/).some((segment) => segment === '..' || segment === '.')) return refuse('must not contain "." or ".." segments');
  });

export class MediaPathError extends Error {
  override readonly name = 'MediaPathError';
  constructor(
    readonly path: string,
    reason: string,
    readonly code: 'NOT_FOUND' | 'BAD_REQUEST',
  ) {
    super(`${path}: ${reason}`);
  }
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

const PLAYLIST_HEADERS = ['#EXTM3U', 'ffconcat', '#EXT-X-'];

/** Checks a media path on disk (see above) and returns its real path. */
export async function resolveMediaFile(
  candidate: string,
  options: { extensions: readonly string[]; roots?: readonly string[] | undefined },
): Promise<string> {
  const shape = mediaPathSchema.safeParse(candidate);
  if (!shape.success) throw new MediaPathError(candidate, shape.error.issues[0]?.message ?? 'not a valid path', 'BAD_REQUEST');
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    throw new MediaPathError(candidate, 'the file does not exist or cannot be read', 'NOT_FOUND');
  }
  const info = await stat(real);
  if (!info.isFile()) throw new MediaPathError(candidate, 'not a regular file', 'BAD_REQUEST');
  const extension = path.extname(real).toLowerCase();
  if (!options.extensions.includes(extension)) {
    throw new MediaPathError(candidate, `"${extension || '(none)'}" is not a media file type this accepts (${options.extensions.join(' ')})`, 'BAD_REQUEST');
  }
  if (options.roots) {
    const roots = await Promise.all(options.roots.map((root) => realpath(root).catch(() => null)));
    if (!roots.some((root) => root !== null && isInside(root, real))) throw new MediaPathError(candidate, 'outside the folders this app may read', 'BAD_REQUEST');
  }
  const handle = await open(real, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString('latin1').replace(/^\uFEFF|^ï»¿/, '').trimStart();
    if (PLAYLIST_HEADERS.some((h) => text.startsWith(h))) throw new MediaPathError(candidate, 'is a playlist, not a media file', 'BAD_REQUEST');
  } finally {
    await handle.close();
  }
  return real;
}
