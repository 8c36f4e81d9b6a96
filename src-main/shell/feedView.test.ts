/**
 * The desktop feed view's wiring (feedView.ts) against a stand-in for the few Electron classes it uses
 * (WebContentsView, session, shell): the Electron binary cannot run here. What it checks is what the shell decides —
 * the view's web preferences, where and when it is placed and loaded, what navigation and pop-ups do, permissions and
 * downloads, and that the one-time sign-in code in the page address never reaches a log. Whether Electron honours
 * those settings is Electron's own business and needs the binary.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { FEED_PARTITION } from './feedNavigation.js';
import type { ShellLog } from './log.js';

const electron = await vi.hoisted(async () => {
  // Hoisted above the imports, so it brings its own.
  const { EventEmitter } = await import('node:events');
  class FakeContents extends EventEmitter {
    static nextId = 100;
    readonly id = FakeContents.nextId++;
    readonly loaded: string[] = [];
    failLoad: Error | null = null;
    windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
    closed = false;
    loadURL(url: string): Promise<void> {
      this.loaded.push(url);
      return this.failLoad ? Promise.reject(this.failLoad) : Promise.resolve();
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.windowOpenHandler = handler;
    }
    close() {
      this.closed = true;
    }
    isDestroyed() {
      return this.closed;
    }
  }
  class FakeView {
    static instances: FakeView[] = [];
    readonly webContents = new FakeContents();
    bounds: unknown = null;
    visible = true;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      FakeView.instances.push(this);
    }
    setBounds(bounds: unknown) {
      this.bounds = bounds;
    }
    setVisible(visible: boolean) {
      this.visible = visible;
    }
    setBackgroundColor() {}
  }
  type RequestHandler = (contents: unknown, permission: string, callback: (allow: boolean) => void) => void;
  type CheckHandler = (contents: unknown, permission: string) => boolean;
  const feedSession = {
    partition: '',
    requestHandler: null as RequestHandler | null,
    checkHandler: null as CheckHandler | null,
    events: new EventEmitter(),
    setPermissionRequestHandler(handler: RequestHandler) {
      feedSession.requestHandler = handler;
    },
    setPermissionCheckHandler(handler: CheckHandler) {
      feedSession.checkHandler = handler;
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      feedSession.events.on(event, listener);
    },
  };
  return { FakeView, FakeContents, feedSession, opened: [] as string[] };
});

vi.mock('electron', () => ({
  WebContentsView: electron.FakeView,
  session: {
    fromPartition: (partition: string) => {
      electron.feedSession.partition = partition;
      return electron.feedSession;
    },
  },
  shell: {
    openExternal: async (url: string) => {
      electron.opened.push(url);
    },
  },
}));

const { attachFeedView, feedSession } = await import('./feedView.js');

const FEED = 'http://127.0.0.1:41000';
const CODE = 'OneTimeCode_abcdefghijklmnopqrstuvwxyz0123';

function fakeWindow() {
  const children = new Set<unknown>();
  const window = {
    contentView: { addChildView: (v: unknown) => children.add(v), removeChildView: (v: unknown) => children.delete(v) },
    getContentBounds: () => ({ x: 200, y: 100, width: 1440, height: 900 }),
    webContents: { getZoomFactor: () => 1.25 },
    isDestroyed: () => false,
  };
  return { window: window as unknown as BrowserWindow, children };
}

function event() {
  return { prevented: false, preventDefault() {
    this.prevented = true;
  } };
}

describe('desktop feed view', () => {
  let logs: string[];
  let log: ShellLog;
  let pageUrl: ReturnType<typeof vi.fn<() => Promise<string>>>;
  beforeEach(() => {
    logs = [];
    log = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m), error: (m: string) => logs.push(m) } as ShellLog;
    pageUrl = vi.fn(async () => `${FEED}/#handoff=${CODE}`);
    electron.opened.length = 0;
    electron.FakeView.instances.length = 0;
  });
  afterEach(() => {
    // The code must never be written anywhere a person or another program could read it.
    for (const line of logs) expect(line).not.toContain(CODE);
  });

  it('is a sandboxed, context-isolated view without Node, in the feed partition, with its own preload, hidden until placed', () => {
    const { window, children } = fakeWindow();
    attachFeedView(window, { preloadPath: '/app/out/preload/feed-view.cjs', log, pageUrl });
    const view = electron.FakeView.instances[0]!;
    expect(view.options.webPreferences).toMatchObject({
      session: electron.feedSession,
      preload: '/app/out/preload/feed-view.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(electron.feedSession.partition).toBe(FEED_PARTITION);
    expect(feedSession()).toBe(electron.feedSession);
    expect(children.has(view)).toBe(true);
    expect(view.visible).toBe(false);
    expect(view.webContents.loaded).toEqual([]);
  });

  it('follows the slot (scaled by the page zoom) and loads the feed page once per load key', async () => {
    const { window } = fakeWindow();
    const feed = attachFeedView(window, { preloadPath: 'p', log, pageUrl });
    const view = electron.FakeView.instances[0]!;
    feed.place({ rect: { x: 880, y: 256, width: 272, height: 464 }, loadKey: 1 });
    expect(view.bounds).toEqual({ x: 1100, y: 320, width: 340, height: 580 });
    expect(view.visible).toBe(true);
    await vi.waitFor(() => expect(view.webContents.loaded).toEqual([`${FEED}/#handoff=${CODE}`]));
    expect(feed.origin()).toBe(FEED);

    feed.place({ rect: { x: 800, y: 256, width: 352, height: 464 }, loadKey: 1 });
    expect(view.bounds).toEqual({ x: 1000, y: 320, width: 440, height: 580 });
    feed.place({ rect: null, loadKey: 2 });
    expect(view.visible).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(pageUrl).toHaveBeenCalledTimes(1);
    // Shown again with the new key: a fresh page address (and sign-in code).
    feed.place({ rect: { x: 880, y: 256, width: 272, height: 464 }, loadKey: 2 });
    await vi.waitFor(() => expect(pageUrl).toHaveBeenCalledTimes(2));
  });

  it('keeps navigation to the feed, sends other web links to the browser, refuses the rest; pop-ups never open in the app', async () => {
    const { window } = fakeWindow();
    const feed = attachFeedView(window, { preloadPath: 'p', log, pageUrl });
    const contents = electron.FakeView.instances[0]!.webContents;
    // Before the feed is known, nothing may load.
    const early = event();
    contents.emit('will-navigate', early, `${FEED}/`);
    expect(early.prevented).toBe(true);

    feed.place({ rect: { x: 0, y: 0, width: 100, height: 100 }, loadKey: 1 });
    await vi.waitFor(() => expect(feed.origin()).toBe(FEED));
    const cases: [string, 'will-navigate' | 'will-redirect', string, boolean][] = [
      ['feed page', 'will-navigate', `${FEED}/#/u/ana`, false],
      ['other site', 'will-navigate', 'https://example.org/', true],
      ['redirect elsewhere', 'will-redirect', 'http://127.0.0.1:41001/', true],
      ['file', 'will-navigate', 'file:///etc/passwd', true],
    ];
    for (const [name, kind, url, prevented] of cases) {
      const e = event();
      contents.emit(kind, e, url);
      expect(e.prevented, name).toBe(prevented);
    }
    const frame = Object.assign(event(), { url: 'javascript:alert(1)' });
    contents.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);

    for (const url of [`${FEED}/#/u/ana`, 'https://example.org/docs', 'javascript:alert(1)', 'http://user:pw@evil.example/']) {
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    await vi.waitFor(() => expect(electron.opened).toEqual(['https://example.org/', 'http://127.0.0.1:41001/', `${FEED}/#/u/ana`, 'https://example.org/docs']));
    expect(logs.filter((l) => l.includes('refused'))).toEqual([
      `feed view: refused navigation to ${FEED}/`,
      'feed view: refused navigation to file:…',
      'feed view: refused navigation to javascript:…',
      'feed view: refused window.open of javascript:…',
      'feed view: refused window.open of http://evil.example/',
    ]);
    const webview = event();
    contents.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('allows fullscreen only and no downloads', () => {
    const { window } = fakeWindow();
    attachFeedView(window, { preloadPath: 'p', log, pageUrl });
    const answers: Record<string, boolean> = {};
    for (const permission of ['fullscreen', 'media', 'geolocation', 'notifications', 'clipboard-read']) {
      electron.feedSession.requestHandler!(null, permission, (allow) => (answers[permission] = allow));
      expect(electron.feedSession.checkHandler!(null, permission), permission).toBe(permission === 'fullscreen');
    }
    expect(answers).toEqual({ fullscreen: true, media: false, geolocation: false, notifications: false, 'clipboard-read': false });
    const download = event();
    electron.feedSession.events.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });

  it('says what failed by the feed\'s origin only, and tries again on the next placement', async () => {
    const { window } = fakeWindow();
    pageUrl.mockRejectedValueOnce(new Error('The local feed server could not start: no ffmpeg'));
    const feed = attachFeedView(window, { preloadPath: 'p', log, pageUrl });
    const contents = electron.FakeView.instances[0]!.webContents;
    feed.place({ rect: { x: 0, y: 0, width: 100, height: 100 }, loadKey: 1 });
    await vi.waitFor(() => expect(logs).toEqual(['feed view: the feed is not available: The local feed server could not start: no ffmpeg']));
    contents.failLoad = new Error('ERR_CONNECTION_REFUSED');
    feed.place({ rect: { x: 0, y: 0, width: 100, height: 100 }, loadKey: 1 });
    await vi.waitFor(() => expect(logs.at(-1)).toBe(`feed view: could not load the feed at ${FEED}: ERR_CONNECTION_REFUSED`));
    expect(contents.loaded).toEqual([`${FEED}/#handoff=${CODE}`]);
  });

  it('closes its page when destroyed', () => {
    const { window, children } = fakeWindow();
    const feed = attachFeedView(window, { preloadPath: 'p', log, pageUrl });
    const view = electron.FakeView.instances[0]!;
    feed.destroy();
    expect(children.has(view)).toBe(false);
    expect(view.webContents.closed).toBe(true);
    feed.place({ rect: { x: 0, y: 0, width: 100, height: 100 }, loadKey: 1 });
    expect(view.visible).toBe(false);
  });
});
