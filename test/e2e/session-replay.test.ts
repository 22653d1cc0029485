// Replay, export/import, fork, the sample logs and usage, in Debian's Chromium against `dockhand start`
// on a fresh data directory (scripted model, Docker hands): a finished session replayed (at the start
// no later event shows, at the end all do, the state panel agrees with the events, keyboard and deep
// links); exported, imported again (and a bad file refused with its line), the two logs compared; a
// fork at an event that goes on while the original does not change; each sample log opened on a
// fresh data directory; the usage charts. Screenshots and an axe scan, light and dark.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRows } from '../../renderer/src/sessions/timeline/rows.ts';
import type { SessionEvent } from '../../renderer/src/data/types.ts';
import { formatTokens } from '../../renderer/src/ui/format.ts';
import { baseImage, engineUp } from '../hands/sandbox-rig.ts';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { tempDir } from '../support/serve.ts';
import { byPosition } from '../support/event-lists.ts';
import { codingSession } from '../support/sample-sessions.ts';
import { reply } from '../support/scripted-model/index.ts';
import { expectAccessible, openApp, shots } from './editor-rig.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function allEvents(client: Anthropic, id: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(id, { limit: 1000 })) out.push(e as SessionEvent);
  return out;
}

const timeline = (page: Page) => page.getByRole('feed', { name: 'Replay timeline' });
const slider = (page: Page) => page.getByRole('slider', { name: 'Replay position' });
const panel = (page: Page) => page.getByRole('complementary', { name: 'State at the cursor' });
/** The event ids of the rows the page shows, in order. */
const shownIds = (page: Page) => timeline(page).locator('article[data-event-id]').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { eventId: string } }).dataset.eventId));
/** The rows the timeline must show with the cursor at `position` (from 1). */
const rowsUpTo = (events: SessionEvent[], position: number) => buildRows(events, undefined, position - 1).flatMap((r) => (r.kind === 'preview' ? [] : [r.event.id]));
const hashOf = (page: Page) => decodeURIComponent(new URL(page.url()).hash);
const tokens = (n: number) => n.toLocaleString('en-US');

/** What the state panel must say at `position`: the tokens of the model requests that ended by then. */
function expectedState(events: SessionEvent[], position: number) {
  const ends = events.slice(0, position).filter((e): e is Extract<SessionEvent, { type: 'span.model_request_end' }> => e.type === 'span.model_request_end');
  const input = ends.reduce((n, e) => n + e.model_usage.input_tokens, 0);
  const output = ends.reduce((n, e) => n + e.model_usage.output_tokens, 0);
  return { requests: ends.length, tokens: `${formatTokens(input)} in · ${formatTokens(output)} out` };
}

async function expectPanelAt(page: Page, events: SessionEvent[], position: number) {
  const state = panel(page).locator('.replay-state');
  await expect.poll(() => state.getAttribute('data-event-id')).toBe(events[position - 1]!.id);
  await expect.poll(() => state.getAttribute('aria-busy')).toBeNull();
  const want = expectedState(events, position);
  const text = await panel(page).innerText();
  expect(text).toContain(`After event ${tokens(position)} of ${tokens(events.length)}`);
  expect(text).toMatch(new RegExp(`Model requests so far\\s+${want.requests}\\b`));
  expect(text).toContain(want.tokens);
}

