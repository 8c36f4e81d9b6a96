/**
 * Electron's community feed view: the feed server's web UI in a WebContentsView of its own, sandboxed, in its own
 * session partition (cookies and storage apart from the studio's), with navigation kept to the feed's origin, every
 * permission denied and pop-ups refused (http links open in the browser). Web mode frames the feed instead
 * (src-renderer/features/feed), which Electron's studio CSP forbids (frame-src 'none').
 *
 * Not wired into src-main/index.ts yet: the renderer still needs an IPC message that places the view over the Feed
 * panel's rectangle, and the feed UI's remix message (window.parent.postMessage in a frame) needs a counterpart here
 * (a preload for this view exposing only `remix(postId)`). Type-checked; Electron cannot run on the build machines.
 */
import { WebContentsView, session as electronSession, shell } from 'electron';
import type { BrowserWindow, Rectangle } from 'electron';
import { FEED_PARTITION, classifyFeedNavigation } from './feedNavigation.js';
import type { ShellLog } from './log.js';

export interface FeedView {
  setBounds(bounds: Rectangle): void;
  destroy(): void;
}

export function attachFeedView(window: BrowserWindow, options: { feedUrl: string; log: ShellLog }): FeedView {
  const { feedUrl, log } = options;
  const feedSession = electronSession.fromPartition(FEED_PARTITION);
  feedSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'fullscreen'));
  feedSession.setPermissionCheckHandler((_contents, permission) => permission === 'fullscreen');

  const view = new WebContentsView({
    webPreferences: {
      partition: FEED_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    },
  });
  const contents = view.webContents;
  const keepToFeed = (event: { preventDefault(): void }, url: string) => {
    const verdict = classifyFeedNavigation(url, feedUrl);
    if (verdict === 'feed') return;
    event.preventDefault();
    if (verdict === 'external') void shell.openExternal(url).catch((error: unknown) => log.warn(`could not open ${url}: ${String(error)}`));
    else log.warn(`feed view: refused navigation to ${url}`);
  };
  contents.on('will-navigate', keepToFeed);
  contents.on('will-redirect', keepToFeed);
  contents.on('will-frame-navigate', (details) => keepToFeed(details, details.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (classifyFeedNavigation(url, feedUrl) !== 'refuse') void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  window.contentView.addChildView(view);
  contents.loadURL(new URL('/', feedUrl).href).catch((error: unknown) => log.warn(`feed view: could not load ${feedUrl}: ${String(error)}`));

  return {
    setBounds: (bounds) => view.setBounds(bounds),
    destroy: () => {
      window.contentView.removeChildView(view);
      contents.close();
    },
  };
}
