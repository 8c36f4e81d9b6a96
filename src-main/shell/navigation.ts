/**
 * Where a window may go. The app's own pages load in place; http(s) links open in the user's browser; everything
 * else (file:, data:, javascript:, other schemes, other hosts) is refused.
 */
export type NavigationVerdict = 'app' | 'external' | 'refuse';

export interface AppOrigins {
  /** Origins of the app's own pages, as `protocol//host` (e.g. `scenecast-app://app`, `http://localhost:5173`). */
  readonly origins: readonly string[];
}

/** `protocol//host` of a URL; Node's URL gives custom schemes an opaque `origin`, so this is computed by hand. */
export function originOf(url: URL): string {
  return `${url.protocol}//${url.host}`;
}

export function classifyNavigation(rawUrl: string, app: AppOrigins): NavigationVerdict {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return 'refuse';
  }
  if (app.origins.includes(originOf(url))) return 'app';
  if (url.protocol === 'https:' || url.protocol === 'http:') return 'external';
  return 'refuse';
}
