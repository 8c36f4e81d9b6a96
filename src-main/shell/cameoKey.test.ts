/**
 * The desktop cameo key. Electron's safeStorage cannot run here, so `ReversibleFakeSafeStorage` stands in for it: it
 * "encrypts" by reversing and prefixing the bytes, enough to tell that the key never reaches the disk in the clear.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../engine/testing/fixturePack.js';
import { safeStorageCameoKey, type SafeStorageLike } from './cameoKey.js';

afterAll(removeTempDirs);

class ReversibleFakeSafeStorage implements SafeStorageLike {
  constructor(
    public available = true,
    private readonly backend = 'gnome_libsecret',
  ) {}
  isEncryptionAvailable() {
    return this.available;
  }
  encryptString(plain: string) {
    return Buffer.concat([Buffer.from('v10'), Buffer.from(plain).reverse()]);
  }
  decryptString(encrypted: Buffer) {
    return Buffer.from(encrypted.subarray(3)).reverse().toString();
  }
  getSelectedStorageBackend() {
    return this.backend;
  }
}

describe('desktop cameo key', () => {
  it('keeps a random key only encrypted by safeStorage, 0600, and reads the same key back', async () => {
    const dir = await makeTempDir('cameo-shell-key');
    const storage = new ReversibleFakeSafeStorage();
    const warnings: string[] = [];
    const key = await safeStorageCameoKey(storage, dir, { warn: (m) => warnings.push(m) })();
    expect(key).toHaveLength(32);
    const onDisk = await readFile(path.join(dir, 'cameos', 'key.safe'));
    expect(onDisk.includes(Buffer.from(key.toString('hex')))).toBe(false);
    expect((await stat(path.join(dir, 'cameos', 'key.safe'))).mode & 0o777).toBe(0o600);
    expect((await safeStorageCameoKey(storage, dir, { warn: () => undefined })()).equals(key)).toBe(true);
    expect(warnings).toEqual([]);

    storage.available = false;
    await expect(safeStorageCameoKey(storage, dir, { warn: () => undefined })()).rejects.toThrow(/system keychain, which is not available now/);
  });

  it('falls back to the 0600 key file where the keychain gives no protection, and keeps using it', async () => {
    const dir = await makeTempDir('cameo-shell-key');
    const warnings: string[] = [];
    const key = await safeStorageCameoKey(new ReversibleFakeSafeStorage(true, 'basic_text'), dir, { warn: (m) => warnings.push(m) })();
    expect(warnings).toEqual(['The system keychain is not available to protect the cameo key; it is kept in a file only this user can read.']);
    expect((await stat(path.join(dir, 'cameos', 'key'))).mode & 0o777).toBe(0o600);
    // A keychain that appears later does not replace the key the media is sealed with.
    expect((await safeStorageCameoKey(new ReversibleFakeSafeStorage(), dir, { warn: () => undefined })()).equals(key)).toBe(true);
  });
});
