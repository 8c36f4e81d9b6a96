/**
 * The Electron shell: one instance, hardened windows, the app and media protocols, settings in electron-store, the
 * inference worker in a utilityProcess, and the engine's tRPC router served over IPC. Everything else is the engine's
 * (src-main/engine), which never imports Electron.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, safeStorage, session, utilityProcess } from 'electron';
import type { BrowserWindow as BrowserWindowType, WebContents } from 'electron';
import { spawnFeedServer } from '../feed-server/src/spawn.js';
import { createEngine } from './engine/index.js';
import type { Engine } from './engine/index.js';
import { createElectronIpcTransport } from './ipc/electronTransport.js';
import { FEED_VIEW_REMIX_CHANNEL } from './ipc/feedViewProtocol.js';
import type { FeedViewRemix } from './ipc/feedViewProtocol.js';
import type { ElectronIpcTransport } from './ipc/electronTransport.js';
import { mediaUrlFor } from './ipc/mediaUrl.js';
import { safeStorageCameoKey } from './shell/cameoKey.js';
import { contentSecurityPolicy } from './shell/csp.js';
import { createFeedBridge } from './shell/feedBridge.js';
import { feedServerLaunch, feedServerSpawnOptions } from './shell/feedServerLaunch.js';
import { attachFeedView, feedSession } from './shell/feedView.js';
import type { FeedView } from './shell/feedView.js';
import { createShellLog } from './shell/log.js';
import type { ShellLog } from './shell/log.js';
import { originOf } from './shell/navigation.js';
import { mediaRoots, resolveShellPaths } from './shell/paths.js';
import type { ShellPaths } from './shell/paths.js';
import { APP_ENTRY_URL, APP_ORIGIN, appFileHandler, mediaHandler } from './shell/protocolHandlers.js';
import { handleProtocols, registerSchemesAsPrivileged } from './shell/protocols.js';
import { ElectronSettingsStore } from './shell/settingsStore.js';
import { createUtilityProcessSpawner } from './shell/utilityWorker.js';
import { BrowserWindow, guardWebContents, hardenSession, studioWindowOptions } from './shell/windows.js';

registerSchemesAsPrivileged();

if (!app.requestSingleInstanceLock()) {
  // Another Scenecast is running; it gets focus through its 'second-instance' event.
  app.quit();
} else {
  void start();
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function start(): Promise<void> {
  let log: ShellLog = createShellLog(undefined);
  let mainWindow: BrowserWindowType | null = null;

  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  try {
    await app.whenReady();
    const mainDir = path.dirname(fileURLToPath(import.meta.url));
    const paths: ShellPaths = resolveShellPaths({
      isPackaged: app.isPackaged,
      appPath: app.getAppPath(),
      resourcesPath: process.resourcesPath,
      userDataPath: app.getPath('userData'),
      mainDir,
    });
    log = createShellLog(paths.logDir);
    process.on('uncaughtException', (error) => log.error(`uncaught: ${message(error)}`));
    process.on('unhandledRejection', (error) => log.error(`unhandled rejection: ${message(error)}`));

    const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
    const devServerOrigin = devServerUrl ? originOf(new URL(devServerUrl)) : undefined;
    const appOrigins = [APP_ORIGIN, ...(devServerOrigin ? [devServerOrigin] : [])];
    const csp = contentSecurityPolicy(devServerOrigin ? { devServerOrigin } : {});

    const settings = new ElectronSettingsStore({ directory: paths.dataDir, log });
    hardenSession(session.defaultSession, { csp, devServerOrigin, app: { origins: appOrigins } });
    handleProtocols(session.defaultSession, {
      app: appFileHandler({ rendererDir: paths.rendererDir, csp }),
      media: mediaHandler({ roots: () => mediaRoots(settings.get(), paths), appOrigins, log }),
    });

    const engine: Engine = await createEngine({
      dataDir: paths.dataDir,
      modelsDir: paths.modelsDir,
      resourcesDir: paths.resourcesDir,
      workerEntry: paths.workerEntry,
      spawnWorker: createUtilityProcessSpawner((entry, args, options) => utilityProcess.fork(entry, args, options), log),
      mediaUrl: mediaUrlFor,
      settings,
      cameoKey: safeStorageCameoKey(safeStorage, paths.dataDir, log),
      // The embedded feed server: Electron's own binary as Node when packaged, a Node 22 from the PATH in a checkout
      // (shell/feedServerLaunch.ts says why), with the ffmpeg the studio found.
      startFeedServer: async (dataDir) => {
        const launch = feedServerLaunch({ isPackaged: app.isPackaged, execPath: process.execPath, mainDir, appPath: app.getAppPath(), env: process.env, platform: process.platform });
        // Called on first use of the feed, long after createEngine returned.
        const tools = await engine.mediaTools().catch(() => undefined);
        return spawnFeedServer(feedServerSpawnOptions(launch, dataDir, tools));
      },
    });
    const transport: ElectronIpcTransport = createElectronIpcTransport({
      ipcMain,
      router: engine.router,
      createContext: ({ clientId }) => engine.createContext({ clientId, transport: 'ipc' }),
      onError: ({ clientId, path: procedure, error }) => {
        // Input errors are the caller's business; anything else is ours and goes to the log.
        if (error.code !== 'BAD_REQUEST') log.error(`${procedure ?? 'ipc'} (${clientId}): ${error.code} ${error.message}`);
      },
      onRefused: (reason) => log.warn(reason),
    });

    // The feed view of each studio window, laid over its sidebar slot as the window's page reports it.
    const studioWindows = new Map<number, BrowserWindowType>();
    const feedViews = new Map<number, FeedView>();
    const studioWindowOf = (feedViewId: number) => [...feedViews].find(([, view]) => view.webContentsId === feedViewId)?.[0];
    const shellCaller = () => engine.router.createCaller(engine.createContext({ clientId: 'shell-feed-view' }));
    const feedBridge = createFeedBridge({
      ipcMain,
      isStudioWindow: (id) => studioWindows.has(id),
      feedView: (id) => {
        const owner = studioWindowOf(id);
        return owner === undefined ? undefined : { origin: feedViews.get(owner)!.origin() };
      },
      onPlace: (id, placement) => {
        const window = studioWindows.get(id);
        if (!window || window.isDestroyed()) return;
        let view = feedViews.get(id);
        if (!view) {
          if (!placement.rect) return;
          view = attachFeedView(window, { preloadPath: paths.feedPreloadPath, log, pageUrl: async () => (await shellCaller().feed.pageUrl()).url });
          feedViews.set(id, view);
        }
        view.place(placement);
      },
      onRemix: (postId, feedViewId) => {
        const owner = studioWindowOf(feedViewId);
        const window = owner === undefined ? undefined : studioWindows.get(owner);
        if (window && !window.isDestroyed()) window.webContents.send(FEED_VIEW_REMIX_CHANNEL, { postId } satisfies FeedViewRemix);
      },
      onRefused: (reason) => log.warn(reason),
    });

    const secureWindow = (window: BrowserWindowType) => {
      transport.attachWindow(window.webContents);
      const id = window.webContents.id;
      studioWindows.set(id, window);
      window.once('closed', () => {
        studioWindows.delete(id);
        feedViews.get(id)?.destroy();
        feedViews.delete(id);
      });
    };
    const isFeedView = (contents: WebContents) => contents.session === feedSession();
    app.on('web-contents-created', (_event, contents) => {
      // The feed view keeps to the feed's origin by its own rules (shell/feedView.ts), not the app's.
      if (isFeedView(contents)) return;
      guardWebContents(contents, { app: { origins: appOrigins }, preloadPath: paths.preloadPath, log, onAppWindow: secureWindow });
    });

    const openStudioWindow = (): BrowserWindowType => {
      const window = new BrowserWindow(studioWindowOptions(paths.preloadPath));
      secureWindow(window);
      window.once('ready-to-show', () => window.show());
      window.loadURL(devServerUrl ?? APP_ENTRY_URL).catch((error: unknown) => log.error(`could not load the studio: ${message(error)}`));
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null;
      });
      return window;
    };
    mainWindow = openStudioWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = openStudioWindow();
    });
    app.on('window-all-closed', () => {
      if (process.platform !== 'darwin') app.quit();
    });
    let shuttingDown = false;
    app.on('before-quit', (event) => {
      if (shuttingDown) return;
      // Stop the worker and finish writes before the process goes away.
      event.preventDefault();
      shuttingDown = true;
      feedBridge.dispose();
      transport.dispose();
      engine
        .dispose()
        .catch((error: unknown) => log.error(`shutdown: ${message(error)}`))
        .finally(() => app.quit());
    });
    log.info(`Scenecast ${app.getVersion()} started; data in ${paths.dataDir}, models in ${paths.modelsDir}`);
  } catch (error) {
    log.error(`startup failed: ${message(error)}`);
    dialog.showErrorBox('Scenecast could not start', `${message(error)}\n\nDetails are in the log in the Scenecast data folder.`);
    app.exit(1);
  }
}
