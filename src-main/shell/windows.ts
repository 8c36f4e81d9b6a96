/**
 * Window and session hardening: the web preferences every window gets, where its pages may navigate, what opens in
 * the user's browser, and which permissions a page may have (permissions.ts: fullscreen and clipboard writes, and the
 * camera and microphone for the app's own pages only).
 */
import { BrowserWindow, shell } from 'electron';
import type { BrowserWindowConstructorOptions, MediaAccessPermissionRequest, Session, WebContents, WebPreferences } from 'electron';
import type { ShellLog } from './log.js';
import { classifyNavigation } from './navigation.js';
import type { AppOrigins } from './navigation.js';
import { grantPermissionCheck, grantPermissionRequest } from './permissions.js';

export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
  };
}

export function studioWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Scenecast',
    backgroundColor: '#111214',
    show: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

function openInBrowser(url: string, log: ShellLog): void {
  shell.openExternal(url).catch((error: unknown) => {
    log.warn(`could not open ${url} in the browser: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/**
 * Applied to every webContents the app creates: app pages load in place, http(s) links open in the browser, the
 * rest is refused; window.open may only open app pages (with the same hardened preferences); no <webview>.
 */
export function guardWebContents(
  contents: WebContents,
  options: { app: AppOrigins; preloadPath: string; log: ShellLog; onAppWindow: (window: BrowserWindow) => void },
): void {
  const { app, log } = options;
  const refuseUnlessApp = (event: { preventDefault(): void }, url: string) => {
    const verdict = classifyNavigation(url, app);
    if (verdict === 'app') return;
    event.preventDefault();
    if (verdict === 'external') openInBrowser(url, log);
    else log.warn(`refused navigation to ${url}`);
  };
  contents.on('will-navigate', refuseUnlessApp);
  contents.on('will-redirect', refuseUnlessApp);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('refused a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = classifyNavigation(url, app);
    if (verdict === 'app') {
      return { action: 'allow', overrideBrowserWindowOptions: studioWindowOptions(options.preloadPath) };
    }
    if (verdict === 'external') openInBrowser(url, log);
    else log.warn(`refused window.open of ${url}`);
    return { action: 'deny' };
  });
  contents.on('did-create-window', (window) => options.onAppWindow(window));
}

/**
 * Session-wide policy: the permissions permissions.ts grants (the camera and microphone to the app's own pages, for
 * recording a cameo) and no others, and the CSP on dev-server pages (app-protocol pages carry their own).
 */
export function hardenSession(session: Session, options: { csp: string; devServerOrigin: string | undefined; app: AppOrigins }): void {
  const { app } = options;
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    // Only a media request carries these; on the other kinds they read as undefined.
    const { mediaTypes, securityOrigin } = details as MediaAccessPermissionRequest;
    callback(
      grantPermissionRequest(
        { permission, requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame, mediaTypes, securityOrigin },
        app,
      ),
    );
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    grantPermissionCheck(
      {
        permission,
        requestingOrigin,
        isMainFrame: details.isMainFrame,
        requestingUrl: details.requestingUrl,
        mediaType: details.mediaType,
        securityOrigin: details.securityOrigin,
        embeddingOrigin: details.embeddingOrigin,
      },
      app,
    ),
  );
  const devServerOrigin = options.devServerOrigin;
  if (devServerOrigin) {
    session.webRequest.onHeadersReceived({ urls: [`${devServerOrigin}/*`] }, (details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [options.csp] } });
    });
  }
}

export { BrowserWindow };
