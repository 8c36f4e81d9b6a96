/**
 * The main process's side of the feed view's two IPC conversations (src-main/ipc/feedViewProtocol.ts), with every
 * message checked before anything happens:
 * - placement, from a studio window's main frame only: zod-parsed numbers within sane ranges;
 * - remix requests, from the feed view's own main frame only, while it shows a page of the feed's origin: a post id
 *   and nothing else, at most one per REMIX_INTERVAL_MS (each one creates a project, so a page cannot flood the disk).
 * Anything else is dropped and reported through `onRefused`. Imports only types from Electron, so it runs under plain
 * Node in tests (against the in-memory IPC stand-in).
 */
import { z } from 'zod';
import { FEED_VIEW_PLACE_CHANNEL, FEED_VIEW_REMIX_REQUEST_CHANNEL } from '../ipc/feedViewProtocol.js';
import type { FeedViewPlacement } from '../ipc/feedViewProtocol.js';

/** What the bridge needs of an `IpcMainEvent`. */
export interface FeedBridgeIpcEvent {
  readonly sender: { readonly id: number };
  /** Null when the frame navigated or was destroyed before the message arrived; `parent` null = main frame. */
  readonly senderFrame: { readonly parent: unknown; readonly url: string } | null;
}

export interface FeedBridgeIpcMain {
  on(channel: string, listener: (event: FeedBridgeIpcEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: FeedBridgeIpcEvent, ...args: unknown[]) => void): unknown;
}

export interface FeedBridgeOptions {
  ipcMain: FeedBridgeIpcMain;
  /** Whether a webContents is one of the studio's own windows (the shell attached it). */
  isStudioWindow(webContentsId: number): boolean;
  /** The feed view whose webContents this is, with the origin of the feed it loads (null before its first load). */
  feedView(webContentsId: number): { origin: string | null } | undefined;
  onPlace(studioWebContentsId: number, placement: FeedViewPlacement): void;
  /** A remix the feed view `feedViewWebContentsId` asked for. */
  onRemix(postId: string, feedViewWebContentsId: number): void;
  onRefused(reason: string): void;
  now?: () => number;
}

export const REMIX_INTERVAL_MS = 2_000;

// Generous bounds: a 16K display at 400 % zoom is far inside them; NaN, Infinity and strings are not.
const coordinate = z.number().min(-100_000).max(100_000);
const length = z.number().min(0).max(100_000);
export const feedViewPlacementSchema = z.strictObject({
  rect: z.strictObject({ x: coordinate, y: coordinate, width: length, height: length }).nullable(),
  loadKey: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});
export const feedViewRemixSchema = z.strictObject({ postId: z.string().regex(/^[A-Za-z0-9_-]{16}$/) });

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function createFeedBridge(options: FeedBridgeOptions): { dispose(): void } {
  const now = options.now ?? Date.now;
  let lastRemix = Number.NEGATIVE_INFINITY;

  const onPlace = (event: FeedBridgeIpcEvent, ...args: unknown[]) => {
    const id = event.sender.id;
    if (!options.isStudioWindow(id)) return options.onRefused(`feed view placement from webContents ${id}, which is not a studio window`);
    if (!event.senderFrame || event.senderFrame.parent !== null) return options.onRefused(`feed view placement from a subframe of webContents ${id}`);
    const parsed = feedViewPlacementSchema.safeParse(args[0]);
    if (!parsed.success) return options.onRefused(`feed view placement from webContents ${id} is malformed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    options.onPlace(id, parsed.data);
  };

  const onRemixRequest = (event: FeedBridgeIpcEvent, ...args: unknown[]) => {
    const id = event.sender.id;
    const view = options.feedView(id);
    if (!view) return options.onRefused(`remix request from webContents ${id}, which is not the feed view`);
    if (!event.senderFrame || event.senderFrame.parent !== null) return options.onRefused('remix request from a frame inside the feed page');
    // The view's navigation is kept to the feed, but the page may be mid-navigation or the feed server may have
    // changed: only the feed's own page may ask.
    if (view.origin === null) return options.onRefused('remix request from a feed view that has not loaded the feed yet');
    if (originOf(event.senderFrame.url) !== view.origin) return options.onRefused(`remix request from ${originOf(event.senderFrame.url) ?? 'a page'} instead of the feed ${view.origin}`);
    const parsed = feedViewRemixSchema.safeParse(args[0]);
    if (!parsed.success) return options.onRefused('remix request without a valid post id');
    const at = now();
    if (at - lastRemix < REMIX_INTERVAL_MS) return options.onRefused('remix request too soon after the last one');
    lastRemix = at;
    options.onRemix(parsed.data.postId, id);
  };

  options.ipcMain.on(FEED_VIEW_PLACE_CHANNEL, onPlace);
  options.ipcMain.on(FEED_VIEW_REMIX_REQUEST_CHANNEL, onRemixRequest);
  return {
    dispose() {
      options.ipcMain.removeListener(FEED_VIEW_PLACE_CHANNEL, onPlace);
      options.ipcMain.removeListener(FEED_VIEW_REMIX_REQUEST_CHANNEL, onRemixRequest);
    },
  };
}
