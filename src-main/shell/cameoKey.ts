/**
 * The key that seals cameo media, kept with Electron's safeStorage (the OS keychain / DPAPI / libsecret): a random
 * 32-byte key, stored on disk only encrypted by safeStorage (`<data>/cameos/key.safe`, mode 0600). Where safeStorage
 * offers no real protection (unavailable, or Linux's `basic_text` backend, whose key is hard-coded) the engine's 0600
 * key file is used instead, as in web mode, and the log says so. Whichever exists first stays in use: switching would
 * make every sealed file unreadable.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { keyFileSource } from '../engine/cameos/vault.js';
import type { ShellLog } from './log.js';

/** The part of Electron's `safeStorage` used here (passed in, so this runs under tests without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only; 'basic_text' means no keyring protects the key. */
  getSelectedStorageBackend?(): string;
}

const exists = (file: string) => stat(file).then(() => true, () => false);

export function safeStorageCameoKey(safeStorage: SafeStorageLike, dataDir: string, log: Pick<ShellLog, 'warn'>): () => Promise<Buffer> {
  const dir = path.join(dataDir, 'cameos');
  const sealed = path.join(dir, 'key.safe');
  const plainFile = path.join(dir, 'key');
  const protectedHere = () => safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';

  const open_ = async (): Promise<Buffer> => {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new Error(`the cameo key in ${sealed} is protected by the system keychain, which is not available now; cameos cannot be opened until it is`);
    }
    const key = Buffer.from(safeStorage.decryptString(await readFile(sealed)), 'hex');
    if (key.length !== 32) throw new Error(`the cameo key in ${sealed} is damaged; cameo media cannot be opened without the original key`);
    return key;
  };

  return async () => {
    if (await exists(sealed)) return open_();
    if ((await exists(plainFile)) || !protectedHere()) {
      if (!(await exists(plainFile))) log.warn('The system keychain is not available to protect the cameo key; it is kept in a file only this user can read.');
      return keyFileSource(plainFile)();
    }
    const key = randomBytes(32);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      const handle = await open(sealed, 'wx', 0o600);
      try {
        await handle.writeFile(safeStorage.encryptString(key.toString('hex')));
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      // Another window made it first: use theirs.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return open_();
      throw error;
    }
    return key;
  };
}
