import pg from 'pg';
import { toPositionalParams, type Database, type Queryable, type RunResult, type SqlValue } from './database.js';

// BIGINT (int8) and NUMERIC come back as strings by default; our values (epoch ms, counts) fit in a double.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));
pg.types.setTypeParser(1700, (value) => Number.parseFloat(value));

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPositionalParams(sql), params as SqlValue[])).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query(toPositionalParams(sql), params as SqlValue[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlValue[] = []): Promise<RunResult> => ({
      changes: (await client.query(toPositionalParams(sql), params as SqlValue[])).rowCount ?? 0,
    }),
  };
}

export class PostgresDatabase implements Database {
  readonly dialect = 'postgres' as const;
  private readonly pool: pg.Pool;
  private readonly q: Queryable;

  constructor(connectionString: string, poolSize = 10) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
    this.q = queryable(this.pool);
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.q.all<T>(sql, params);
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.q.get<T>(sql, params);
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult> {
    return this.q.run(sql, params);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
