/** The web UI's view of the feed API: cookie session + CSRF header on every mutation. */
export interface Author {
  id: string;
  handle: string;
  displayName: string;
}
export interface Post {
  id: string;
  author: Author;
  title: string;
  prompt: string;
  storyboardSummary: string;
  likeCount: number;
  commentCount: number;
  remixCount: number;
  videoUrl: string;
  posterUrl: string;
  viewerLiked: boolean;
  createdAt: number;
  cameoIds: string[];
  provenance: {
    generator: string | null;
    contentCredentials: boolean;
    invisibleWatermark: boolean;
    visibleWatermark: boolean;
    modelPacks: string[];
    cameos: { id: string; ownerHandle: string | null; consent: 'matches' | 'differs' | 'not stated' }[];
  };
}
export interface FeedPage {
  mode: 'ranked' | 'chronological';
  posts: Post[];
  nextCursor: string | null;
  dailyLimit: { limit: number; remaining: number; reached: boolean } | null;
}
export interface Comment {
  id: string;
  author: Author;
  body: string;
  createdAt: number;
}
export interface Profile {
  handle: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
  followers: number;
  following: number;
  posts: number;
  viewerFollows: boolean;
}
export interface Me {
  id: string;
  handle: string;
  displayName: string;
  accountType: 'adult' | 'teen';
}

export interface FeedSettings {
  personalized: boolean;
  dailyViewLimit: number | null;
  commentPolicy: 'everyone' | 'following' | 'nobody';
  managedByGuardian: boolean;
}
export interface GuardianLink {
  id: string;
  guardian: { id: string; handle: string };
  teen: { id: string; handle: string };
  status: 'pending' | 'active';
}
export interface FeedNotification {
  id: string;
  kind: string;
  payload: Record<string, string>;
  read: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  const res = await fetch(path, { method, headers, body: body === undefined ? null : JSON.stringify(body), credentials: 'same-origin' });
  const json = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new ApiError(res.status, json.error?.message ?? `The feed answered ${res.status}.`);
  return json as T;
}

export const api = {
  async session(): Promise<Me | null> {
    const s = await call<{ user: Me | null; csrfToken?: string }>('GET', '/api/session');
    csrfToken = s.csrfToken;
    return s.user;
  },
  async signIn(handle: string, password: string): Promise<Me> {
    const s = await call<{ user: Me; csrfToken: string }>('POST', '/api/session', { handle, password });
    csrfToken = s.csrfToken;
    return s.user;
  },
  async signUp(input: { handle: string; displayName: string; password: string; accountType: 'adult' | 'teen' }): Promise<Me> {
    const s = await call<{ user: Me; csrfToken: string }>('POST', '/api/accounts', input);
    csrfToken = s.csrfToken;
    return s.user;
  },
  /** Trades the studio's one-time sign-in code for this page's own session (single sign-in from the studio). */
  async exchangeHandoff(code: string): Promise<Me> {
    const s = await call<{ user: Me; csrfToken: string }>('POST', '/api/session/exchange', { code });
    csrfToken = s.csrfToken;
    return s.user;
  },
  async signOut(): Promise<void> {
    await call('DELETE', '/api/session');
    csrfToken = undefined;
  },
  feed(q: { mode: string; steer: string; cursor?: string | null }): Promise<FeedPage> {
    const params = new URLSearchParams({ mode: q.mode, steer: q.steer, limit: '6' });
    if (q.cursor) params.set('cursor', q.cursor);
    return call('GET', `/api/feed?${params}`);
  },
  userPosts: (handle: string, cursor?: string | null): Promise<FeedPage> =>
    call('GET', `/api/users/${encodeURIComponent(handle)}/posts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`),
  profile: (handle: string): Promise<Profile> => call('GET', `/api/users/${encodeURIComponent(handle)}`),
  follow: (handle: string, on: boolean) => call(on ? 'POST' : 'DELETE', `/api/users/${encodeURIComponent(handle)}/follow`),
  block: (handle: string) => call('POST', `/api/users/${encodeURIComponent(handle)}/block`),
  like: (id: string, on: boolean) => call<{ likeCount: number }>(on ? 'POST' : 'DELETE', `/api/posts/${id}/like`),
  comments: (id: string) => call<{ comments: Comment[] }>('GET', `/api/posts/${id}/comments`).then((r) => r.comments),
  comment: (id: string, body: string) => call<Comment>('POST', `/api/posts/${id}/comments`, { body }),
  deleteComment: (id: string) => call('DELETE', `/api/comments/${id}`),
  remix: (id: string) => call<{ postId: string; title: string; prompt: string; storyboardSummary: string }>('POST', `/api/posts/${id}/remix`),
  report: (id: string, reason: string) => call('POST', `/api/posts/${id}/report`, { reason }),
  seeLess: (id: string) => call('POST', `/api/posts/${id}/see-less`),
  view: (id: string, completion: number) => call('POST', `/api/posts/${id}/view`, { completion }),
  settings: () => call<FeedSettings>('GET', '/api/me/settings'),
  updateSettings: (update: Partial<FeedSettings>) => call<FeedSettings>('PATCH', '/api/me/settings', update),
  links: () => call<{ links: GuardianLink[] }>('GET', '/api/guardian/links').then((r) => r.links),
  requestLink: (teenHandle: string) => call<GuardianLink>('POST', '/api/guardian/links', { teenHandle }),
  confirmLink: (id: string) => call<GuardianLink>('POST', `/api/guardian/links/${encodeURIComponent(id)}/confirm`),
  removeLink: (id: string) => call('DELETE', `/api/guardian/links/${encodeURIComponent(id)}`),
  teenSettings: (handle: string) => call<FeedSettings>('GET', `/api/guardian/teens/${encodeURIComponent(handle)}/settings`),
  updateTeenSettings: (handle: string, update: Partial<FeedSettings>) =>
    call<FeedSettings>('PATCH', `/api/guardian/teens/${encodeURIComponent(handle)}/settings`, update),
  notifications: () => call<{ notifications: FeedNotification[] }>('GET', '/api/notifications').then((r) => r.notifications),
  markNotificationsRead: () => call('POST', '/api/notifications/read'),
};
