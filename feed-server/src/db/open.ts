import path from 'node:path';
import type { Database } from './database.js';
import { migrate } from './migrations.js';
import { PostgresDatabase } from './postgres.js';
import { SqliteDatabase } from './sqlite.js';

/** Opens the configured database (PostgreSQL when a postgres:// URL is given, else SQLite under the data dir) and migrates it. */
export async function openDatabase(options: { dataDir: string; databaseUrl?: string | undefined }): Promise<Database> {
  const db = options.databaseUrl
    ? new PostgresDatabase(options.databaseUrl)
    : new SqliteDatabase(path.join(options.dataDir, 'feed.sqlite'));
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw new Error(`feed database: migration failed (${db.dialect}): ${(error as Error).message}`, { cause: error });
  }
  return db;
}
