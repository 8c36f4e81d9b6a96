/**
 * The desktop app shows the feed in a native view of its own (sandboxed, its own session partition; see
 * src-main/shell/feedView.ts) laid over the sidebar's feed slot, since the studio's CSP forbids frames. The page tells
 * the main process where the slot is, whenever that changes, over the preload's `window.scenecastFeedView`; the main
 * process validates it and places the view. Web mode has no such bridge and frames the feed instead.
 */
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import { FEED_VIEW_BRIDGE_GLOBAL } from '../../../src-main/ipc/feedViewProtocol';
import type { FeedViewBridge, FeedViewPlacement } from '../../../src-main/ipc/feedViewProtocol';

export function desktopFeedView(): FeedViewBridge | undefined {
  const bridge = (globalThis as Record<string, unknown>)[FEED_VIEW_BRIDGE_GLOBAL];
  return typeof bridge === 'object' && bridge !== null ? (bridge as FeedViewBridge) : undefined;
}

/**
 * Where the view goes: over the slot, or nowhere while the slot is not laid out or a modal dialog is open (a native
 * view is drawn above the whole page, so it would cover the dialog).
 */
export function placementFor(slot: Pick<DOMRect, 'x' | 'y' | 'width' | 'height'> | null, modalOpen: boolean, loadKey: number): FeedViewPlacement {
  if (!slot || modalOpen || slot.width <= 0 || slot.height <= 0) return { rect: null, loadKey };
  return { rect: { x: slot.x, y: slot.y, width: slot.width, height: slot.height }, loadKey };
}

function samePlacement(a: FeedViewPlacement | null, b: FeedViewPlacement): boolean {
  if (!a || a.loadKey !== b.loadKey) return false;
  if (!a.rect || !b.rect) return a.rect === b.rect;
  return a.rect.x === b.rect.x && a.rect.y === b.rect.y && a.rect.width === b.rect.width && a.rect.height === b.rect.height;
}

/**
 * Keeps the desktop feed view over `slot`. Checked once per animation frame (one getBoundingClientRect), sent only
 * when it changed: panels resize, collapse and scroll in ways no single observer sees. `loadKey` changes when the view
 * should load the feed page afresh. Remixes the view asks for arrive at `onRemix`.
 */
export function useDesktopFeedView(bridge: FeedViewBridge | undefined, slot: RefObject<HTMLElement | null>, loadKey: number, onRemix: (postId: string) => void): void {
  const remix = useRef(onRemix);
  remix.current = onRemix;

  useEffect(() => {
    if (!bridge) return;
    return bridge.onRemix(({ postId }) => remix.current(postId));
  }, [bridge]);

  useEffect(() => {
    if (!bridge) return;
    let last: FeedViewPlacement | null = null;
    let frame = 0;
    const check = () => {
      const element = slot.current;
      const placement = placementFor(element ? element.getBoundingClientRect() : null, document.querySelector('dialog[open]') !== null, loadKey);
      if (!samePlacement(last, placement)) {
        bridge.place(placement);
        last = placement;
      }
      frame = requestAnimationFrame(check);
    };
    check();
    return () => {
      cancelAnimationFrame(frame);
      bridge.place({ rect: null, loadKey });
    };
  }, [bridge, slot, loadKey]);
}
