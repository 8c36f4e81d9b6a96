/**
 * `npm run web`: the studio in a browser. Builds the renderer when its sources changed, starts the engine in this
 * process and serves both on 127.0.0.1 with a per-launch token.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createEngine } from './engine/index.js';
import { createNodeHost } from './engine/system/nodeHost.js';
import { startWebServer } from './web/server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const staticDir = path.join(root, 'out', 'web');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function buildRendererIfStale(): void {
  const index = path.join(staticDir, 'index.html');
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(newestMtime(path.join(root, 'src-renderer')), newestMtime(path.join(root, 'src-shared')));
  if (built > sources) return;
  process.stdout.write('Building the studio page…\n');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', path.join(root, 'src-renderer', 'vite.config.ts'), '--logLevel', 'warn'], {
    stdio: 'inherit',
    cwd: root,
  });
  if (r.status !== 0) {
    process.stderr.write('scenecast: building the studio page failed (see above).\n');
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' }, 'no-build': { type: 'boolean' } },
    strict: true,
  });
  const port = values.port ? Number(values.port) : Number(process.env.SCENECAST_PORT ?? 0);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0–65535, got '${values.port}'`);
  if (!values['no-build']) buildRendererIfStale();
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : undefined;
  const server = await startWebServer(async (mediaUrl) => createEngine(createNodeHost({ dataDir, mediaUrl })), {
    staticDir,
    port,
    token: process.env.SCENECAST_WEB_TOKEN,
  });
  process.stdout.write(`Scenecast web mode is running. Open:\n  ${server.url}\n(127.0.0.1 only; the link carries this launch's access token. Ctrl+C stops it.)\n`);
  const stop = () => {
    void server.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`scenecast web: ${(err as Error).message}\n`);
  process.exit(1);
});
