/**
 * Request → Response handlers for the app's two custom schemes. Electron-free (Web Request/Response), registered by
 * protocols.ts with `protocol.handle`, tested under plain Node.
 *
 * - `scenecast-app://app/…` serves the built renderer (out/renderer) with the CSP header. App pages get a real,
 *   stable origin instead of `file://` (whose pages could read any local file by URL).
 * - `scenecast-media://local/<path>` serves project renders, assets and model files — only inside the allowed roots
 *   (path guard: no `..`, no symlink escapes), with range requests for seeking.
 */
import nodePath from 'node:path';
import { fileResponse } from '../ipc/mediaFile.js';
import { mediaPathFromUrl } from '../ipc/mediaUrl.js';
import { resolveServablePath } from '../ipc/pathGuard.js';
import type { ShellLog } from './log.js';

export const APP_SCHEME = 'scenecast-app';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export type ProtocolHandler = (request: Request) => Promise<Response>;

export function appFileHandler(options: { rendererDir: string; csp: string }): ProtocolHandler {
  const headers = { 'Content-Security-Policy': options.csp };
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response(null, { status: 404, headers });
    let relative: string;
    try {
      relative = decodeURIComponent(url.pathname);
    } catch {
      return new Response(null, { status: 400, headers });
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const requested = nodePath.join(options.rendererDir, relative);
    let check = await resolveServablePath(requested, [options.rendererDir]);
    // Client-side routes (no file extension) get the app shell; a missing asset stays a 404.
    if (!check.ok && nodePath.extname(relative) === '') {
      check = await resolveServablePath(nodePath.join(options.rendererDir, 'index.html'), [options.rendererDir]);
    }
    if (!check.ok) return new Response(null, { status: 404, headers });
    return fileResponse(check.path, { method: request.method, rangeHeader: request.headers.get('range'), headers });
  };
}

export function mediaHandler(options: {
  /** Asked on every request: the folders media may come from (settings can change while the app runs). */
  roots: () => readonly string[];
  /** Page origins allowed to read media with fetch() (CORS); media elements don't need it. */
  appOrigins: readonly string[];
  log: ShellLog;
}): ProtocolHandler {
  return async (request) => {
    const origin = request.headers.get('origin');
    const headers: Record<string, string> =
      origin && options.appOrigins.includes(origin) ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } : {};
    const requested = mediaPathFromUrl(request.url);
    if (requested === null) return new Response(null, { status: 400, headers });
    const check = await resolveServablePath(requested, options.roots());
    if (!check.ok) {
      options.log.warn(`media request refused: ${check.reason}`);
      const missing = check.reason.startsWith('no such file');
      return new Response(null, { status: missing ? 404 : 403, headers });
    }
    return fileResponse(check.path, { method: request.method, rangeHeader: request.headers.get('range'), headers });
  };
}
