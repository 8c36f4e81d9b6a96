/**
 * The feed's data layer: one small async interface, two implementations (SQLite via better-sqlite3, PostgreSQL via pg).
 * SQL is written once, portably, with `?` placeholders; the PostgreSQL side rewrites them to `$n`.
 * Timestamps are integer epoch milliseconds and booleans are 0/1 integers so both engines read the same values.
 */
export type SqlValue = string | number | null;

export interface RunResult {
  changes: number;
}

export interface Queryable {
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlValue[]): Promise<RunResult>;
}

export interface Database extends Queryable {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction; everything it does through `tx` commits or rolls back together. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Rewrites `?` placeholders to `$1, $2, …`. Our SQL never contains a literal `?` inside a string. */
export function toPositionalParams(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
