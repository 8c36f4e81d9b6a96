/**
 * URLs for local media in the desktop app: `scenecast-media://local/<absolute path, URL-encoded>`. Electron-free so
 * the engine host and tests can build and read them. (Web mode serves media over HTTP instead.)
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MEDIA_SCHEME = 'scenecast-media';
const MEDIA_HOST = 'local';

/** The URL the renderer uses to load a local file (video, image, audio). */
export function mediaUrlFor(absolutePath: string): string {
  return `${MEDIA_SCHEME}://${MEDIA_HOST}${pathToFileURL(absolutePath).pathname}`;
}

/** The absolute path a media URL names, or null if it isn't a well-formed media URL. */
export function mediaPathFromUrl(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${MEDIA_SCHEME}:` || parsed.hostname !== MEDIA_HOST) return null;
  try {
    // Rejects encoded '/' and '\' (which could smuggle separators) and non-absolute Windows paths.
    return fileURLToPath(`file://${parsed.pathname}`);
  } catch {
    return null;
  }
}
