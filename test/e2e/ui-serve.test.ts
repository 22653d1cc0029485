// The renderer in a real browser (Debian's Chromium) against a real `dockhand serve --ui` process:
// the page a user of `dockhand start` gets where Electron cannot run.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electronBinary } from '../../electron/core/server/start.ts';
import { BIN, serve, tempDir, type Served } from '../support/serve.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-results');
const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** A raw GET, path sent exactly as given (fetch would normalize `..` away). */
const rawGet = (url: string, path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((done, fail) => {
    const req = request(url + '/', { path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d));
      res.on('end', () => done({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });

let uiDir: string;
let server: Served;
let browser: Browser;

beforeAll(async () => {
  // Build this tree's renderer into a fresh directory, so the test sees the current code.
  const out = tempDir('dockhand-ui-');
  const build = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  uiDir = join(out, 'renderer');
  server = await serve({ args: ['--ui', uiDir] });
  browser = await chromium.launch(CHROMIUM);
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A fresh browser context (own sessionStorage) on a page that fails the test on any console error, e.g. a CSP violation. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}

describe('the UI in serve mode', () => {
  it('shows empty states on a fresh data directory', async () => {
    const empty = await serve({ args: ['--ui', uiDir] });
    try {
      const { page, errors } = await openPage();
      await page.goto(`${empty.url}/#key=${encodeURIComponent(empty.apiKey)}`);
      await page.getByText('No agents yet').waitFor();
      await page.getByRole('button', { name: 'Start from a sample' }).waitFor();
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Environments/ }).click();
      await page.getByText('No environments yet').waitFor();
      await page.screenshot({ path: join(SHOTS, 'ui-serve-empty.png') });
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await empty.stop();
    }
  });

  it('lists the agents and environments created through the official SDK', async () => {
    const client = server.client();
    const agent = await client.beta.agents.create({ name: 'Release notes writer', model: 'claude-sonnet-4-6', description: 'Drafts release notes from merged pull requests' });
    const updated = await client.beta.agents.update(agent.id, { version: agent.version, system: 'Be concise.' });
    await client.beta.agents.create({ name: 'Log triager', model: 'claude-haiku-4-5' });
    const env = await client.beta.environments.create({
      name: 'python-data',
      description: 'pandas and friends, no internet',
      config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: [], allow_package_managers: true, allow_mcp_servers: false }, packages: { pip: ['pandas', 'numpy'], apt: ['jq'] } },
    });
    await client.beta.environments.create({ name: 'node-sandbox' });

    const { page, errors } = await openPage();
    await page.goto(`${server.url}/#key=${encodeURIComponent(server.apiKey)}`);
    const agents = page.getByRole('table', { name: 'Agents' });
    const row = agents.getByRole('row', { name: /Release notes writer/ });
    await row.waitFor();
    await expect(agents.getByRole('row', { name: /Log triager/ }).count()).resolves.toBe(1);
    await expect(row.innerText()).resolves.toMatch(new RegExp(`Claude Sonnet 4.6[\\s\\S]*v${updated.version}`));

    await page.goto(`${server.url}/#/environments`);
    const environments = page.getByRole('table', { name: 'Environments' });
    await environments.getByRole('row', { name: /python-data/ }).waitFor();
    await expect(environments.getByRole('row', { name: /node-sandbox/ }).count()).resolves.toBe(1);
    await expect(environments.getByRole('row', { name: /python-data/ }).innerText()).resolves.toMatch(/Limited[\s\S]*apt 1 · pip 2/);
    await expect(page.getByText(env.id).count()).resolves.toBe(1);

    // The key left the address bar and stays with this tab only.
    expect(new URL(page.url()).hash).toBe('#/environments');
    await expect(page.evaluate(() => (globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }).sessionStorage.getItem('dockhand.apiKey'))).resolves.toBe(server.apiKey);
    await page.screenshot({ path: join(SHOTS, 'ui-serve.png') });
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks for the key when the URL has none, and says so when it is refused', async () => {
    const { page } = await openPage();
    await page.goto(server.url);
    await page.getByText('Connect to the local API').waitFor();
    await page.getByLabel('API key').fill('wrong-key');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('heading', { name: 'That API key was refused' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ui-serve-key.png') });
    await page.getByLabel('API key').fill(server.apiKey);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('table', { name: 'Agents' }).getByText('Release notes writer').waitFor();
    await page.context().close();
  });

  it('takes a key pasted into the address of the same tab (#key=...)', async () => {
    const { page } = await openPage();
    await page.goto(`${server.url}/#key=wrong-key`);
    await page.getByRole('heading', { name: 'That API key was refused' }).waitFor();
    // The same tab, a new fragment: no reload, only a hashchange.
    await page.evaluate((key) => ((globalThis as unknown as { location: { hash: string } }).location.hash = `key=${encodeURIComponent(key)}`), server.apiKey);
    await page.getByRole('table', { name: 'Agents' }).getByText('Release notes writer').waitFor();
    expect(new URL(page.url()).hash).not.toContain('key=');
    await page.context().close();
  });

  it('serves the page with a strict CSP, without a key, and keeps the API behind the key', async () => {
    const page = await rawGet(server.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self'; style-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';/);
    // A fresh style nonce per page, written into the page where the build left its placeholder.
    const nonce = /'nonce-([^']+)'/.exec(String(page.headers['content-security-policy']))![1]!;
    expect(page.body).toContain(`<meta property="csp-nonce" nonce="${nonce}">`);
    expect(page.body).not.toContain('DOCKHAND_CSP_NONCE');
    expect(/'nonce-([^']+)'/.exec(String((await rawGet(server.url, '/')).headers['content-security-policy']))![1]).not.toBe(nonce);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body)![1]!;
    expect((await rawGet(server.url, `/${script}`)).headers['content-type']).toBe('text/javascript; charset=utf-8');

    expect((await rawGet(server.url, '/v1/agents')).status).toBe(401);
    expect((await rawGet(server.url, '/v1/agents', { 'x-api-key': server.apiKey })).status).toBe(200);
    for (const path of ['/../package.json', '/assets/../../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/index.html/../../bin/dockhand.js']) {
      const res = await rawGet(server.url, path);
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('"name": "dockhand"');
    }
    // DNS rebinding: a foreign Host gets nothing, not even the page.
    expect((await rawGet(server.url, '/', { host: 'evil.example' })).status).toBe(403);
  });
});

