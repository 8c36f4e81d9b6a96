import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

interface Asset {
  body: string;
  type: string;
}

/** The files of the web UI, by URL path, and their names in a prebuilt assets folder. */
const ASSET_FILES = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/app.css', 'app.css', 'text/css; charset=utf-8'],
  ['/app.js', 'app.js', 'text/javascript; charset=utf-8'],
] as const;

/**
 * Builds the web UI: plain HTML/CSS and a few TypeScript modules bundled by esbuild (type stripping and bundling only,
 * ~50 ms). esbuild is loaded only here, so a server given prebuilt assets never needs it.
 */
export async function buildWebAssets(): Promise<Map<string, Asset>> {
  const { build } = await import('esbuild');
  const [html, css, bundle] = await Promise.all([
    fs.readFile(path.join(WEB_DIR, 'index.html'), 'utf8'),
    fs.readFile(path.join(WEB_DIR, 'app.css'), 'utf8'),
    build({ entryPoints: [path.join(WEB_DIR, 'src', 'main.ts')], bundle: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent' }),
  ]);
  const js = bundle.outputFiles[0];
  if (!js) throw new Error('feed web UI: esbuild produced no output');
  const bodies = { 'index.html': html, 'app.css': css, 'app.js': js.text };
  return new Map(ASSET_FILES.map(([url, file, type]) => [url, { body: bodies[file], type }]));
}

/** Writes the built web UI to `dir` (the desktop app ships it prebuilt: `npm run package`). */
export async function writeWebAssets(dir: string): Promise<void> {
  const assets = await buildWebAssets();
  await fs.mkdir(dir, { recursive: true });
  for (const [url, file] of ASSET_FILES) await fs.writeFile(path.join(dir, file), assets.get(url)!.body);
}

async function readWebAssets(dir: string): Promise<Map<string, Asset>> {
  const entries = await Promise.all(
    ASSET_FILES.map(async ([url, file, type]) => {
      try {
        return [url, { body: await fs.readFile(path.join(dir, file), 'utf8'), type }] as const;
      } catch (error) {
        throw new Error(`feed web UI: the prebuilt assets in ${dir} lack ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
      }
    }),
  );
  return new Map(entries);
}

/**
 * Serves the web UI from memory with a strict CSP: scripts and styles from this origin only, no inline code. Built at
 * start from feed-server/web, or read from `assetsDir` when the web UI was built ahead (the packaged desktop app).
 */
export async function webRoutes(app: FastifyInstance, frameAncestors: readonly string[], assetsDir?: string): Promise<void> {
  const assets = assetsDir ? await readWebAssets(assetsDir) : await buildWebAssets();
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
  for (const [url, asset] of assets) {
    app.get(url, async (_req, reply) => {
      reply.header('content-type', asset.type).header('content-security-policy', csp).header('cache-control', 'no-cache');
      return asset.body;
    });
  }
}
