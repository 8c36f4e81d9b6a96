import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './db/open.js';
import type { Database } from './db/database.js';
import { sweep } from './housekeeping.js';

describe('housekeeping', () => {
  let db: Database | undefined;
  afterEach(async () => db?.close());

  it('drops expired sessions, sign-in codes and stale upload temp files, keeps fresh ones', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'feed-sweep-'));
    const tmp = path.join(dir, 'tmp');
    await fs.mkdir(tmp);
    db = await openDatabase({ dataDir: dir });
    await db.run("INSERT INTO users (id, handle, display_name, password_hash, account_type, created_at) VALUES ('u', 'someone', 'S', 'x', 'adult', 0)");
    const now = Date.now();
    await db.run("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ('old', 'u', 'c', 0, ?), ('live', 'u', 'c', 0, ?)", [now - 1, now + 60_000]);
    await db.run("INSERT INTO login_handoffs (code_hash, user_id, parent_token_hash, expires_at) VALUES ('spent', 'u', 'live', ?), ('fresh', 'u', 'live', ?)", [now - 1, now + 60_000]);
    await fs.writeFile(path.join(tmp, 'upload-stale'), 'x');
    await fs.writeFile(path.join(tmp, 'upload-fresh'), 'x');
    const twoHoursAgo = new Date(now - 2 * 3_600_000);
    await fs.utimes(path.join(tmp, 'upload-stale'), twoHoursAgo, twoHoursAgo);

    expect(await sweep(db, tmp, now)).toEqual({ sessions: 1, tempFiles: 1 });
    expect(await fs.readdir(tmp)).toEqual(['upload-fresh']);
    expect((await db.all<{ token_hash: string }>('SELECT token_hash FROM sessions')).map((r) => r.token_hash)).toEqual(['live']);
    expect((await db.all<{ code_hash: string }>('SELECT code_hash FROM login_handoffs')).map((r) => r.code_hash)).toEqual(['fresh']);
    await fs.rm(dir, { recursive: true, force: true });
  });
});
