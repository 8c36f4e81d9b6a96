import fs from 'node:fs/promises';
import path from 'node:path';
import type { Database } from './db/database.js';

const HOUR = 3_600_000;

/**
 * Periodic cleanup: expired sessions and sign-in codes, and upload temp files left by a crashed instance (older than an hour, so an
 * upload still in flight on another instance sharing the folder is never touched).
 */
export async function sweep(db: Database, tmpDir: string, now = Date.now()): Promise<{ sessions: number; tempFiles: number }> {
  const sessions = (await db.run('DELETE FROM sessions WHERE expires_at < ?', [now])).changes;
  await db.run('DELETE FROM login_handoffs WHERE expires_at < ?', [now]);
  let tempFiles = 0;
  for (const name of await fs.readdir(tmpDir).catch(() => [] as string[])) {
    const file = path.join(tmpDir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (stat?.isFile() && now - stat.mtimeMs > HOUR) {
      await fs.rm(file, { force: true });
      tempFiles++;
    }
  }
  return { sessions, tempFiles };
}

export function startHousekeeping(db: Database, tmpDir: string, onError: (error: unknown) => void): () => void {
  const run = () => void sweep(db, tmpDir).catch(onError);
  run();
  const timer = setInterval(run, HOUR);
  timer.unref();
  return () => clearInterval(timer);
}
