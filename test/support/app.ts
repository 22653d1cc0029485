// The desktop app as the e2e tests use it: `dockhand start` (which falls back to serving the UI for
// a browser where Electron cannot run) on a fresh data directory, its model the scripted one, and
// Debian's Chromium through playwright-core.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startScriptedModel, type ScriptedModel } from './scripted-model/index.ts';
import { BIN, tempDir } from './serve.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const MODEL_KEY = 'sk-ant-e2e-model-key';

export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

let built: string | undefined;
/** This tree's renderer, built once per test process into a fresh directory (so tests see the current code). */
export function buildUi(): string {
  if (built) return built;
  const out = tempDir('dockhand-ui-');
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the renderer failed:\n${run.stderr}`);
  return (built = join(out, 'renderer'));
}

export interface App {
  /** The address `dockhand start` printed, with the key in its fragment. */
  openUrl: string;
  origin: string;
  apiKey: string;
  port: number;
  dataDir: string;
  model: ScriptedModel;
  child: ChildProcess;
  client: () => Anthropic;
  /** Stops the app (SIGTERM) and waits for it; the model keeps running. */
  stop: () => Promise<void>;
  /** Stops the app and the model. */
  close: () => Promise<void>;
}

export interface AppOptions {
  dataDir?: string;
  port?: number;
  apiKey?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Reuse a running scripted model (e.g. across a restart). */
  model?: ScriptedModel;
}

/** Runs `dockhand start` and waits for the line with the UI's address. */
export async function startApp(opts: AppOptions = {}): Promise<App> {
  const model = opts.model ?? (await startScriptedModel({ apiKey: MODEL_KEY }));
  const dataDir = opts.dataDir ?? tempDir('dockhand-e2e-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ANTHROPIC_BASE_URL: model.url,
    ANTHROPIC_API_KEY: MODEL_KEY,
    DOCKHAND_RETRY_BASE_MS: '5',
    DOCKHAND_MAX_RETRIES: '1',
    ...(opts.apiKey ? { DOCKHAND_API_KEY: opts.apiKey } : {}),
    ...opts.env,
  };
  if (!opts.apiKey) delete env.DOCKHAND_API_KEY;
  const args = [BIN, 'start', '--port', String(opts.port ?? 0), '--data-dir', dataDir, '--ui', buildUi(), ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const openUrl = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`dockhand start printed no UI address in 60 s:\n${out}${err}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const m = /^Open the Dockhand UI: (http:\/\/\S+)$/m.exec(out);
      if (m) (clearTimeout(timer), done(m[1]!));
    });
    child.once('exit', (code) => (clearTimeout(timer), fail(new Error(`dockhand start exited with ${code}:\n${out}${err}`))));
  });
  const url = new URL(openUrl);
  const apiKey = decodeURIComponent(url.hash.slice('#key='.length));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return {
    openUrl,
    origin: url.origin,
    apiKey,
    port: Number(url.port),
    dataDir,
    model,
    child,
    client: () => new Anthropic({ baseURL: url.origin, apiKey, maxRetries: 0 }),
    stop,
    close: async () => {
      await stop();
      if (!opts.model) await model.close();
    },
  };
}

export type Theme = 'light' | 'dark';

/** A page in a fresh context (its own storage) that records console errors and page crashes. */
export async function openPage(browser: Browser, opts: { theme?: Theme; width?: number; height?: number } = {}): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: opts.height ?? 800 }, colorScheme: opts.theme ?? 'light', reducedMotion: 'reduce' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, context, errors };
}

export const launchChromium = () => chromium.launch(CHROMIUM);
