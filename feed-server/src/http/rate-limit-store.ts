import type { Database } from '../db/database.js';

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store kept in the feed's database, so every instance behind a load balancer counts against
 * the same window (the plugin's default store lives in one process's memory). One atomic upsert per request.
 */
export function databaseRateLimitStore(db: Database) {
  return class DatabaseRateLimitStore {
    private readonly namespace: string;

    // The plugin passes its merged route settings (typed loosely upstream); only routeInfo is read.
    constructor(params: object = {}) {
      const { routeInfo } = params as RouteParams;
      const method = [routeInfo?.method ?? ''].flat().join(',');
      this.namespace = `${method} ${routeInfo?.url ?? '*'}`;
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      const now = Date.now();
      db.get<{ hits: number; window_start: number }>(
        `INSERT INTO rate_limits (key, hits, window_start) VALUES (?, 1, ?)
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN rate_limits.window_start + ? <= ? THEN 1 ELSE rate_limits.hits + 1 END,
           window_start = CASE WHEN rate_limits.window_start + ? <= ? THEN ? ELSE rate_limits.window_start END
         RETURNING hits, window_start`,
        [`${this.namespace}|${key}`, now, timeWindow, now, timeWindow, now, now],
      ).then(
        (row) => {
          if (Math.random() < 0.01) void db.run('DELETE FROM rate_limits WHERE window_start < ?', [now - 86_400_000]).catch(() => undefined);
          callback(null, { current: Number(row?.hits ?? 1), ttl: Math.max(0, Number(row?.window_start ?? now) + timeWindow - now) });
        },
        (error: unknown) => callback(error as Error),
      );
    }

    child(params: object): DatabaseRateLimitStore {
      return new DatabaseRateLimitStore(params);
    }
  };
}
