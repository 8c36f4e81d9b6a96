/**
 * Electron's community feed view: the feed server's web UI in a WebContentsView over the studio's sidebar slot
 * (the studio's CSP forbids frames; web mode frames the feed instead, src-renderer/features/feed). Sandboxed,
 * context-isolated, no Node, in its own session partition (cookies and storage apart from the studio's), with a
 * preload that offers the page one call, `scenecastStudio.remix(postId)`. Navigation stays on the feed's origin; other
 * http(s) links and pop-ups open in the user's browser, anything else is refused; no permissions but fullscreen, no
 * downloads, no <webview>. It never talks to the engine's router.
 *
 * The rules are Electron-free and tested: where it may go (feedNavigation.ts), where it is placed (feedViewLayout.ts),
 * which messages count (feedBridge.ts). This file only applies them; it is type-checked, and Electron cannot run on
 * the build machines.
 */
import { WebContentsView, session as electronSession, shell } from 'electron';
import type { BrowserWindow, Session } from 'electron';
import type { FeedViewPlacement } from '../ipc/feedViewProtocol.js';
import { FEED_PARTITION, classifyFeedNavigation, urlForLog } from './feedNavigation.js';
import { feedViewBounds } from './feedViewLayout.js';
import type { ShellLog } from './log.js';
import { secureWebPreferences } from './windows.js';

export interface FeedView {
  readonly webContentsId: number;
  /** The origin of the feed the view shows; null until it first loads. */
  origin(): string | null;
  /** Lays the view over the slot (or hides it); a new `loadKey` loads the feed page afresh. */
  place(placement: FeedViewPlacement): void;
  destroy(): void;
}

export interface FeedViewOptions {
  preloadPath: string;
  log: ShellLog;
  /**
   * The address to load (the engine's `feed.pageUrl`): it may carry a one-time sign-in code in its fragment, so it is
   * loaded and never logged; logs name the origin only.
   */
  pageUrl(): Promise<string>;
}

let hardened: Session | undefined;

/** The feed partition's policy, set once: fullscreen for the player and nothing else; no downloads. */
export function feedSession(): Session {
  if (hardened) return hardened;
  const session = electronSession.fromPartition(FEED_PARTITION);
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'fullscreen'));
  session.setPermissionCheckHandler((_contents, permission) => permission === 'fullscreen');
  session.on('will-download', (event) => event.preventDefault());
  hardened = session;
  return session;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function attachFeedView(window: BrowserWindow, options: FeedViewOptions): FeedView {
  const { log } = options;
  const view = new WebContentsView({
    // The same hardened preferences as every studio window, in the feed's own session.
    webPreferences: { ...secureWebPreferences(options.preloadPath), session: feedSession(), spellcheck: false },
  });
  view.setVisible(false);
  view.setBackgroundColor('#000000');
  const contents = view.webContents;
  let origin: string | null = null;
  let loadedKey: number | null = null;
  let destroyed = false;

  const openInBrowser = (url: string) => {
    shell.openExternal(url).catch((error: unknown) => log.warn(`feed view: could not open ${urlForLog(url)} in the browser: ${message(error)}`));
  };
  const keepToFeed = (event: { preventDefault(): void }, url: string) => {
    const verdict = origin ? classifyFeedNavigation(url, origin) : 'refuse';
    if (verdict === 'feed') return;
    event.preventDefault();
    if (verdict === 'external') openInBrowser(url);
    else log.warn(`feed view: refused navigation to ${urlForLog(url)}`);
  };
  contents.on('will-navigate', keepToFeed);
  contents.on('will-redirect', keepToFeed);
  contents.on('will-frame-navigate', (details) => keepToFeed(details, details.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Pop-ups never open inside the app; a checked http(s) link opens in the user's browser.
    const verdict = origin ? classifyFeedNavigation(url, origin) : 'refuse';
    if (verdict === 'refuse') log.warn(`feed view: refused window.open of ${urlForLog(url)}`);
    else openInBrowser(url);
    return { action: 'deny' };
  });
  contents.on('render-process-gone', (_event, details) => {
    log.warn(`feed view: its page's process ended (${details.reason}); it reloads when the sidebar next asks`);
    loadedKey = null;
  });

  const load = async () => {
    let url: string;
    try {
      url = await options.pageUrl();
    } catch (error) {
      log.warn(`feed view: the feed is not available: ${message(error)}`);
      loadedKey = null;
      return;
    }
    if (destroyed) return;
    origin = new URL(url).origin;
    // The first navigation must pass keepToFeed too, so the origin is set before loading.
    contents.loadURL(url).catch((error: unknown) => log.warn(`feed view: could not load the feed at ${origin}: ${message(error)}`));
  };

  window.contentView.addChildView(view);
  return {
    webContentsId: contents.id,
    origin: () => origin,
    place(placement) {
      if (destroyed) return;
      const { width, height } = window.getContentBounds();
      const bounds = feedViewBounds(placement.rect, window.webContents.getZoomFactor(), { width, height });
      if (!bounds) {
        view.setVisible(false);
        return;
      }
      view.setBounds(bounds);
      view.setVisible(true);
      if (placement.loadKey !== loadedKey) {
        loadedKey = placement.loadKey;
        void load();
      }
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (!window.isDestroyed()) window.contentView.removeChildView(view);
      // A view's page is not closed with its window: close it here, or its renderer process lingers.
      if (!contents.isDestroyed()) contents.close();
    },
  };
}
