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
const { createMainWindow, hardenWebContents } = await import('../../electron/main/window.ts');

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
});
