import { BrowserWindow, shell, type WebContents } from 'electron';
import { isSafeExternalUrl } from './external-url.ts';

const openExternally = (url: string) => {
  if (isSafeExternalUrl(url)) void shell.openExternal(url);
};

/** For every webContents: no new windows, no navigating away, no webviews. Web links go to the OS browser. */
export function hardenWebContents(contents: WebContents): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openExternally(event.url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
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