describe.skipIf(!engineUp)('replay, export and import, fork, usage (skipped: no Docker engine answers)', () => {
  let app: App;
  let original: string;
  let events: SessionEvent[];
  beforeAll(async () => {
    await baseImage();
    app = await startApp({ args: ['--hands', 'docker'] });
    original = await codingSession({ client: app.client(), model: app.model });
    events = await allEvents(app.client(), original);
  }, 600_000);
  afterAll(async () => app?.close());

  it('replays a finished session: opens at its end, the timeline shows exactly the events up to the cursor, the state panel matches them', async () => {
    const { page, errors, close } = await openApp(browser, app, `#/sessions/${original}?replay`);
    await page.setViewportSize({ width: 1400, height: 2400 });
    // At the end: every row, the panel at the last event, the address naming it.
    await expect.poll(() => slider(page).inputValue()).toBe(String(events.length));
    await expect.poll(() => shownIds(page)).toEqual(rowsUpTo(events, events.length));
    await expectPanelAt(page, events, events.length);
    await expect.poll(() => hashOf(page)).toBe(`#/sessions/${original}?event=${events.at(-1)!.id}`);

    // Home: the first event only, nothing later anywhere in the page.
    await slider(page).focus();
    await page.keyboard.press('Home');
    await expect.poll(() => shownIds(page)).toEqual([events[0]!.id]);
    for (const e of events.slice(1)) expect(await page.locator(`[data-event-id="${e.id}"]`).count(), e.type).toBe(0);
    await expectPanelAt(page, events, 1);

    // Arrows step one event; at the idle that waits for approval, the panel lists the calls waiting.
    const waiting = events.findIndex((e) => e.type === 'session.status_idle' && e.stop_reason.type === 'requires_action');
    for (let i = 1; i <= waiting; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => shownIds(page)).toEqual(rowsUpTo(events, waiting + 1));
    await expectPanelAt(page, events, waiting + 1);
    const idle = events[waiting] as Extract<SessionEvent, { type: 'session.status_idle' }>;
    const asked = (idle.stop_reason as { event_ids: string[] }).event_ids;
    await expect(panel(page).innerText()).resolves.toMatch(new RegExp(`${asked.length} tool calls? without a result yet`));
    await expect(panel(page).getByText('needs approval').count()).resolves.toBe(asked.length);
    await expect(panel(page).innerText()).resolves.toContain('Waiting for the user');
    await page.setViewportSize({ width: 1280, height: 860 });
    await shots(page, 'replay-waiting');
    await expectAccessible(page, 'replay at an approval');

    // Play, evenly at 100x: the cursor runs to the end and stops there.
    await page.getByRole('combobox', { name: 'Pace' }).click();
    await page.getByRole('option', { name: /Evenly/ }).click();
    await page.getByRole('combobox', { name: 'Speed' }).click();
    await page.getByRole('option', { name: '100x' }).click();
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => slider(page).inputValue(), { timeout: 20_000 }).toBe(String(events.length));
    await page.getByRole('button', { name: 'Play' }).waitFor();
    await expectPanelAt(page, events, events.length);
    await shots(page, 'replay-end');

    // A deep link opens at its event.
    const k = events.findIndex((e) => e.type === 'agent.tool_result');
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/sessions/${original}?event=${events[k]!.id}`);
    await expect.poll(() => slider(page).inputValue()).toBe(String(k + 1));
    await expectPanelAt(page, events, k + 1);
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  it('exports a session as JSONL and imports it again: the same log, read-only; a bad file is refused with its line named', async () => {
    const { page, errors, close } = await openApp(browser, app, `#/sessions/${original}`);
    await page.getByRole('heading', { level: 1, name: 'Fix the greeting' }).waitFor();
    await page.getByRole('button', { name: 'Session actions' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: 'Export as JSONL' }).click()]);
    expect(download.suggestedFilename()).toBe('Fix-the-greeting.jsonl');
    const file = join(tempDir('dockhand-export-'), download.suggestedFilename());
    await download.saveAs(file);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'dockhand.session_export', session: { id: original } });
    expect(lines.length).toBe(events.length + 1);

    // A broken copy, dropped on the import dialog: refused, its line named, nothing stored.
    const before = (await app.client().beta.sessions.list()).data.length;
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), '#/sessions');
    await page.getByRole('button', { name: 'Import log…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a session log' });
    const broken = [...lines.slice(0, 3), '{"type": "agent.message", "content": ', ...lines.slice(4)].join('\n');
    const drop = await page.evaluateHandle((text) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: string[], name: string) => unknown };
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([text], 'broken.jsonl'));
      return dt;
    }, broken);
    await dialog.getByTestId('import-drop-zone').dispatchEvent('drop', { dataTransfer: drop });
    const refusal = dialog.getByRole('alert');
    await refusal.waitFor();
    await expect(refusal.innerText()).resolves.toMatch(/broken\.jsonl was not imported; nothing was stored\.\s+line 4: not valid JSON/);
    expect((await app.client().beta.sessions.list()).data.length).toBe(before);
    await shots(page, 'import-refused');
    await expectAccessible(page, 'the import dialog with a refused file');

    // The good file, through the file picker: a read-only copy, opened in replay at its end.
    await dialog.locator('input[type="file"]').setInputFiles(file);
    await page.getByRole('heading', { level: 1, name: 'Fix the greeting' }).waitFor();
    await page.getByText('An imported log (read-only)').waitFor();
    const copyId = /#\/sessions\/(sesn_\w+)/.exec(page.url())![1]!;
    expect(copyId).not.toBe(original);
    await expect.poll(() => slider(page).inputValue()).toBe(String(events.length));
    const copied = await allEvents(app.client(), copyId);
    expect(byPosition(copied)).toEqual(byPosition(events));
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    // The refused import's 400 is the only error the page logs.
    expect(errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await close();
  }, 120_000);

  it('forks at an event: the fork says its sandbox starts fresh, goes on with a message, and the original does not change', async () => {
    // At the first approval the session waited for: the fork waits there too, until its user answers.
    const at = events.findIndex((e) => e.type === 'session.status_idle' && e.stop_reason.type === 'requires_action');
    const { page, errors, close } = await openApp(browser, app, `#/sessions/${original}?event=${events[at]!.id}`);
    await expect.poll(() => slider(page).inputValue()).toBe(String(at + 1));
    await panel(page).getByRole('button', { name: 'Fork from here' }).click();
    await page.getByText('A fork: its sandbox starts fresh').waitFor();
    const forkId = /#\/sessions\/(sesn_\w+)/.exec(page.url())![1]!;
    expect(forkId).not.toBe(original);
    await expect(page.locator('.banner', { hasText: 'A fork' }).getByRole('link', { name: 'Fix the greeting' }).getAttribute('href')).resolves.toBe(`#/sessions/${original}?event=${events[at]!.id}`);
    await shots(page, 'fork');
    await expectAccessible(page, 'a fork');

    // The fork answers a new message from the copied state; the original keeps its log.
    app.model.enqueue(reply('Continuing in the fork.'));
    const message = page.getByRole('textbox', { name: 'Message' });
    await page.getByRole('feed', { name: 'Session timeline' }).getByRole('group', { name: /Approve or deny/ }).first().waitFor();
    await message.fill('Take another approach.');
    await message.press('Enter');
    await page.getByRole('feed', { name: 'Session timeline' }).getByText('Continuing in the fork.').waitFor();
    const forked = await allEvents(app.client(), forkId);
    expect(byPosition(forked.slice(0, at + 1))).toEqual(byPosition(events.slice(0, at + 1)));
    expect(forked.length).toBeGreaterThan(at + 1);
    expect(byPosition(await allEvents(app.client(), original))).toEqual(byPosition(events));
    expect(errors).toEqual([]);
    await close();
  }, 120_000);

  it('shows usage: totals, charts over time, per agent and per session, said to be estimates with the price table’s date', async () => {
    const prices = JSON.parse(readFileSync(join(import.meta.dirname, '../../resources/prices.json'), 'utf8')) as { date: string };
    const { page, errors, close } = await openApp(browser, app, '#/usage');
    await page.getByRole('heading', { level: 1, name: 'Usage' }).waitFor();
    await page.getByText(`price table dated ${prices.date}`).waitFor();
    await expect(page.locator('.page-description').innerText()).resolves.toMatch(/estimates/);
    const charts = page.locator('.chart-canvas canvas');
    await expect.poll(() => charts.count()).toBe(4);
    for (const name of ['Estimated cost per day (USD, UTC)', 'Tokens per day (UTC)']) await page.getByRole('img', { name }).waitFor();
    await page.getByRole('row', { name: /Coding agent/ }).waitFor();
    await page.getByRole('row', { name: /Fix the greeting/ }).first().waitFor();
    await shots(page, 'usage');
    await expectAccessible(page, 'usage');
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});

