/** Cameo media at rest: sealed with AES-256-GCM, bound to its cameo and name, under a key only its owner can read. */
import { chmod, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeTempDirs } from '../testing/fixturePack.js';
import { CameoVault, keyFileSource } from './vault.js';

afterAll(removeTempDirs);

const ID = 'cameo_0123456789abcdef';
const OTHER = 'cameo_fedcba9876543210';
const likeness = Buffer.from('\x89PNG\r\n\x1a\n this stands for a face, and must never be on disk in the clear');

describe('cameo vault', () => {
  it('makes a 0600 key file once and keeps using it', async () => {
    const dir = await makeTempDir('cameo-key');
    const file = path.join(dir, 'cameos', 'key');
    const first = await keyFileSource(file)();
    expect(first).toHaveLength(32);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await keyFileSource(file)()).equals(first)).toBe(true);
  });

  it('refuses a key file that other users can read, and a damaged one', async () => {
    const dir = await makeTempDir('cameo-key');
    const file = path.join(dir, 'key');
    await keyFileSource(file)();
    await chmod(file, 0o644);
    await expect(keyFileSource(file)()).rejects.toThrow(/can be read by other users \(mode 644\); run chmod 600/);
    await chmod(file, 0o600);
    await writeFile(file, Buffer.alloc(7));
    await expect(keyFileSource(file)()).rejects.toThrow(/damaged/);
  });

  it('stores only ciphertext, opens it again, and deletes a cameo\'s files', async () => {
    const dir = await makeTempDir('cameo-vault');
    const vault = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    await vault.put(ID, 'reference-0.png', likeness);
    const files = await readdir(vault.dirOf(ID));
    expect(files).toEqual(['reference-0.png.sealed']);
    const onDisk = await readFile(path.join(vault.dirOf(ID), files[0]!));
    expect(onDisk.includes(likeness.subarray(10, 40))).toBe(false);
    expect(onDisk.includes(Buffer.from('PNG'))).toBe(false);
    expect((await stat(path.join(vault.dirOf(ID), files[0]!))).mode & 0o777).toBe(0o600);
    expect((await vault.get(ID, 'reference-0.png')).equals(likeness)).toBe(true);

    // Sealing the same bytes twice gives different files (a fresh nonce each time).
    await vault.put(ID, 'reference-1.png', likeness);
    expect((await readFile(path.join(vault.dirOf(ID), 'reference-1.png.sealed'))).equals(onDisk)).toBe(false);

    await vault.remove(ID);
    await expect(stat(vault.dirOf(ID))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses a file that was altered, moved to another cameo, or sealed under another key', async () => {
    const dir = await makeTempDir('cameo-vault');
    const vault = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    await vault.put(ID, 'reference-0.png', likeness);
    const sealed = path.join(vault.dirOf(ID), 'reference-0.png.sealed');
    const bytes = await readFile(sealed);

    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 1]! ^= 1;
    await writeFile(sealed, flipped);
    await expect(vault.get(ID, 'reference-0.png')).rejects.toThrow(/failed its integrity check/);

    await writeFile(sealed, bytes);
    await vault.put(OTHER, 'reference-0.png', Buffer.from('other'));
    await rename(sealed, path.join(vault.dirOf(OTHER), 'reference-0.png.sealed'));
    await expect(vault.get(OTHER, 'reference-0.png')).rejects.toThrow(/failed its integrity check/);

    const elsewhere = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'another-key')));
    await expect(elsewhere.get(OTHER, 'reference-0.png')).rejects.toThrow(/another install's key/);
  });

  it('never builds a path from a name outside the cameo folder', async () => {
    const dir = await makeTempDir('cameo-vault');
    const vault = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    await expect(vault.put(ID, '../../escape.png', likeness)).rejects.toThrow(/not a cameo media name/);
    await expect(vault.get('../cameo_0123456789abcdef', 'reference-0.png')).rejects.toThrow(/not a valid cameo id/);
  });

  it('opens references into a private folder that the caller removes', async () => {
    const dir = await makeTempDir('cameo-vault');
    const vault = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    await vault.put(ID, 'reference-0.png', likeness);
    const opened = await vault.openToPrivateDir([{ cameoId: ID, name: 'reference-0.png' }]);
    expect((await stat(opened.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(opened.paths[0]!)).mode & 0o777).toBe(0o600);
    expect((await readFile(opened.paths[0]!)).equals(likeness)).toBe(true);
    expect(opened.dir.startsWith(path.join(dir, 'open'))).toBe(true);
    await opened.dispose();
    await expect(stat(opened.dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('sweeps references a crashed engine left open', async () => {
    const dir = await makeTempDir('cameo-vault');
    const vault = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    await vault.put(ID, 'reference-0.png', likeness);
    const left = await vault.openToPrivateDir([{ cameoId: ID, name: 'reference-0.png' }]);
    const restarted = new CameoVault(path.join(dir, 'media'), keyFileSource(path.join(dir, 'key')));
    expect(await restarted.sweepOpened()).toBe(1);
    await expect(stat(left.dir)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await restarted.openedDirs()).toEqual([]);
  });
});
