/**
 * The desktop app's feed view (a sandboxed WebContentsView over the studio's sidebar, src-main/shell/feedView.ts) and
 * its two small IPC conversations. Pure (no Node, no DOM, no Electron, no zod) so both preloads, the renderer and the
 * main process share one definition; the main process validates every message with zod (src-main/shell/feedBridge.ts).
 *
 * studio window → main, FEED_VIEW_PLACE_CHANNEL: where the sidebar's feed slot is (CSS pixels of the studio page), or
 *   null when the slot is hidden; `loadKey` changes when the view must load the feed page afresh (the feed server or
 *   the signed-in account changed, or a post was published).
 * main → studio window, FEED_VIEW_REMIX_CHANNEL: a post the feed view asked to remix.
 * feed view → main, FEED_VIEW_REMIX_REQUEST_CHANNEL: the feed page's "Remix" (the post id, nothing else).
 */

export const FEED_VIEW_PLACE_CHANNEL = 'scenecast:feed-view:place';
export const FEED_VIEW_REMIX_CHANNEL = 'scenecast:feed-view:remix';
export const FEED_VIEW_REMIX_REQUEST_CHANNEL = 'scenecast:feed-view:remix-request';

/** The global the studio preload exposes it under (`window.scenecastFeedView`). */
export const FEED_VIEW_BRIDGE_GLOBAL = 'scenecastFeedView';
/** The global the feed view's preload exposes to the feed page (`window.scenecastStudio`, see feed-server/web). */
export const FEED_STUDIO_BRIDGE_GLOBAL = 'scenecastStudio';

/** A rectangle in CSS pixels of the studio page (`getBoundingClientRect()`). */
export interface SlotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface FeedViewPlacement {
  rect: SlotRect | null;
  loadKey: number;
}

export interface FeedViewRemix {
  postId: string;
}

/** What the studio page gets: place the view, hear remixes. `onRemix` returns a function that stops listening. */
export interface FeedViewBridge {
  place(placement: FeedViewPlacement): void;
  onRemix(listener: (remix: FeedViewRemix) => void): () => void;
}

/** What the feed page gets inside the desktop app. */
export interface FeedStudioBridge {
  remix(postId: string): void;
}
