/**
 * The studio's feed session: which server it belongs to, the handle and the bearer token. Kept in memory and in
 * `<data dir>/feed-session.json` (mode 0600, so other users on the machine cannot read the token). Never logged.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { tempPathFor } from '../projects/atomic.js';

export const feedSessionSchema = z.strictObject({
  /** 'embedded' for the studio's own local server (its port changes per launch), else the configured URL. */
  server: z.string().min(1).max(2048),
  handle: z.string().min(1).max(64),
  token: z.string().min(1).max(512),
});
export type FeedSession = z.infer<typeof feedSessionSchema>;

export async function readFeedSession(file: string): Promise<FeedSession | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    return feedSessionSchema.parse(JSON.parse(text));
  } catch {
    // A damaged session file only means signing in again; it holds nothing else.
    return null;
  }
}

export async function writeFeedSession(file: string, session: FeedSession): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Like writeFileAtomic, but the temp file is created 0600 so the token is never readable by others, not even briefly.
  const temp = tempPathFor(file);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(feedSessionSchema.parse(session)));
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function deleteFeedSession(file: string): Promise<void> {
  await rm(file, { force: true });
}
