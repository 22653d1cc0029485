// Keyboard only: every screen reached, every list row opened, a session started and the command
// palette used without the mouse, with focus always visible. Chromium against `dockhand start`.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startApp, type App } from '../support/app.ts';
import { seedWorkspace } from '../support/seed.ts';

let app: App;
let browser: Browser;
beforeAll(async () => {
  app = await startApp();
  await seedWorkspace(app.client(), app.model);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** What has the focus: its role-ish description, and whether the browser shows it as keyboard focus. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const d = globalThis as unknown as { document: { activeElement: { tagName: string; textContent: string | null; getAttribute(n: string): string | null; matches(s: string): boolean } | null } };
    const el = d.document.activeElement;
    return { tag: el?.tagName ?? '', text: (el?.textContent ?? '').trim().slice(0, 80), label: el?.getAttribute('aria-label') ?? '', visible: Boolean(el?.matches(':focus-visible')), title: el?.getAttribute('data-page-title') !== null };
  });
const hash = (page: Page) => new URL(page.url()).hash;

async function tabUntil(page: Page, done: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 15) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (done(f)) return f;
  }
  throw new Error(`focus never got there; it is on ${JSON.stringify(await focused(page))}`);
}

describe('keyboard only', () => {
  it('reaches every screen, opens rows, starts a session and uses the palette, with visible focus', async () => {
    const { page, errors } = await openPage(browser);
    await page.goto(app.openUrl);
    await page.getByText('Connected', { exact: true }).waitFor();
    await page.getByRole('row', { name: /Code reviewer/ }).waitFor();

    // Skip link first, then the navigation in order; back to the skip link, and into the screen.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Skip to content', visible: true });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: expect.stringContaining('Search…'), visible: true });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'A', text: expect.stringContaining('Agents'), visible: true });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toMatchObject({ text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ tag: 'H1', text: 'Agents' });

    // Into the agents table: one tab stop, arrows move, Enter opens.
    const row = await tabUntil(page, (f) => f.tag === 'A' && f.text.includes('Data cleaner'));
    expect(row.visible).toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toMatchObject({ tag: 'A', text: expect.stringContaining('Release notes writer'), visible: true });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Release notes writer' }).waitFor();
    expect(hash(page)).toMatch(/^#\/agents\/agent_/);
    expect(await focused(page)).toMatchObject({ tag: 'H1', text: 'Release notes writer' });

    // G E: environments; / searches; the row opens.
    await page.keyboard.press('g');
    await page.keyboard.press('e');
    await page.getByRole('heading', { level: 1, name: 'Environments' }).waitFor();
    await page.keyboard.press('/');
    expect(await focused(page)).toMatchObject({ tag: 'INPUT', label: 'Search environments', visible: true });
    await page.keyboard.type('python');
    await page.getByText('1 of 3').waitFor();
    await tabUntil(page, (f) => f.tag === 'A' && f.text.includes('python-data'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'python-data' }).waitFor();

    // G S, then N: a new session, chosen and typed without the mouse.
    await page.keyboard.press('g');
    await page.keyboard.press('s');
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'INPUT', visible: true });
    await page.keyboard.type('Code rev');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // version
    await page.keyboard.press('Tab'); // environment
    await page.keyboard.type('node');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // title
    await page.keyboard.type('Started from the keyboard');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Started from the keyboard' }).waitFor();
    expect(hash(page)).toMatch(/^#\/sessions\/sesn_/);
    const session = (await app.client().beta.sessions.list()).data.find((s) => s.title === 'Started from the keyboard')!;
    expect(session.agent.name).toBe('Code reviewer');

    // The palette: Ctrl K, type, Enter.
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Search and commands' }).waitFor();
    await page.keyboard.type('log triager');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Log triager' }).waitFor();

    // Settings, the shortcuts help, and back out with Escape.
    await page.keyboard.press('g');
    await page.keyboard.press(',');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const theme = await tabUntil(page, (f) => f.text.includes('Dark'), 40);
    expect(theme.visible).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dataset: { theme?: string } } } }).document.documentElement.dataset.theme)).resolves.toBe('dark');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor({ state: 'detached' });

    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
