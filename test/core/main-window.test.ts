// The window's security settings and the per-webContents hardening, with Electron mocked.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({ windows: [] as { options: { webPreferences: Record<string, unknown> }; url?: string }[], opened: [] as string[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    url?: string;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      electron.windows.push(this);
    }
    once() {}
    show() {}
    async loadURL(url: string) {
      this.url = url;
    }
  },
  shell: { openExternal: async (url: string) => void electron.opened.push(url) },
}));
const { createMainWindow, hardenSession, hardenWebContents } = await import('../../electron/main/window.ts');

function contents() {
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  const wc = Object.assign(new EventEmitter(), { setWindowOpenHandler: (fn: typeof openHandler) => (openHandler = fn) });
  hardenWebContents(wc as never);
  const navigate = (event: string, url: string) => {
    let prevented = false;
    wc.emit(event, { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { open: (url: string) => openHandler!({ url }), navigate };
}

describe('main window', () => {
  it('opens with context isolation, the sandbox, no Node, and the preload', () => {
    createMainWindow('app://dockhand/index.html', '/app/out/preload/index.cjs');
    const win = electron.windows.at(-1)!;
    expect(win.url).toBe('app://dockhand/index.html');
    expect(win.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('denies every new window, handing only web links to the OS browser', () => {
    electron.opened.length = 0;
    const wc = contents();
    for (const url of ['https://docs.anthropic.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://dockhand/index.html']) {
      expect(wc.open(url)).toEqual({ action: 'deny' });
    }
    expect(electron.opened).toEqual(['https://docs.anthropic.com/']);
  });

  it('blocks navigation away from the app and webviews', () => {
    electron.opened.length = 0;
    const wc = contents();
    expect(wc.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.navigate('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(electron.opened).toEqual(['https://evil.example/']);
  });

  it('blocks a frame navigating anywhere and a server redirect, opening nothing', () => {
    electron.opened.length = 0;
    const wc = contents();
    expect(wc.navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-frame-navigate', 'app://dockhand/other.html')).toBe(true);
    expect(wc.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(electron.opened).toEqual([]);
  });
});

describe('session permissions', () => {
  type Check = (wc: unknown, permission: string, origin: string, details: unknown) => boolean;
  type Request = (wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string }) => void;
  function hardened() {
    let check: Check | undefined;
    let request: Request | undefined;
    hardenSession({ setPermissionCheckHandler: (fn: Check) => (check = fn), setPermissionRequestHandler: (fn: Request) => (request = fn) } as never, ['app://dockhand']);
    return {
      check: (permission: string, origin: string) => check!(null, permission, origin, {}),
      request: (permission: string, url: string) => {
        let granted: boolean | undefined;
        request!(null, permission, (g) => (granted = g), { requestingUrl: url });
        return granted;
      },
    };
  }

  it('denies every permission check and request from the app: camera, notifications, geolocation, clipboard reads, ...', () => {
    const s = hardened();
    for (const p of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'usb', 'unknown']) {
      expect(s.check(p, 'app://dockhand'), p).toBe(false);
      expect(s.request(p, 'app://dockhand/index.html'), p).toBe(false);
    }
  });

  it('lets only the app’s own pages write to the clipboard', () => {
    const s = hardened();
    expect(s.check('clipboard-sanitized-write', 'app://dockhand')).toBe(true);
    expect(s.request('clipboard-sanitized-write', 'app://dockhand/index.html')).toBe(true);
    expect(s.check('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(s.request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  });
});
