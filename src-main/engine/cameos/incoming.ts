/**
 * Where new cameo media waits before it is sealed: `<data dir>/cameos/incoming`. The capture and import flows write
 * there; the router names files by their bare name only, so a client cannot point the engine at any other file.
 * Plaintext is deleted as soon as it is sealed.
 */
import { lstat, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CameoLibraryError } from './library.js';

export const incomingNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a file name in the cameo incoming folder (no folders)');

const MAX_RECORDING_BYTES = 200 * 1024 * 1024;
const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const RECORDING_EXTS = new Set(['webm', 'mp4', 'mov', 'mkv']);

export interface IncomingFile {
  data: Buffer;
  ext: string;
  path: string;
}

async function readIncoming(dir: string, name: string, maxBytes: number): Promise<IncomingFile> {
  const file = path.join(dir, incomingNameSchema.parse(name));
  const info = await lstat(file).catch(() => null);
  // lstat, not stat: a symlink planted in incoming/ must not pull in a file from elsewhere.
  if (!info?.isFile()) throw new CameoLibraryError(`no file ${name} in the cameo incoming folder`, 'not_found');
  if (info.size > maxBytes) throw new CameoLibraryError(`${name} is ${info.size} bytes, over the ${maxBytes}-byte limit`, 'bad_request');
  return { data: await readFile(file), ext: path.extname(name).slice(1).toLowerCase(), path: file };
}

export async function readIncomingRecording(dir: string, name: string): Promise<IncomingFile> {
  const file = await readIncoming(dir, name, MAX_RECORDING_BYTES);
  if (!RECORDING_EXTS.has(file.ext)) throw new CameoLibraryError(`${name}: a recording is a .webm, .mp4, .mov or .mkv file`, 'bad_request');
  if (file.data.length === 0) throw new CameoLibraryError(`${name} is empty`, 'bad_request');
  return file;
}

/** Reference images must be PNG or JPEG, by their bytes rather than their name; the extension is set from the bytes. */
export async function readIncomingImage(dir: string, name: string): Promise<IncomingFile> {
  const file = await readIncoming(dir, name, MAX_IMAGE_BYTES);
  const d = file.data;
  if (d.length > 8 && d[0] === 0x89 && d.subarray(1, 4).toString('latin1') === 'PNG') return { ...file, ext: 'png' };
  if (d.length > 3 && d[0] === 0xff && d[1] === 0xd8 && d[2] === 0xff) return { ...file, ext: 'jpg' };
  throw new CameoLibraryError(`${name} is not a PNG or JPEG image`, 'bad_request');
}

export async function removeIncoming(files: IncomingFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.path, { force: true })));
}
