import path from 'node:path';
import { z } from 'zod';

const DEFAULT_MAX_UPLOAD = 200 * 1024 * 1024;

/** Everything the feed server can be told, validated once at start. */
export const FeedConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8787),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must be a postgres:// URL (leave it unset for SQLite)')
    .optional(),
  maxUploadBytes: z.coerce.number().int().positive().default(DEFAULT_MAX_UPLOAD),
  maxVideoSeconds: z.coerce.number().positive().default(60),
  /** Set when served over HTTPS so the session cookie gets the Secure flag. */
  secureCookies: z.boolean().default(false),
  /** Behind a load balancer: trust X-Forwarded-* from it (true, or a comma-separated list of its addresses/CIDRs). */
  trustProxy: z.union([z.boolean(), z.string()]).default(false),
  sessionDays: z.coerce.number().positive().default(30),
  rateLimits: z
    .object({
      signInPerMinute: z.number().int().positive().default(10),
      signUpPerHour: z.number().int().positive().default(20),
      publishPerHour: z.number().int().positive().default(30),
    })
    .default({ signInPerMinute: 10, signUpPerHour: 20, publishPerHour: 30 }),
  /** Origins allowed to frame the web UI (the studio's web mode embeds it in an iframe). */
  frameAncestors: z.array(z.string()).default(["'self'", 'http://127.0.0.1:*', 'http://localhost:*']),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ffprobePath: z.string().default('ffprobe'),
  ffmpegPath: z.string().default('ffmpeg'),
  /** A folder with the web UI built ahead (index.html, app.css, app.js); unset, it is built from feed-server/web. */
  webAssetsDir: z.string().min(1).optional(),
});

export type FeedConfig = z.infer<typeof FeedConfigSchema>;
export type FeedConfigInput = z.input<typeof FeedConfigSchema>;

export function parseFeedConfig(input: FeedConfigInput, names: Record<string, string> = {}): FeedConfig {
  const result = FeedConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues
      .map((i) => {
        const key = i.path.join('.') || 'config';
        return `${names[key] ?? key}: ${i.message}`;
      })
      .join('; ');
    throw new Error(`feed server config is invalid: ${problems}`);
  }
  return { ...result.data, dataDir: path.resolve(result.data.dataDir) };
}

const ENV_NAMES: Record<string, string> = {
  host: 'FEED_HOST',
  port: 'FEED_PORT',
  dataDir: 'FEED_DATA_DIR',
  databaseUrl: 'DATABASE_URL',
  maxUploadBytes: 'FEED_MAX_UPLOAD_BYTES',
  logLevel: 'FEED_LOG_LEVEL',
  trustProxy: 'FEED_TRUST_PROXY',
  webAssetsDir: 'FEED_WEB_ASSETS',
};

/** Reads FEED_PORT / FEED_HOST / FEED_DATA_DIR / DATABASE_URL / FEED_MAX_UPLOAD_BYTES / FEED_LOG_LEVEL / FFMPEG_PATH / FFPROBE_PATH / FEED_WEB_ASSETS. */
export function configFromEnv(env: NodeJS.ProcessEnv): FeedConfig {
  return parseFeedConfig({
    host: env.FEED_HOST,
    port: env.FEED_PORT,
    dataDir: env.FEED_DATA_DIR ?? path.join(process.cwd(), '.scenecast-dev', 'feed'),
    databaseUrl: env.DATABASE_URL || undefined,
    maxUploadBytes: env.FEED_MAX_UPLOAD_BYTES,
    secureCookies: env.FEED_SECURE_COOKIES === '1',
    trustProxy: env.FEED_TRUST_PROXY === undefined ? false : env.FEED_TRUST_PROXY === 'true' ? true : env.FEED_TRUST_PROXY,
    logLevel: env.FEED_LOG_LEVEL as FeedConfig['logLevel'] | undefined,
    // The same variables the studio uses for its own ffmpeg.
    ffmpegPath: env.FFMPEG_PATH || undefined,
    ffprobePath: env.FFPROBE_PATH || undefined,
    webAssetsDir: env.FEED_WEB_ASSETS || undefined,
  }, ENV_NAMES);
}
