/**
 * Which permissions the studio's session grants, as Electron-free decisions (windows.ts feeds them Electron's
 * permission request and check handlers). Every page: fullscreen for the player and clipboard writes for "copy
 * seed/prompt". The camera and microphone ('media', for recording a cameo): only to the studio's own pages (the app
 * origin, plus the dev server in a development run), only their main frame, and only audio or video capture. Everything
 * else — other origins, subframes, screen capture, geolocation, notifications, … — is denied. The feed view is in a
 * session of its own with its own rules (feedView.ts) and never reaches these.
 */
import { originOf } from './navigation.js';
import type { AppOrigins } from './navigation.js';

const ALWAYS_GRANTED: ReadonlySet<string> = new Set(['fullscreen', 'clipboard-sanitized-write']);
const CAPTURE_MEDIA: ReadonlySet<string> = new Set(['audio', 'video']);

/** What Electron says about a permission request (`PermissionRequest` / `MediaAccessPermissionRequest`). */
export interface PermissionRequestFacts {
  permission: string;
  requestingUrl: string;
  isMainFrame: boolean;
  /** For 'media': the camera (`video`) and/or the microphone (`audio`). */
  mediaTypes?: readonly string[] | undefined;
  securityOrigin?: string | undefined;
}

/** What Electron says about a permission check (`PermissionCheckHandlerHandlerDetails` and the requesting origin). */
export interface PermissionCheckFacts {
  permission: string;
  requestingOrigin: string;
  isMainFrame: boolean;
  requestingUrl?: string | undefined;
  mediaType?: string | undefined;
  securityOrigin?: string | undefined;
  embeddingOrigin?: string | undefined;
}

/** True when `raw` (a URL or an origin) belongs to one of the app's own origins; false for anything unparsable. */
function isAppOrigin(raw: string | undefined, app: AppOrigins): boolean {
  if (!raw) return false;
  try {
    return app.origins.includes(originOf(new URL(raw)));
  } catch {
    return false;
  }
}

/** An origin Electron may leave out must, where it is given, be the app's too. */
const appOrAbsent = (raw: string | undefined, app: AppOrigins) => raw === undefined || isAppOrigin(raw, app);

export function grantPermissionRequest(request: PermissionRequestFacts, app: AppOrigins): boolean {
  if (ALWAYS_GRANTED.has(request.permission)) return true;
  if (request.permission !== 'media') return false;
  const types = request.mediaTypes;
  return (
    request.isMainFrame &&
    isAppOrigin(request.requestingUrl, app) &&
    appOrAbsent(request.securityOrigin, app) &&
    // A camera/microphone request names what it captures; one that names nothing (or anything else) is refused.
    types !== undefined &&
    types.length > 0 &&
    types.every((type) => CAPTURE_MEDIA.has(type))
  );
}

export function grantPermissionCheck(check: PermissionCheckFacts, app: AppOrigins): boolean {
  if (ALWAYS_GRANTED.has(check.permission)) return true;
  if (check.permission !== 'media') return false;
  return (
    check.isMainFrame &&
    check.embeddingOrigin === undefined &&
    isAppOrigin(check.requestingOrigin, app) &&
    appOrAbsent(check.requestingUrl, app) &&
    appOrAbsent(check.securityOrigin, app) &&
    check.mediaType !== undefined &&
    CAPTURE_MEDIA.has(check.mediaType)
  );
}
