// The renderer: its bundle size, and in Debian's Chromium the time from opening the page to a usable
// list (its first rows shown, the table keyboard-ready) and to the whole list (every page read, the
// true count shown) with 10,000 agents and with 10,000 sessions. The baseline, measured in alternating
// rounds, is the same page on a twin server with an empty store (ready when its empty state shows).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { createCore } from '../electron/core/runtime.ts';
import { CHROMIUM } from '../test/support/app.ts';
import { serve, type Served } from '../test/support/serve.ts';
import { fmtBytes, type Row, type Timing } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ITEMS = 10_000;
const ROUNDS = 8;

function build(out: string): string {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', out, '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`building the renderer failed:\n${run.stderr}`);
  return join(out, 'renderer');
}

/** Sizes of the built JS and CSS, raw and gzipped (what a page load transfers at most). */
function bundleNote(dir: string): string {
  const assets = join(dir, 'assets');
  const sum = (ext: string) =>
    readdirSync(assets)
      .filter((f) => f.endsWith(ext))
      .reduce((t, f) => ({ raw: t.raw + statSync(join(assets, f)).size, gz: t.gz + gzipSync(readFileSync(join(assets, f))).length }), { raw: 0, gz: 0 });
  const js = sum('.js');
  const css = sum('.css');
  return `Renderer bundle (production build): JavaScript ${fmtBytes(js.raw)} (${fmtBytes(js.gz)} gzipped), CSS ${fmtBytes(css.raw)} (${fmtBytes(css.gz)} gzipped).`;
}

/** A data directory with `ITEMS` agents, or one agent and environment and `ITEMS` sessions, written in process. */
async function seed(dataDir: string, what: 'agents' | 'sessions'): Promise<void> {
  const core = createCore({ dataDir, brain: false });
  const s = core.services;
  if (what === 'agents') {
    for (let i = 0; i < ITEMS; i++) await s['agents.create']({ name: `Agent ${i}`, model: i % 2 ? 'claude-sonnet-4-6' : 'claude-haiku-4-5', description: 'Benchmark agent' });
  } else {
    const agent = await s['agents.create']({ name: 'Bench agent', model: 'claude-sonnet-4-6' });
    const env = await s['environments.create']({ name: 'bench-env' });
    for (let i = 0; i < ITEMS; i++) await s['sessions.create']({ agent: agent.id, environment_id: env.id, title: `Session ${i}` });
  }
  await core.close();
}

/**
 * Opens the list in a fresh context and returns, in ms since navigation started (the page's own
 * clock): when the first row showed, and when the count reached `total` (or the empty state showed).
 */
async function load(page: Page, served: Served, hash: string, total: number): Promise<{ usable: number; complete: number }> {
  await page.goto(`${served.url}/#key=${encodeURIComponent(served.apiKey)}`);
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  const now = () => page.evaluate(() => (globalThis as unknown as { performance: { now(): number } }).performance.now());
  if (total === 0) {
    await page.locator('.state-block').first().waitFor();
    const t = await now();
    return { usable: t, complete: t };
  }
  await page.locator('[role="table"] [aria-rowindex="2"] .row-link').waitFor();
  const usable = await now();
  await page.getByText(`${total.toLocaleString('en-US')} ${hash.slice(2)}`, { exact: true }).waitFor({ timeout: 120_000 });
  return { usable, complete: await now() };
}

const timing = (samples: number[], elapsedMs: number): Timing => ({ samples, elapsedMs, perSample: 1 });

export async function rendererBench(root: string, cleanup: (fn: () => void) => void): Promise<{ rows: Row[]; notes: string[]; ui: string }> {
  process.stderr.write('renderer: building\n');
  const ui = build(join(root, 'ui'));
  process.stderr.write(`renderer: seeding ${ITEMS} agents and ${ITEMS} sessions\n`);
  await seed(join(root, 'agents'), 'agents');
  await seed(join(root, 'sessions'), 'sessions');
  const start = async (name: string) => {
    const s = await serve({ dataDir: join(root, name), args: ['--ui', ui] });
    cleanup(() => s.child.exitCode === null && s.child.kill('SIGKILL'));
    return s;
  };
  const servers = { agents: await start('agents'), sessions: await start('sessions'), empty: await start('empty') };
  const browser = await chromium.launch(CHROMIUM);
  cleanup(() => void browser.close());

  const rows: Row[] = [];
  for (const list of ['agents', 'sessions'] as const) {
    const subject = { usable: [] as number[], complete: [] as number[], elapsed: 0 };
    const base = { usable: [] as number[], elapsed: 0 };
    for (let r = 0; r <= ROUNDS; r++) {
      process.stderr.write(`renderer: ${list}, round ${r}/${ROUNDS}\n`);
      for (const which of ['empty', list] as const) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        const t0 = performance.now();
        const t = await load(page, servers[which], `#/${list}`, which === 'empty' ? 0 : ITEMS);
        const wall = performance.now() - t0;
        await context.close();
        if (r === 0) continue; // warmup: caches, JIT
        if (which === 'empty') (base.usable.push(t.usable), (base.elapsed += wall));
        else (subject.usable.push(t.usable), subject.complete.push(t.complete), (subject.elapsed += wall));
      }
    }
    const baseline = { name: 'the same page and list on a twin server with an empty store (its empty state shown), alternating', timing: timing(base.usable, base.elapsed) };
    const payload = list === 'agents' ? `${ITEMS.toLocaleString('en-US')} agents` : `${ITEMS.toLocaleString('en-US')} sessions (one agent, one environment)`;
    rows.push(
      { area: 'Renderer', measure: `Page opened → ${list} list usable (first rows shown, keyboard-ready), Chromium`, payload, unit: 'loads', timing: timing(subject.usable, subject.elapsed), baseline },
      { area: 'Renderer', measure: `Page opened → whole ${list} list loaded (every page read, the true count shown)`, payload, unit: 'loads', timing: timing(subject.complete, subject.elapsed), baseline },
    );
  }
  await browser.close();
  for (const s of Object.values(servers)) await s.stop();
  return { rows, notes: [bundleNote(ui)], ui };
}
