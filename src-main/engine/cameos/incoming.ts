/**
 * Where new cameo media waits before it is sealed: `<data dir>/cameos/incoming`. The capture and import flows write
 * there; the router names files by their bare name only, so a client cannot point the engine at any other file.
 * Plaintext is deleted as soon as it is sealed. Only recordings come in: reference images are taken from them.
 */
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CAMEO_MEDIA_TYPES, MAX_CAMEO_RECORDING_BYTES, type CameoMediaType } from '../../../src-shared/cameo/incomingMedia.js';
import { CameoLibraryError } from './library.js';

export const incomingNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'a file name in the cameo incoming folder (no folders)');

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
  const file = await readIncoming(dir, name, MAX_CAMEO_RECORDING_BYTES);
  if (!RECORDING_EXTS.has(file.ext)) throw new CameoLibraryError(`${name}: a recording is a .webm, .mp4, .mov or .mkv file`, 'bad_request');
  if (file.data.length === 0) throw new CameoLibraryError(`${name} is empty`, 'bad_request');
  return file;
}

/**
 * Stores bytes handed over by the desktop app (no upload route there) as a new file in the incoming folder: a fresh
 * random name with the extension of its allowed content type, created exclusively (never over an existing file or a
 * planted symlink), mode 0600. Answers the bare name `cameos.create` takes.
 */
export async function writeIncoming(dir: string, bytes: Uint8Array, type: CameoMediaType): Promise<string> {
  const kind = CAMEO_MEDIA_TYPES[type];
  if (bytes.byteLength === 0) throw new CameoLibraryError('the file is empty', 'bad_request');
  if (bytes.byteLength > kind.maxBytes) throw new CameoLibraryError(`the file is ${bytes.byteLength} bytes, over the ${kind.maxBytes}-byte limit for ${type}`, 'bad_request');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `${randomUUID()}.${kind.ext}`;
  await writeFile(path.join(dir, name), bytes, { mode: 0o600, flag: 'wx' });
  return name;
}

export async function removeIncoming(files: IncomingFile[]): Promise<void> {
  await Promise.all(files.map((f) => rm(f.path, { force: true })));
}
