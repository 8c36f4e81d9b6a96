/**
 * The cameo library's link to the community feed, made as the signed-in account: registering a cameo (id, permission,
 * consent hash — never media), delisting posts when consent is revoked, and the follow graph for "mutual followers".
 */
import path from 'node:path';
import { FeedClient, FeedClientError } from '../../../feed-server/src/client.js';
import type { FeedService } from '../feed/service.js';
import { readFeedSession } from '../feed/session.js';
import type { CameoFeedHooks, CameoPostUse, FollowGraph } from './library.js';
import type { CameoPermission } from './model.js';

/** The feed account the studio is signed in as, with a client that carries its token; null when signed out. */
export type FeedAccount = () => Promise<{ handle: string; client: FeedClient } | null>;

/** The feed knows every level the library has (it also has `people_i_follow`, which the library does not use). */
const FEED_PERMISSION: Record<CameoPermission, string> = {
  only_me: 'only_me',
  people_i_approve: 'people_i_approve',
  mutual_followers: 'mutual_followers',
  everyone: 'everyone',
};

/**
 * The studio's own feed session as a `FeedAccount`: the handle the feed service reports as signed in to the current
 * server, with the token from its session file.
 */
export function studioFeedAccount(feed: FeedService, dataDir: string): FeedAccount {
  return async () => {
    const status = await feed.status();
    if (!status.handle) return null;
    const session = await readFeedSession(path.join(dataDir, 'feed-session.json'));
    if (!session || session.handle !== status.handle) return null;
    return { handle: session.handle, client: new FeedClient(status.url, session.token) };
  };
}

async function asOwner(account: FeedAccount, owner: string): Promise<FeedClient> {
  const signedIn = await account();
  if (!signedIn || signedIn.handle.toLowerCase() !== owner) throw new Error(`sign in to the feed as @${owner} so it can be told`);
  return signedIn.client;
}

/** A cameo (or a person) the feed does not know has no posts to delist and nothing to approve. */
async function unlessUnknown(call: () => Promise<{ delisted: number }>): Promise<{ delisted: number }> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof FeedClientError && error.status === 404) return { delisted: 0 };
    throw error;
  }
}

const grant = (client: FeedClient, cameoId: string, user: string, state: 'approved' | 'revoked') =>
  unlessUnknown(() => client.request<{ delisted: number }>('PUT', `/api/cameos/${encodeURIComponent(cameoId)}/grants/${encodeURIComponent(user)}`, { state }));

export function feedCameoHooks(account: FeedAccount): CameoFeedHooks {
  const register = async (client: FeedClient, cameo: { id: string; permission: CameoPermission; consentHash: string }) => {
    await client.request('POST', '/api/cameos', { id: cameo.id, permission: FEED_PERMISSION[cameo.permission], consentHash: cameo.consentHash });
  };
  return {
    async share(cameo) {
      await register(await asOwner(account, cameo.owner), cameo);
    },
    async approveUser(owner, cameoId, user) {
      await grant(await asOwner(account, owner), cameoId, user, 'approved');
    },
    async revokeUser(owner, cameoId, user) {
      return grant(await asOwner(account, owner), cameoId, user, 'revoked');
    },
    async postsUsing(owner, cameoId) {
      const client = await asOwner(account, owner);
      try {
        return (await client.request<{ posts: CameoPostUse[] }>('GET', `/api/cameos/${encodeURIComponent(cameoId)}/posts`)).posts;
      } catch (error) {
        // Never registered with the feed: no post can name it.
        if (error instanceof FeedClientError && error.status === 404) return [];
        throw error;
      }
    },
    async revokeAll(owner, cameoId) {
      const client = await asOwner(account, owner);
      return unlessUnknown(() => client.request<{ delisted: number }>('POST', `/api/cameos/${encodeURIComponent(cameoId)}/delist`, {}));
    },
  };
}

/**
 * Mutual follows as the feed knows them. The feed answers for the signed-in account only, so a question about two
 * other people is answered "no" — the safe answer for a consent check.
 */
export function feedFollowGraph(account: FeedAccount): FollowGraph {
  return {
    async areMutual(a, b) {
      const signedIn = await account();
      const me = signedIn?.handle.toLowerCase();
      if (!signedIn || (me !== a && me !== b)) return false;
      const other = me === a ? b : a;
      const answer = await signedIn.client.request<{ mutual: boolean }>('GET', `/api/cameos/mutual/${encodeURIComponent(other)}`);
      return answer.mutual === true;
    },
  };
}
