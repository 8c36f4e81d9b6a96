import { randomBytes, randomInt } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/**
 * This install's provenance identity: a random 24-bit install id (carried by the invisible watermark, so an export can
 * be traced to the install that made it without a network) and the folder holding its C2PA signing credentials.
 */
export interface InstallIdentity {
  installId: number;
  /** The install id as 6 hex digits, used in certificate names. */
  label: string;
  /** `<data>/provenance`. */
  dir: string;
  /** `<data>/provenance/signing`: chain.pem and signing-key.pem (0600). */
  signingDir: string;
}

const fileSchema = z.object({ installId: z.number().int().min(0).max(0xffffff), createdAt: z.string() });

export function installLabel(installId: number): string {
  return installId.toString(16).padStart(6, '0');
}

/** Reads `<dataDir>/provenance/install.json`, creating it with a random id on first use. */
export async function loadInstallIdentity(dataDir: string): Promise<InstallIdentity> {
  const dir = path.join(dataDir, 'provenance');
  const file = path.join(dir, 'install.json');
  let installId: number;
  try {
    const parsed = fileSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is damaged (${parsed.error.issues[0]?.message ?? 'invalid'}); move it away to make a new install id`);
    installId = parsed.data.installId;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    installId = randomInt(0, 0x1000000);
    await mkdir(dir, { recursive: true });
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, `${JSON.stringify({ installId, createdAt: new Date().toISOString() }, null, 2)}\n`);
    await rename(temp, file);
  }
  return { installId, label: installLabel(installId), dir, signingDir: path.join(dir, 'signing') };
}

/** A fresh 24-bit export id for the watermark payload. */
export function newExportId(): number {
  return randomInt(0, 0x1000000);
}