describe('dockhand start', () => {
  const hasElectron = electronBinary() !== null;
  const name = 'falls back to serve mode with the UI when Electron cannot launch';
  it.skipIf(hasElectron)(hasElectron ? `${name} (skipped: an Electron binary exists here, so start launches the app)` : name, async () => {
    const env = { ...process.env };
    delete env.DOCKHAND_API_KEY;
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data-dir', tempDir()], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no UI line in 30s:\n${out}`)), 30_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d;
          const m = /^Open the Dockhand UI: (http:\/\/127\.0\.0\.1:\d+\/#key=\S+)$/m.exec(out);
          if (m) (clearTimeout(timer), done(m[1]!));
        });
        child.once('exit', (code) => fail(new Error(`start exited with ${code}:\n${out}`)));
      });
      expect(out).toMatch(/^Electron cannot launch here/m);
      expect(out).toMatch(/^Dockhand API listening on http:\/\/127\.0\.0\.1:\d+$/m);
      const key = decodeURIComponent(new URL(url).hash.slice('#key='.length));
      expect(key.length).toBeGreaterThanOrEqual(32);
      const api = new URL(url).origin;
      expect((await rawGet(api, '/v1/agents', { 'x-api-key': key })).status).toBe(200);
      expect((await rawGet(api, '/')).body).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
