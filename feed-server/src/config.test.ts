import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configFromEnv, parseFeedConfig } from './config.js';

describe('feed server config', () => {
  it('fills defaults and resolves the data dir', () => {
    const config = parseFeedConfig({ dataDir: 'relative/feed' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, maxUploadBytes: 200 * 1024 * 1024, maxVideoSeconds: 60 });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('relative/feed'));
  });

  it('reads the environment and names the variable that is wrong', () => {
    const config = configFromEnv({ FEED_PORT: '9000', FEED_DATA_DIR: '/srv/feed', DATABASE_URL: 'postgres://u@db/feed', FEED_MAX_UPLOAD_BYTES: '1000' });
    expect(config).toMatchObject({ port: 9000, dataDir: '/srv/feed', databaseUrl: 'postgres://u@db/feed', maxUploadBytes: 1000 });
    expect(() => configFromEnv({ FEED_PORT: 'eighty', FEED_DATA_DIR: '/x' })).toThrow(/FEED_PORT/);
    expect(() => configFromEnv({ DATABASE_URL: 'mysql://x', FEED_DATA_DIR: '/x' })).toThrow(/DATABASE_URL must be a postgres:\/\/ URL/);
    expect(() => configFromEnv({ FEED_MAX_UPLOAD_BYTES: '-5', FEED_DATA_DIR: '/x' })).toThrow(/FEED_MAX_UPLOAD_BYTES/);
  });

  it('an empty DATABASE_URL means SQLite', () => {
    expect(configFromEnv({ DATABASE_URL: '', FEED_DATA_DIR: '/x' }).databaseUrl).toBeUndefined();
  });
});
