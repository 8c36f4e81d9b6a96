/**
 * Where the feed view (Electron's sandboxed view of the community feed) may go: pages of the feed's own origin load
 * in place, other http(s) links open in the user's browser, anything else is refused. Electron-free, so it is tested.
 */
export type FeedNavigationVerdict = 'feed' | 'external' | 'refuse';

/** The Electron session partition the feed view uses: its cookies and storage never mix with the studio's. */
export const FEED_PARTITION = 'persist:scenecast-feed';

export function classifyFeedNavigation(rawUrl: string, feedUrl: string): FeedNavigationVerdict {
  let url: URL;
  let feed: URL;
  try {
    url = new URL(rawUrl);
    feed = new URL(feedUrl);
  } catch {
    return 'refuse';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'refuse';
  // Userinfo in a URL is a classic way to dress one host up as another; the feed never needs it.
  if (url.username || url.password) return 'refuse';
  return url.origin === feed.origin ? 'feed' : 'external';
}

/**
 * A URL as the feed view's log may show it: scheme, host and path, without user info, query or fragment (any of which
 * may carry a secret: a password, a token, the studio's one-time sign-in code).
 */
export function urlForLog(rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return '(not a URL)';
  }
  return url.host ? `${url.protocol}//${url.host}${url.pathname}` : `${url.protocol}…`;
}
