import { randomBytes } from 'node:crypto';
import { open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { MediaOutputError } from './errors.js';

/**
 * Checks the output folder and creates an empty temp file beside `outPath`, proving the folder is writable before any
 * process is started. The caller renames it into place when done, or removes it.
 */
export async function reserveTempFile(outPath: string, what: string): Promise<string> {
  const dir = path.dirname(outPath);
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOTDIR' ? 'part of that path is a file, not a folder' : code === 'ENOENT' ? 'the folder does not exist' : (error as Error).message;
    throw new MediaOutputError(`cannot write ${what} to ${outPath}: ${why}. Choose an existing folder you can write to.`, outPath);
  }
  if (!info.isDirectory()) {
    throw new MediaOutputError(`cannot write ${what} to ${outPath}: ${dir} is a file, not a folder. Choose an existing folder.`, outPath);
  }
  const temp = path.join(dir, `.${path.basename(outPath)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    // Creating the file ourselves proves the folder is writable before ffmpeg is started.
    const handle = await open(temp, 'wx');
    await handle.close();
  } catch (error) {
    throw new MediaOutputError(`cannot write ${what} to ${outPath}: ${(error as Error).message}. Check the folder's permissions and free space.`, outPath);
  }
  return temp;
}


/**
 * Removes temp files that `reserveTempFile` made for `outPath`. For when the process that owned them was killed and
 * could not clean up itself.
 */
export async function removeReservedTempFiles(outPath: string): Promise<void> {
  const dir = path.dirname(outPath);
  const prefix = `.${path.basename(outPath)}.`;
  const names = await readdir(dir).catch(() => []);
  await Promise.all(names.filter((n) => n.startsWith(prefix) && n.endsWith('.partial')).map((n) => rm(path.join(dir, n), { force: true })));
}
