// Every screen of the app, light and dark, in Debian's Chromium against `dockhand start` with the
// scripted model: an accessibility scan (axe: no serious or critical violation), no console error,
// and a screenshot saved under test/e2e/screenshots/ for a person to look at.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startApp, type App, type Theme } from '../support/app.ts';
import { seedWorkspace } from '../support/seed.ts';

const SHOTS = resolve(import.meta.dirname, 'screenshots');

let app: App;
let empty: App;
let browser: Browser;
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  [app, empty] = await Promise.all([startApp(), startApp()]);
  seeded = await seedWorkspace(app.client(), app.model);
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([app?.close(), empty?.close()]);
});

interface Screen {
  name: string;
  /** Where to go (on the seeded app unless `fresh`); a function when it needs the seeded ids. */
  hash: string | (() => string);
  fresh?: boolean;
  /** What shows once the screen is ready. */
  ready: (page: Page) => Promise<unknown>;
  /** Something to do on the screen first (open a dialog). */
  act?: (page: Page) => Promise<unknown>;
  width?: number;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

const screens = (): Screen[] => [
  { name: 'agents', hash: '#/agents', ready: (p) => p.getByRole('row', { name: /Code reviewer/ }).waitFor() },
  { name: 'agents-empty', hash: '#/agents', fresh: true, ready: (p) => p.getByText('No agents yet').waitFor() },
  { name: 'agent', hash: () => `#/agents/${seeded.notes.id}`, ready: (p) => heading(p, 'Release notes writer') },
  { name: 'agent-new', hash: '#/agents/new', ready: (p) => heading(p, 'New agent') },
  { name: 'environments', hash: '#/environments', ready: (p) => p.getByRole('row', { name: /python-data/ }).waitFor() },
  { name: 'environment', hash: () => `#/environments/${seeded.python.id}`, ready: (p) => heading(p, 'python-data') },
  { name: 'environment-new', hash: '#/environments/new', ready: (p) => heading(p, 'New environment') },
  { name: 'sessions', hash: '#/sessions', ready: (p) => p.getByRole('row', { name: /Waiting for approval/ }).waitFor() },
  { name: 'sessions-900px', hash: '#/sessions', width: 900, ready: (p) => p.getByRole('row', { name: /Waiting for approval/ }).waitFor() },
  { name: 'sessions-filtered', hash: '#/sessions?status=error', ready: (p) => p.getByRole('row', { name: /Nightly dependency audit/ }).waitFor() },
  { name: 'session', hash: () => `#/sessions/${seeded.done.id}`, ready: (p) => p.getByText('Here are the notes for 2.4', { exact: false }).waitFor() },
  {
    name: 'new-session',
    hash: '#/sessions',
    ready: (p) => p.getByRole('dialog', { name: 'New session' }).waitFor(),
    act: (p) => p.getByRole('button', { name: 'New session' }).first().click(),
  },
  { name: 'settings', hash: '#/settings', ready: (p) => p.getByRole('heading', { name: 'Docker engine' }).waitFor() },
  {
    name: 'palette',
    hash: '#/agents',
    ready: (p) => p.getByRole('group', { name: 'Agents' }).getByRole('option', { name: /Release notes writer/ }).waitFor(),
    act: async (p) => {
      await p.getByRole('button', { name: /Search…/ }).click();
      await p.keyboard.type('release');
    },
  },
  { name: 'shortcuts', hash: '#/agents', ready: (p) => p.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor(), act: (p) => p.getByRole('button', { name: 'Keyboard shortcuts' }).click() },
  { name: 'not-found', hash: '#/nowhere', ready: (p) => heading(p, 'Nothing here') },
];

async function visit(theme: Theme, screen: Screen): Promise<{ page: Page; errors: string[] }> {
  const target = screen.fresh ? empty : app;
  const { page, errors } = await openPage(browser, { theme, width: screen.width });
  // As a person would: open the address `dockhand start` printed, then go to the screen.
  await page.goto(`${target.origin}/#key=${encodeURIComponent(target.apiKey)}`);
  await page.getByText('Connected', { exact: true }).waitFor();
  const hash = typeof screen.hash === 'function' ? screen.hash() : screen.hash;
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  if (screen.act) {
    await page.locator('[data-page-title]').first().waitFor();
    await screen.act(page);
  }
  await screen.ready(page);
  await page.getByText('Connected', { exact: true }).waitFor();
  return { page, errors };
}

describe.each(['light', 'dark'] as const)('every screen, %s', (theme) => {
  it.each(screens().map((s) => [s.name, s] as const))('%s: no serious or critical accessibility violation, no console error, a screenshot', async (_name, screen) => {
    const { page, errors } = await visit(theme, screen);
    try {
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `${screen.name}-${theme}.png`) });
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 60_000);
});

describe('the connect screen', () => {
  it.each(['light', 'dark'] as const)('asks for the key, accessibly (%s)', async (theme) => {
    const { page, errors } = await openPage(browser, { theme });
    try {
      await page.goto(`${app.origin}/#key=not-the-key`);
      await page.getByRole('heading', { name: 'That API key was refused' }).waitFor();
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await page.screenshot({ path: join(SHOTS, `connect-refused-${theme}.png`) });
      // The refused request is the only error the page logs.
      expect(errors.filter((e) => !e.includes('401'))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
