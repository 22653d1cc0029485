// What the editors' browser tests add to the app harness (test/support/app.ts): a page opened on a
// screen with the app's key, screenshots in both themes, an axe scan in both themes, and keyboard steps.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { openPage, type App, type Theme } from '../support/app.ts';

export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');

/** The few DOM facts these tests read inside the page (test code is type-checked without the DOM library). */
interface Page_ {
  document: {
    documentElement: { dataset: Record<string, string | undefined> };
    activeElement: unknown;
    addEventListener(type: 'securitypolicyviolation', fn: (e: { violatedDirective: string; sourceFile: string; lineNumber: number; columnNumber: number; sample: string }) => void): void;
  };
}
type Frames = { requestAnimationFrame(fn: () => void): void };
const themeOf = () => (globalThis as unknown as Page_).document.documentElement.dataset.theme;

export interface AppPage {
  page: Page;
  /** Console errors and uncaught exceptions so far (a CSP violation shows here, with where it happened). */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh browser context on the app, connected with its key as `dockhand start` printed it, then at `hash`. */
export async function openApp(browser: Browser, app: App, hash = '#/agents', theme: Theme = 'light'): Promise<AppPage> {
  const { page, context, errors } = await openPage(browser, { theme, height: 860 });
  await page.addInitScript(() =>
    (globalThis as unknown as Page_).document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`),
    ),
  );
  await page.goto(app.openUrl);
  await page.getByText('Connected', { exact: true }).waitFor();
  if (hash !== '#/agents') await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  return { page, errors, close: () => context.close() };
}

/** Switches the page's theme the way the OS would (the app follows the system unless told otherwise). */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await expect.poll(() => page.evaluate(themeOf)).toBe(theme);
  // Colours change through (very short) transitions: two frames later they hold the new theme's values.
  await page.evaluate(() => new Promise<void>((done) => (globalThis as unknown as Frames).requestAnimationFrame(() => (globalThis as unknown as Frames).requestAnimationFrame(() => done()))));
}

/** Saves `test/e2e/screenshots/<name>-light.png` and `-dark.png`, leaving the page in light. */
export async function shots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${theme}.png`) });
  }
  await setTheme(page, 'light');
}

/** Asserts no serious or critical accessibility violation (axe, WCAG 2.1 AA and best practice), light and dark. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    const bad = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(0, 3).join(' ')}`));
    expect(bad, `${what}, ${theme}`).toEqual([]);
  }
  await setTheme(page, 'light');
}

/** Scrolls the screen's own scrolling panel (not the window) so `target` is near its top, as a person scrolling would. */
export async function scrollToTop(target: Locator): Promise<void> {
  await target.evaluate((el) => {
    type Box = { top: number };
    type El = { closest(s: string): El | null; getBoundingClientRect(): Box; scrollTop: number };
    const self = el as unknown as El;
    const panel = self.closest('.tabs-content, .page-body');
    if (panel) panel.scrollTop += self.getBoundingClientRect().top - panel.getBoundingClientRect().top - 8;
  });
}

/** Whether the element has the keyboard focus. */
export const focused = (target: Locator): Promise<boolean> =>
  target.evaluate((el) => el === (el as unknown as { ownerDocument: Page_['document'] }).ownerDocument.activeElement, undefined, { timeout: 2000 }).catch(() => false);

/**
 * Moves a radio group's choice to `radio` with an arrow key held as a person holds it: Radix moves the focus a
 * task after keydown and checks the item only if the key is still down then (an instant keyup, under load,
 * moves the focus without choosing).
 */
export async function arrowTo(page: Page, key: 'ArrowDown' | 'ArrowUp', radio: Locator): Promise<void> {
  await page.keyboard.down(key);
  await expect.poll(() => radio.getAttribute('aria-checked')).toBe('true');
  await page.keyboard.up(key);
}

/** Presses Tab until `target` has the focus, as a keyboard user would; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await focused(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target}`);
}
