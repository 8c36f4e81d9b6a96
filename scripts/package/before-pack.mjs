/**
 * electron-builder beforePack hook: builds the feed's web UI ahead into out/feed-web, which the packaged app's feed
 * server serves (FEED_WEB_ASSETS) instead of bundling feed-server/web with esbuild at start (see
 * src-main/shell/feedServerLaunch.ts). out/** is packed into the app, so it lands beside out/main.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export default async function beforePack() {
  execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'feed-server', 'scripts', 'build-web.ts'), path.join(root, 'out', 'feed-web')], {
    cwd: root,
    stdio: 'inherit',
  });
}
