/**
 * The Content-Security-Policy of the studio's pages, in one place. The shell sends it as a response header on every
 * app page (the app protocol, and the dev server via session.webRequest); the renderer's index.html may repeat it in
 * a <meta http-equiv> for defence in depth (a meta CSP can only tighten, never loosen, the header's policy).
 *
 * What it allows, and why:
 * - scripts, styles, fonts, workers: only the app's own files (`'self'`); no eval, no inline script.
 * - images, audio, video: the app's files, `data:`/`blob:` (thumbnails, waveforms drawn client-side) and the media
 *   protocol, which serves project and model files through the path guard.
 * - network: the app's own origin and the media protocol; nothing remote. (The feed server is reached through the
 *   engine, not from the page.)
 * - no plugins, no <base>, no form posts, no framing of the app and no frames in it.
 * In development the Vite dev server needs inline scripts/styles (React Fast Refresh preamble, injected CSS) and its
 * HMR WebSocket; those relaxations exist only when a dev server origin is given.
 */
import { MEDIA_SCHEME } from '../ipc/mediaUrl.js';

export interface CspOptions {
  /** The Vite dev server's origin (e.g. `http://localhost:5173`), in development only. */
  devServerOrigin?: string;
  /** Where media is loaded from; defaults to the Electron media protocol. */
  mediaSources?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const media = options.mediaSources ?? [`${MEDIA_SCHEME}:`];
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['style-src', ["'self'", ...(dev ? ["'unsafe-inline'"] : [])]],
    ['img-src', ["'self'", 'data:', 'blob:', ...media]],
    ['media-src', ["'self'", 'blob:', ...media]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', ["'self'", ...media, ...(dev && devSocket ? [dev, devSocket] : [])]],
    ['worker-src', ["'self'", 'blob:']],
    ['manifest-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
