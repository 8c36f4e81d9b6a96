/**
 * Builds the feed's web UI ahead into a folder (`tsx feed-server/scripts/build-web.ts out/feed-web`), for the packaged
 * desktop app: its feed server reads it (FEED_WEB_ASSETS) instead of bundling feed-server/web with esbuild at start.
 */
import path from 'node:path';
import { writeWebAssets } from '../src/web/routes.js';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx feed-server/scripts/build-web.ts <output folder>\n');
  process.exit(2);
}
await writeWebAssets(path.resolve(dir));
process.stdout.write(`feed web UI built into ${path.resolve(dir)}\n`);