describe('the sample logs on a fresh data directory', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ args: ['--hands', 'none'], dataDir: tempDir('dockhand-samples-') });
  }, 120_000);
  afterAll(async () => app?.close());

  it('are offered on first launch and each opens in replay at its end', async () => {
    const { page, errors, close } = await openApp(browser, app, '#/sessions');
    await page.getByText('No sessions yet').waitFor();
    await page.getByRole('button', { name: 'Open the sample logs' }).click();
    await page.getByText('An imported log (read-only)').waitFor();
    const sessions = (await app.client().beta.sessions.list()).data;
    expect(sessions.map((s) => s.title).sort()).toEqual(['Sample: a coding session with approvals', 'Sample: a flaky model, retried', 'Sample: a long session that compacts its context']);
    for (const s of sessions) {
      const log = await allEvents(app.client(), s.id);
      await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/sessions/${s.id}`);
      await page.getByRole('heading', { level: 1, name: s.title! }).waitFor();
      await expect.poll(() => slider(page).inputValue()).toBe(String(log.length));
      await expectPanelAt(page, log, log.length);
      await timeline(page).locator(`[data-event-id="${log.at(-1)!.id}"]`).or(timeline(page).locator('article').last()).first().waitFor();
      if (s.title!.includes('compacts')) {
        await panel(page).getByText('the compacted context was not recorded with it').waitFor();
        await shots(page, 'sample-compaction');
      }
    }
    await expectAccessible(page, 'a sample log in replay');
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});

