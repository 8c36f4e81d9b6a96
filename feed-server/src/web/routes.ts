import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { build } from 'esbuild';

const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');

interface Asset {
  body: string;
  type: string;
}

/**
 * Builds the web UI once at start: plain HTML/CSS and a few TypeScript modules bundled by esbuild (type stripping and
 * bundling only, ~50 ms). Served from memory with a strict CSP: scripts and styles from this origin only, no inline code.
 */
async function loadAssets(): Promise<Map<string, Asset>> {
  const [html, css, bundle] = await Promise.all([
    fs.readFile(path.join(WEB_DIR, 'index.html'), 'utf8'),
    fs.readFile(path.join(WEB_DIR, 'app.css'), 'utf8'),
    build({ entryPoints: [path.join(WEB_DIR, 'src', 'main.ts')], bundle: true, format: 'esm', target: 'es2022', write: false, logLevel: 'silent' }),
  ]);
  const js = bundle.outputFiles[0];
  if (!js) throw new Error('feed web UI: esbuild produced no output');
  return new Map([
    ['/', { body: html, type: 'text/html; charset=utf-8' }],
    ['/app.css', { body: css, type: 'text/css; charset=utf-8' }],
    ['/app.js', { body: js.text, type: 'text/javascript; charset=utf-8' }],
  ]);
}

export async function webRoutes(app: FastifyInstance, frameAncestors: readonly string[]): Promise<void> {
  const assets = await loadAssets();
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
