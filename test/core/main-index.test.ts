// Electron's main process, with Electron mocked (no binary runs here): it builds core with hands chosen
// as `dockhand serve` chooses them (Docker when an engine answers, else none, with the reason), and
// hardens the session's permissions.
import { EventEmitter } from 'node:events';
import { afterAll, expect, it, vi } from 'vitest';
import { tempDir } from '../support/serve.ts';

const electron = vi.hoisted(() => ({
  app: undefined as unknown as EventEmitter,
  windows: 0,
  handlers: new Map<string, unknown>(),
  permissionCheck: undefined as undefined | ((wc: unknown, permission: string, origin: string) => boolean),
  errors: [] as string[],
}));
vi.mock('electron', () => ({
  app: (electron.app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => '/nonexistent',
    quit: () => undefined,
  })),
  BrowserWindow: Object.assign(
    class {
      constructor() {
        electron.windows++;
      }
      once() {}
      async loadURL() {}
    },
    { getAllWindows: () => [] },
  ),
  dialog: { showErrorBox: (title: string, message: string) => electron.errors.push(`${title}: ${message}`) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: (fn: typeof electron.permissionCheck) => (electron.permissionCheck = fn),
    },
  },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  ipcMain: { handle: (channel: string, fn: unknown) => electron.handlers.set(channel, fn), removeHandler: (channel: string) => electron.handlers.delete(channel) },
  shell: { openExternal: async () => undefined },
}));

const saved = { DOCKER_HOST: process.env.DOCKER_HOST, DOCKHAND_DATA_DIR: process.env.DOCKHAND_DATA_DIR };
afterAll(() => {
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
});

it('builds core with the automatic hands choice, says why, and denies permissions by default', async () => {
  process.env.DOCKER_HOST = 'unix:///nonexistent/docker.sock';
  process.env.DOCKHAND_DATA_DIR = tempDir();
  const said: string[] = [];
  const log = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void said.push(args.join(' ')));
  await import('../../electron/main/index.ts');
  await vi.waitFor(() => expect(electron.windows).toBe(1), { timeout: 10_000 });
  log.mockRestore();

  expect(electron.errors).toEqual([]);
  expect(said).toEqual([expect.stringMatching(/^dockhand: Tools are off: no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock \(.+\)\. Agents’ tools run in Docker sandboxes: start Docker/)]);
  expect(electron.handlers.size).toBeGreaterThan(0); // the IPC router is up
  expect(electron.permissionCheck?.(null, 'media', 'app://dockhand')).toBe(false);
  expect(electron.permissionCheck?.(null, 'clipboard-sanitized-write', 'app://dockhand')).toBe(true);

  // Quitting closes core (the store) before the app goes.
  const quitting = { defaultPrevented: false, preventDefault: () => (quitting.defaultPrevented = true) };
  electron.app.emit('will-quit', quitting);
  expect(quitting.defaultPrevented).toBe(true);
});
