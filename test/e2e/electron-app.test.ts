// The desktop app itself, driven by Playwright's Electron support. It needs an Electron binary,
// which cannot be downloaded on every machine: without one the test is skipped, and says so.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/core/server/start.ts';
import type { Bridge } from '../../electron/core/api/bridge.ts';
import { tempDir } from '../support/serve.ts';

/** The page's globals as these checks see them (this file is type-checked without the DOM). */
type Page = { dockhand?: Bridge; require?: unknown; process?: unknown; open(url: string): unknown; location: { href: string } };

const ROOT = resolve(import.meta.dirname, '../..');
const binary = electronBinary();
const name = 'launches the Electron app: secure window, the bridge, agents over IPC';

let app: ElectronApplication | undefined;
let out: string | undefined;
afterAll(async () => {
  await app?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('Electron app', () => {
  it.skipIf(!binary)(binary ? name : `${name} (skipped: no Electron binary on this machine)`, async () => {
    // Build this tree into a fresh directory under out/ (so better-sqlite3, kept external, resolves
    // from the project's node_modules; it must be built for Electron's ABI: electron-builder
    // install-app-deps) and make it an ESM app of its own.
    out = join(ROOT, 'out', `e2e-app-${process.pid}`);
    rmSync(out, { recursive: true, force: true });
    const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    writeFileSync(join(out, 'package.json'), JSON.stringify({ name: 'dockhand', type: 'module', main: 'main/index.js' }));
    const env = { ...process.env, DOCKHAND_DATA_DIR: tempDir() } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;

    app = await electron.launch({ executablePath: binary!, args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), out], env });
    const page = await app.firstWindow();
    await page.getByText('No agents yet').waitFor();
    expect(page.url()).toBe('app://dockhand/index.html');

    // The page has the bridge and nothing of Node.
    const globals = await page.evaluate(() => {
      const w = globalThis as unknown as Page;
      return { bridge: typeof w.dockhand?.call, require: typeof w.require, process: typeof w.process };
    });
    expect(globals).toEqual({ bridge: 'function', require: 'undefined', process: 'undefined' });

    // A call over IPC, then the page shows it.
    const reply = await page.evaluate(() => (globalThis as unknown as Page).dockhand!.call('agents.create', { name: 'Made over IPC', model: 'claude-sonnet-4-6' }));
    expect(reply.ok).toBe(true);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByText('Made over IPC').waitFor();
    await expect(page.evaluate(() => (globalThis as unknown as Page).dockhand!.call('agents.create', { name: 1 } as never))).resolves.toMatchObject({
      ok: false,
      error: { error: { type: 'invalid_request_error' } },
    });

    // No window.open, no navigating away.
    await page.evaluate(() => (globalThis as unknown as Page).open('https://example.com/'));
    await page.evaluate(() => ((globalThis as unknown as Page).location.href = 'file:///etc/passwd'));
    await page.waitForTimeout(300);
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://dockhand/index.html');

    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-results', 'electron-app.png') });
  });
});
