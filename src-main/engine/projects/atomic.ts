import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** A write that has reached the disk under a temp name but is not yet visible under its real name. */
export interface StagedFileWrite {
  readonly tempPath: string;
  /** Renames the temp file over the target and syncs the folder, so the new name survives a power cut. */
  commit(): Promise<void>;
  /** Removes the temp file; the target is untouched. */
  discard(): Promise<void>;
}

export const TEMP_SUFFIX = '.tmp';

/** Temp files are hidden, named after their target and unique, so a sweep can find leftovers of a crash. */
export function tempPathFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows can't open a directory for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes `data` to a temp file beside `target` and fsyncs it. Call `commit()` to make it the target. */
export async function stageFileWrite(target: string, data: string | Uint8Array): Promise<StagedFileWrite> {
  const tempPath = tempPathFor(target);
  const handle = await open(tempPath, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tempPath, { force: true });
    throw error;
  }
  await handle.close();
  let settled = false;
  return {
    tempPath,
    async commit() {
      if (settled) throw new Error(`atomic write of ${target}: already committed or discarded`);
      settled = true;
      try {
        await rename(tempPath, target);
      } catch (error) {
        await rm(tempPath, { force: true });
        throw error;
      }
      await syncDirectory(path.dirname(target));
    },
    async discard() {
      if (settled) return;
      settled = true;
      await rm(tempPath, { force: true });
    },
  };
}

/**
 * Replaces `target` so that a reader (or a crash at any moment) sees either the old content or the new, never a mix:
 * temp file in the same folder → write → fsync → rename → fsync the folder.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const staged = await stageFileWrite(target, data);
  await staged.commit();
}
