/**
 * Cameo media at rest: every file is sealed with AES-256-GCM under the install's cameo key, with a fresh 96-bit nonce
 * per file and the cameo id + file name as associated data, so a file copied under another cameo or name fails to
 * open instead of being served as someone else's likeness. The key comes from a `CameoKeySource`: a 0600 key file in
 * web mode and the CLI, or the host's own protected store (Electron safeStorage) in the app.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { tempPathFor } from '../projects/atomic.js';
import { cameoIdSchema } from './model.js';

/** Supplies the 32-byte key that seals cameo media. Called once per engine; never logged. */
export type CameoKeySource = () => Promise<Buffer>;

const KEY_BYTES = 32;
const MAGIC = Buffer.from('SCM1');
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class CameoKeyError extends Error {}

/**
 * A key kept in a file only its owner can read. Created (0600, exclusively) on first use; a key file that others can
 * read or write is refused rather than used, since anyone who can read it can open every cameo.
 */
export function keyFileSource(file: string): CameoKeySource {
  return async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(randomBytes(KEY_BYTES));
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (process.platform !== 'win32') {
      const mode = (await stat(file)).mode & 0o777;
      if ((mode & 0o077) !== 0) {
        throw new CameoKeyError(`the cameo key file ${file} can be read by other users (mode ${mode.toString(8)}); run chmod 600 on it`);
      }
    }
    const key = await readFile(file);
    if (key.length !== KEY_BYTES) throw new CameoKeyError(`the cameo key file ${file} is damaged (not ${KEY_BYTES} bytes); cameo media cannot be opened without the original key`);
    return key;
  };
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Media names are chosen by the engine, but checked anyway: nothing may reach outside the cameo's folder. */
const MEDIA_NAME = /^(recording|reference-\d{1,2})\.[a-z0-9]{2,4}$/;

export class CameoVault {
  private key: Promise<Buffer> | null = null;

  /** Where references are opened for a running job: `<data dir>/cameos/open`, beside the sealed media. */
  private readonly openRoot: string;

  constructor(
    /** `<data dir>/cameos/media`: one folder per cameo. */
    private readonly root: string,
    private readonly keySource: CameoKeySource,
  ) {
    this.openRoot = path.join(path.dirname(root), 'open');
  }

  private async theKey(): Promise<Buffer> {
    this.key ??= this.keySource().then((key) => {
      if (key.length !== KEY_BYTES) throw new CameoKeyError(`the cameo key must be ${KEY_BYTES} bytes`);
      return key;
    });
    this.key.catch(() => (this.key = null));
    return this.key;
  }

  /** The folder of one cameo's sealed files. */
  dirOf(cameoId: string): string {
    return path.join(this.root, cameoIdSchema.parse(cameoId));
  }

  private fileOf(cameoId: string, name: string): string {
    if (!MEDIA_NAME.test(name)) throw new Error(`not a cameo media name: ${JSON.stringify(name)}`);
    return path.join(this.dirOf(cameoId), `${name}.sealed`);
  }

  /** Seals `plain` as the cameo's file `name` (atomic, 0600). */
  async put(cameoId: string, name: string, plain: Uint8Array): Promise<void> {
    const key = await this.theKey();
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${cameoId}/${name}`));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const sealed = Buffer.concat([MAGIC, nonce, cipher.getAuthTag(), body]);
    const target = this.fileOf(cameoId, name);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temp = tempPathFor(target);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(sealed);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
  }

  /** Opens a sealed file; throws if it was altered, moved or sealed under another key. */
  async get(cameoId: string, name: string): Promise<Buffer> {
    const sealed = await readFile(this.fileOf(cameoId, name));
    if (sealed.length < MAGIC.length + NONCE_BYTES + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new Error(`cameo ${cameoId}: ${name} is not a sealed cameo file`);
    }
    const nonce = sealed.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
    const tag = sealed.subarray(MAGIC.length + NONCE_BYTES, MAGIC.length + NONCE_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', await this.theKey(), nonce);
    decipher.setAAD(Buffer.from(`${cameoId}/${name}`));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(sealed.subarray(MAGIC.length + NONCE_BYTES + TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error(`cameo ${cameoId}: ${name} failed its integrity check (altered, or sealed with another install's key)`);
    }
  }

  /** Deletes every file of the cameo. */
  async remove(cameoId: string): Promise<void> {
    await rm(this.dirOf(cameoId), { recursive: true, force: true });
  }

  /**
   * Opens files into a fresh private folder (0700, files 0600) for a process that needs a path (ffmpeg decodes the
   * reference image); the caller removes the folder when the job ends. The folders live under the data folder, not
   * the system's shared temp folder, and `sweepOpened` removes any a crash left behind.
   */
  async openToPrivateDir(files: { cameoId: string; name: string }[]): Promise<{ dir: string; paths: string[]; dispose: () => Promise<void> }> {
    await mkdir(this.openRoot, { recursive: true, mode: 0o700 });
    const dir = await mkdtemp(path.join(this.openRoot, 'job-'));
    await chmod(dir, 0o700);
    try {
      const paths: string[] = [];
      for (const [i, f] of files.entries()) {
        const out = path.join(dir, `${i}-${f.name}`);
        const handle = await open(out, 'wx', 0o600);
        try {
          await handle.writeFile(await this.get(f.cameoId, f.name));
        } finally {
          await handle.close();
        }
        paths.push(out);
      }
      return { dir, paths, dispose: () => rm(dir, { recursive: true, force: true }) };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Removes opened references left by an engine that stopped mid-job. Call at start, before any job opens one. */
  async sweepOpened(): Promise<number> {
    const left = await readdir(this.openRoot).catch(() => [] as string[]);
    await Promise.all(left.map((name) => rm(path.join(this.openRoot, name), { recursive: true, force: true })));
    return left.length;
  }

  /** The folders references are opened into (for tests and diagnostics). */
  async openedDirs(): Promise<string[]> {
    return (await readdir(this.openRoot).catch(() => [] as string[])).map((name) => path.join(this.openRoot, name));
  }
}
