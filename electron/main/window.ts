import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { isSafeExternalUrl } from './external-url.ts';
import { isAllowedOrigin } from './origin.ts';

const openExternally = (url: string) => {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
};

/**
 * For every webContents: no new windows, no navigating away (the page, any frame in it, or a server
 * redirect along the way), no webviews. Web links go to the OS browser.
 */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** What a page may be granted: writing to the clipboard (copy buttons), and only from the app's own pages. */
const GRANTED: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** Permission requests and checks (camera, notifications, geolocation, ...) are denied unless GRANTED. */
export function hardenSession(session: Session, allowedOrigins: readonly string[]): void {
  const allowed = (permission: string, url: string | undefined) => GRANTED.has(permission) && isAllowedOrigin(url, allowedOrigins);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details?.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
}

export function createMainWindow(url: string, preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Dockhand',
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(url);
  return win;
}
