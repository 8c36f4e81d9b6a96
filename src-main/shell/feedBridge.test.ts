/**
 * The feed view's IPC, end to end through both real preloads (src-preload/index.ts for the studio window,
 * src-preload/feedView.ts for the feed view) and the main-process bridge, over the in-memory stand-in for Electron's
 * IPC (the Electron binary cannot run here).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FEED_STUDIO_BRIDGE_GLOBAL, FEED_VIEW_BRIDGE_GLOBAL, FEED_VIEW_REMIX_CHANNEL } from '../ipc/feedViewProtocol';
import type { FeedStudioBridge, FeedViewBridge, FeedViewPlacement, FeedViewRemix } from '../ipc/feedViewProtocol';
import { IPC_BRIDGE_GLOBAL } from '../ipc/protocol';
import { createFakeElectronIpc } from '../ipc/testing/fakeElectronIpc';
import type { FakeWindow } from '../ipc/testing/fakeElectronIpc';
import { REMIX_INTERVAL_MS, createFeedBridge } from './feedBridge';
import type { FeedBridgeIpcMain } from './feedBridge';

const fake = vi.hoisted(() => ({ window: undefined as unknown as FakeWindow }));
vi.mock('electron', () => ({
  get contextBridge() {
    return fake.window.contextBridge;
  },
  get ipcRenderer() {
    return fake.window.ipcRenderer;
  },
}));

const FEED = 'http://127.0.0.1:41000';
const POST = 'AbCdEfGh12345678';

const electron = createFakeElectronIpc();
const studio = electron.createWindow();
const feedView = electron.createWindow({ url: `${FEED}/` });
const stray = electron.createForeignWindow({ url: `${FEED}/` });
let studioBridge: FeedViewBridge;
let feedPage: FeedStudioBridge;

beforeAll(async () => {
  fake.window = studio;
  await import('../../src-preload/index');
  studioBridge = studio.mainWorld[FEED_VIEW_BRIDGE_GLOBAL] as FeedViewBridge;
  // The feed view's preload runs in its own renderer, with its own ipcRenderer.
  fake.window = feedView;
  await import('../../src-preload/feedView');
  feedPage = feedView.mainWorld[FEED_STUDIO_BRIDGE_GLOBAL] as FeedStudioBridge;
});

function setup() {
  const placed: [number, FeedViewPlacement][] = [];
  const remixes: string[] = [];
  const remixViews = new Set<number>();
  const refused: string[] = [];
  let clock = 1_000_000;
  const bridge = createFeedBridge({
    ipcMain: electron.ipcMain as unknown as FeedBridgeIpcMain,
    isStudioWindow: (id) => id === studio.webContents.id,
    feedView: (id) => (id === feedView.webContents.id ? { origin: FEED } : undefined),
    onPlace: (id, placement) => placed.push([id, placement]),
    onRemix: (postId, viewId) => {
      remixes.push(postId);
      remixViews.add(viewId);
    },
    onRefused: (reason) => refused.push(reason),
    now: () => clock,
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
  return { placed, remixes, remixViews, refused, bridge, settle, advance: (ms: number) => (clock += ms) };
}

let current: ReturnType<typeof setup> | undefined;
afterEach(() => {
  current?.bridge.dispose();
  current = undefined;
  feedView.webContents.mainFrame.url = `${FEED}/`;
});

describe('preloads', () => {
  it('give the studio page the tRPC and feed view bridges, and the feed page a remix call only', () => {
    expect(Object.keys(studio.mainWorld).sort()).toEqual([IPC_BRIDGE_GLOBAL, FEED_VIEW_BRIDGE_GLOBAL].sort());
    expect(Object.keys(studioBridge).sort()).toEqual(['onRemix', 'place']);
    expect(Object.keys(feedView.mainWorld)).toEqual([FEED_STUDIO_BRIDGE_GLOBAL]);
    expect(Object.keys(feedPage)).toEqual(['remix']);
  });

  it('hand the studio page a remix as the message only (no IPC event), and stop when asked', async () => {
    const heard: unknown[][] = [];
    const stop = studioBridge.onRemix((...args: unknown[]) => heard.push(args));
    studio.webContents.send(FEED_VIEW_REMIX_CHANNEL, { postId: POST } satisfies FeedViewRemix);
    await vi.waitFor(() => expect(heard).toEqual([[{ postId: POST }]]));
    stop();
    expect(studio.ipcRenderer.listenerCount(FEED_VIEW_REMIX_CHANNEL)).toBe(0);
  });
});

describe('feed view placement', () => {
  it('takes the sidebar slot from the studio window', async () => {
    current = setup();
    studioBridge.place({ rect: { x: 1100.5, y: 320, width: 339.5, height: 580 }, loadKey: 2 });
    studioBridge.place({ rect: null, loadKey: 2 });
    await vi.waitFor(() => expect(current!.placed).toHaveLength(2));
    expect(current.placed).toEqual([
      [studio.webContents.id, { rect: { x: 1100.5, y: 320, width: 339.5, height: 580 }, loadKey: 2 }],
      [studio.webContents.id, { rect: null, loadKey: 2 }],
    ]);
    expect(current.refused).toEqual([]);
  });

  it('refuses placements from other pages, from frames, and malformed ones', async () => {
    current = setup();
    stray.ipcRenderer.send('scenecast:feed-view:place', { rect: null, loadKey: 0 });
    feedView.ipcRenderer.send('scenecast:feed-view:place', { rect: null, loadKey: 0 });
    studio.ipcRenderer.sendFromSubframe('scenecast:feed-view:place', { rect: null, loadKey: 0 });
    const malformed: unknown[] = [
      undefined,
      'x',
      { rect: { x: 0, y: 0, width: -5, height: 10 }, loadKey: 0 },
      { rect: { x: Number.NaN, y: 0, width: 5, height: 10 }, loadKey: 0 },
      { rect: { x: 0, y: 0, width: 1e9, height: 10 }, loadKey: 0 },
      { rect: { x: '0', y: 0, width: 5, height: 10 }, loadKey: 0 },
      { rect: null, loadKey: 1.5 },
      { rect: null, loadKey: 0, url: 'https://evil.example/' },
    ];
    for (const message of malformed) studioBridge.place(message as FeedViewPlacement);
    await vi.waitFor(() => expect(current!.refused).toHaveLength(3 + malformed.length));
    await current.settle();
    expect(current.placed).toEqual([]);
    expect(current.refused.slice(0, 3)).toEqual([
      expect.stringContaining('not a studio window'),
      expect.stringContaining('not a studio window'),
      expect.stringContaining('subframe'),
    ]);
    for (const reason of current.refused.slice(3)) expect(reason).toContain('malformed');
  });
});

describe('remix from the feed view', () => {
  it('passes the feed page\'s remix on, at most one per interval', async () => {
    current = setup();
    feedPage.remix(POST);
    await vi.waitFor(() => expect(current!.remixes).toEqual([POST]));
    feedPage.remix(POST);
    await vi.waitFor(() => expect(current!.refused).toEqual([expect.stringContaining('too soon')]));
    current.advance(REMIX_INTERVAL_MS);
    feedPage.remix(POST);
    await vi.waitFor(() => expect(current!.remixes).toEqual([POST, POST]));
    // Said which view asked, so the remix opens in that view's studio window.
    expect([...current.remixViews]).toEqual([feedView.webContents.id]);
  });

  it('refuses remixes from anywhere but the feed view\'s own page, and bad post ids', async () => {
    current = setup();
    const message = { postId: POST };
    stray.ipcRenderer.send('scenecast:feed-view:remix-request', message);
    studio.ipcRenderer.send('scenecast:feed-view:remix-request', message);
    feedView.ipcRenderer.sendFromSubframeAt(`${FEED}/`, 'scenecast:feed-view:remix-request', message);
    for (const postId of ['../../etc/passwd', 'short', '', 'AbCdEfGh12345678x']) feedPage.remix(postId);
    feedView.ipcRenderer.send('scenecast:feed-view:remix-request', { postId: POST, dir: '/tmp' });
    await vi.waitFor(() => expect(current!.refused).toHaveLength(8));
    // A feed view that (somehow) shows another origin, or whose page is gone, may not ask either.
    feedView.webContents.mainFrame.url = 'https://elsewhere.example/';
    feedPage.remix(POST);
    await vi.waitFor(() => expect(current!.refused).toHaveLength(9));
    feedView.webContents.mainFrame.url = 'about:blank';
    feedPage.remix(POST);
    await vi.waitFor(() => expect(current!.refused).toHaveLength(10));
    await current.settle();
    expect(current.remixes).toEqual([]);
    expect(current.refused).toEqual([
      expect.stringContaining('not the feed view'),
      expect.stringContaining('not the feed view'),
      expect.stringContaining('frame inside the feed page'),
      ...Array(5).fill(expect.stringContaining('valid post id')),
      expect.stringContaining('https://elsewhere.example instead of the feed'),
      'remix request from a page instead of the feed http://127.0.0.1:41000',
    ]);
  });

  it('refuses remixes from a feed view that has not loaded the feed yet', async () => {
    const refused: string[] = [];
    const remixes: string[] = [];
    const bridge = createFeedBridge({
      ipcMain: electron.ipcMain as unknown as FeedBridgeIpcMain,
      isStudioWindow: () => false,
      feedView: (id) => (id === feedView.webContents.id ? { origin: null } : undefined),
      onPlace: () => undefined,
      onRemix: (postId) => remixes.push(postId),
      onRefused: (reason) => refused.push(reason),
    });
    try {
      feedPage.remix(POST);
      await vi.waitFor(() => expect(refused).toEqual(['remix request from a feed view that has not loaded the feed yet']));
      expect(remixes).toEqual([]);
    } finally {
      bridge.dispose();
    }
  });

  it('stops listening when disposed', async () => {
    const first = setup();
    first.bridge.dispose();
    feedPage.remix(POST);
    studioBridge.place({ rect: null, loadKey: 0 });
    await first.settle();
    expect(first.remixes).toEqual([]);
    expect(first.placed).toEqual([]);
    expect(electron.ipcMain.listenerCount('scenecast:feed-view:remix-request')).toBe(0);
    expect(electron.ipcMain.listenerCount('scenecast:feed-view:place')).toBe(0);
  });
});
