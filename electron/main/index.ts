// Electron main: wiring only. Core with the app's paths, the IPC router, one secure window.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { chooseHands } from '../core/hands/choose.ts';
import { createCore, type Core } from '../core/runtime.ts';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol.ts';
import { registerIpcRouter } from './ipc.ts';
import { originOf } from './origin.ts';
import { createMainWindow, hardenSession, hardenWebContents } from './window.ts';

const OUT = fileURLToPath(new URL('..', import.meta.url));
// `electron-vite dev` serves the renderer from its dev server; built apps use app://.
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

function start(): void {
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app.on('window-all-closed', () => app.quit());
  // A second launch brings this one's window forward and quits: one process owns the store.
  app.on('second-instance', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  void app.whenReady().then(ready);
}

async function ready(): Promise<void> {
  // Tools run in Docker when an engine answers, else nowhere (the reason says how to start Docker).
  const hands = await chooseHands();
  console.error(`dockhand: ${hands.reason}`);
  let core: Core;
  try {
    core = createCore({ dataDir: process.env.DOCKHAND_DATA_DIR ?? app.getPath('userData'), hands });
  } catch (err) {
    // E.g. a database written by a newer Dockhand: say so rather than crash.
    dialog.showErrorBox('Dockhand cannot open its data', (err as Error).message);
    return app.quit();
  }
  const allowedOrigins = devUrl ? [APP_ORIGIN, originOf(devUrl)!] : [APP_ORIGIN];
  hardenSession(session.defaultSession, allowedOrigins);
  serveAppProtocol(join(OUT, 'renderer'));
  const closeIpc = registerIpcRouter({
    services: core.services,
    allowedOrigins,
    onInternalError: (err) => console.error('dockhand: internal error', err),
  });
  const open = () => createMainWindow(devUrl ?? `${APP_ORIGIN}/index.html`, join(OUT, 'preload', 'index.cjs'));
  open();
  app.on('activate', () => BrowserWindow.getAllWindows().length === 0 && open());
  // Let the brain stop cleanly (and the store close) before the process goes.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    closeIpc();
    void core.close().finally(() => app.quit());
  });
}

if (app.requestSingleInstanceLock()) start();
else app.quit();
