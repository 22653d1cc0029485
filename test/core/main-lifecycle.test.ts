// Electron's main process, with Electron mocked (no binary runs here): one instance at a time (a second
// launch hands over to the first and quits without touching the store), and the data in the OS's
// user-data folder.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { tempDir } from '../support/serve.ts';

const electron = vi.hoisted(() => ({
  app: undefined as unknown as EventEmitter & { quits: number },
  lock: true,
  readyWaits: 0,
  userData: '',
  windows: [] as { minimized: boolean; restored: number; focused: number }[],
}));
vi.mock('electron', () => {
  class Window {
    state = { minimized: true, restored: 0, focused: 0 };
    constructor() {
      electron.windows.push(this.state);
    }
    once() {}
    async loadURL() {}
    isMinimized = () => this.state.minimized;
    restore = () => void this.state.restored++;
    focus = () => void this.state.focused++;
  }
  const windows: Window[] = [];
  return {
    app: (electron.app = Object.assign(new EventEmitter(), {
      quits: 0,
      isPackaged: true,
      whenReady: () => (electron.readyWaits++, Promise.resolve()),
      requestSingleInstanceLock: () => electron.lock,
      getPath: (name: string) => (name === 'userData' ? electron.userData : '/nonexistent'),
      quit: () => void electron.app.quits++,
    })),
    BrowserWindow: Object.assign(
      class extends Window {
        constructor() {
          super();
          windows.push(this);
        }
      },
      { getAllWindows: () => windows },
    ),
    dialog: { showErrorBox: () => undefined },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    ipcMain: { handle: () => undefined, removeHandler: () => undefined },
    shell: { openExternal: async () => undefined },
  };
});

const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKHAND_DATA_DIR: process.env.DOCKHAND_DATA_DIR };
beforeEach(() => {
  vi.resetModules();
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock'; // no engine: the hands choice answers at once
  delete process.env.DOCKHAND_DATA_DIR;
  electron.userData = tempDir();
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

it('keeps its store in the user-data folder, and a second launch brings its window forward', async () => {
  electron.lock = true;
  await import('../../electron/main/index.ts');
  await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 10_000 });
  expect(existsSync(join(electron.userData, 'dockhand.db'))).toBe(true);

  electron.app.emit('second-instance');
  expect(electron.windows[0]).toMatchObject({ restored: 1, focused: 1 });
  electron.app.emit('will-quit', { preventDefault: () => undefined });
});

it('quits at once when another instance holds the lock, without opening the store or a window', async () => {
  electron.lock = false;
  electron.readyWaits = 0;
  const quits = electron.app?.quits ?? 0;
  const listeners = electron.app?.listenerCount('second-instance') ?? 0;
  await import('../../electron/main/index.ts');
  // It never waits for the app to be ready (where the store and the window are made), and quits.
  expect(electron.readyWaits).toBe(0);
  expect(electron.app.quits).toBe(quits + 1);
  expect(electron.app.listenerCount('second-instance')).toBe(listeners);
  expect(existsSync(join(electron.userData, 'dockhand.db'))).toBe(false);
});
