import BetterSqlite3 from 'better-sqlite3';
import type { Database, Queryable, RunResult, SqlValue } from './database.js';

/**
 * SQLite through better-sqlite3 (synchronous). Transactions take an exclusive turn: while one is open, other callers
 * wait, because every statement shares the one connection and would otherwise land inside the open transaction.
 */
export class SqliteDatabase implements Database {
  readonly dialect = 'sqlite' as const;
  private readonly db: BetterSqlite3.Database;
  private turn: Promise<void> = Promise.resolve();
  private inTransaction = false;

  constructor(file: string) {
    this.db = new BetterSqlite3(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
  }

  private readonly direct: Queryable = {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => this.db.prepare(sql).all(...params) as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) => this.db.prepare(sql).get(...params) as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []): Promise<RunResult> => ({
      changes: this.db.prepare(sql).run(...params).changes,
    }),
  };

  private async waitTurn(): Promise<void> {
    while (this.inTransaction) await this.turn;
  }

  async all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    await this.waitTurn();
    return this.direct.all<T>(sql, params);
  }
  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    await this.waitTurn();
    return this.direct.get<T>(sql, params);
  }
  async run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    await this.waitTurn();
    return this.direct.run(sql, params);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    await this.waitTurn();
    this.inTransaction = true;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this.direct);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      this.inTransaction = false;
      release();
    }
  }

  /** Runs a multi-statement script (migrations only). */
  execScript(sql: string): void {
    this.db.exec(sql);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
