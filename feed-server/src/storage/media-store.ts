import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where videos, posters and avatars live. Local disk now; an S3-compatible store implements the same four calls.
 * Keys are flat names (`<id>.mp4`, `<id>.jpg`) checked against a strict pattern, so a key can never name a path
 * outside the store.
 */
export interface MediaStore {
  /** Moves a finished local file into the store under `key`. */
  putFile(key: string, localPath: string): Promise<void>;
  stat(key: string): Promise<{ size: number } | undefined>;
  read(key: string, range?: { start: number; end: number }): Readable;
  delete(key: string): Promise<void>;
}

export const MEDIA_KEY_PATTERN = /^[A-Za-z0-9_-]{16}(-poster)?\.(mp4|jpg)$/;

export function assertMediaKey(key: string): void {
  if (!MEDIA_KEY_PATTERN.test(key)) throw new Error(`media store: refusing key '${key}' (not a media key)`);
}

export class LocalDiskMediaStore implements MediaStore {
  constructor(private readonly root: string) {}

  static async open(root: string): Promise<LocalDiskMediaStore> {
    await fs.mkdir(root, { recursive: true });
    return new LocalDiskMediaStore(root);
  }

  private pathOf(key: string): string {
    assertMediaKey(key);
    // Two-character fan-out keeps directories small at 100k+ files.
    return path.join(this.root, key.slice(0, 2), key);
  }

  async putFile(key: string, localPath: string): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(path.dirname(target), { recursive: true });
    try {
      await fs.rename(localPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await fs.copyFile(localPath, target);
      await fs.rm(localPath, { force: true });
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    try {
      const s = await fs.stat(this.pathOf(key));
      return { size: s.size };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  read(key: string, range?: { start: number; end: number }): Readable {
    return createReadStream(this.pathOf(key), range ? { start: range.start, end: range.end } : {});
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  /** Every key in the store (tests use it to prove a rejected upload left nothing behind). */
  async listKeys(): Promise<string[]> {
    const keys: string[] = [];
    for (const dir of await fs.readdir(this.root)) {
      const entries = await fs.readdir(path.join(this.root, dir)).catch(() => [] as string[]);
      keys.push(...entries);
    }
    return keys;
  }
}
