// The live session view in Debian's Chromium against `dockhand start` (scripted model): the reply
// streaming word by word before the turn ends, approvals (Approve runs the command in a real Docker
// sandbox and its output shows; Deny with a reason ends the turn), a custom tool answered through its
// form, an interrupt, and a reload mid-turn with no event missing or repeated. Screenshots and an axe
// scan of each state, light and dark.
import type Anthropic from '@anthropic-ai/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRows } from '../../renderer/src/sessions/timeline/rows.ts';
import type { SessionEvent } from '../../renderer/src/data/types.ts';
import { baseImage, engineUp } from '../hands/sandbox-rig.ts';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { seedLongSessions, TURN_EVENTS } from '../support/long-session.ts';
import { tempDir } from '../support/serve.ts';
import { reply, text, toolUse } from '../support/scripted-model/index.ts';
import { expectAccessible, focused, openApp, shots, type AppPage } from './editor-rig.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

type Tools = Parameters<Anthropic['beta']['agents']['create']>[0]['tools'];
const ASK_BASH: Tools = [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }];

/** An agent with `tools`, an environment and a session made through the SDK, and the page open on the session. */
async function sessionPage(app: App, title: string, tools: Tools = []): Promise<AppPage & { id: string; client: Anthropic }> {
  const client = app.client();
  const agent = await client.beta.agents.create({ name: `${title} agent`, model: 'claude-sonnet-4-6', tools });
  const env = await client.beta.environments.create({ name: `env-${Date.now()}-${Math.random().toString(36).slice(2, 6)}` });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title });
  const opened = await openApp(browser, app, `#/sessions/${session.id}`);
  await opened.page.getByRole('heading', { level: 1, name: title }).waitFor();
  await opened.page.getByText('Nothing has happened yet').waitFor();
  return { ...opened, id: session.id, client };
}

const timeline = (page: Page) => page.getByRole('feed', { name: 'Session timeline' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

async function say(page: Page, message: string): Promise<void> {
  await composer(page).fill(message);
  await composer(page).press('Enter');
  await timeline(page).locator('[data-kind="user.message"]', { hasText: message }).waitFor();
}

async function allEvents(client: Anthropic, id: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(id, { limit: 100 })) out.push(e as SessionEvent);
  return out;
}

/** The ids of the rows the page shows, in order (the timeline fits the viewport in these tests). */
const shownIds = (page: Page) => timeline(page).locator('article[data-event-id]').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { eventId: string } }).dataset.eventId));

const toolRow = (page: Page, name: string): Locator => timeline(page).locator('article[data-kind="agent.tool_use"], article[data-kind="agent.custom_tool_use"]').filter({ has: page.locator('.tl-tool-name', { hasText: name }) });

describe('the live session view', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ args: ['--hands', 'none'] });
  }, 90_000);
  afterAll(async () => app?.close());

  it('shows the reply word by word before the turn ends, then the stored message in its place', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Streaming reply');
    const words = 'Alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa.';
    app.model.enqueue(reply(words, { betweenEventsMs: 90, chunkChars: 4 }));
    await say(page, 'Spell the alphabet, slowly.');

    // The text grows in a preview row while the model streams: several partial states, none complete.
    const preview = timeline(page).locator('[data-kind="preview"]');
    const seen = new Set<string>();
    await preview.getByText(/^Alpha bravo/).waitFor();
    while (seen.size < 3) {
      const t = (await preview.innerText().catch(() => '')).replace(/^Agent\s*writing…\s*/, '').trim();
      if (t && !t.includes('papa.')) seen.add(t);
      if (t.includes('papa.')) break;
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // Before the turn ends: the log has no agent.message yet.
    expect((await allEvents(client, id)).some((e) => e.type === 'agent.message')).toBe(false);
    await shots(page, 'session-streaming');

    // The stored message replaces the preview, rendered as Markdown; the turn ends.
    const message = timeline(page).locator('[data-kind="agent.message"]');
    await message.getByText(words).waitFor();
    await preview.waitFor({ state: 'detached' });
    await timeline(page).getByText('The turn ended').waitFor();
    await expect(page.getByRole('button', { name: 'Interrupt' }).count()).resolves.toBe(0);
    // This app runs no tools: the sandbox panel says so.
    await page.getByRole('complementary', { name: 'Session details' }).getByText('Nowhere: this Dockhand runs no tools').waitFor();
    // A model span with its tokens.
    await expect(timeline(page).locator('[data-kind="span.model_request_end"]').innerText()).resolves.toMatch(/Model request[\s\S]*\d+ in · \d+ out · (\d+ ms|[\d.]+ s)/);
    await shots(page, 'session-reply');
    await expectAccessible(page, 'a session with a reply');
    expect(errors).toEqual([]);
    await close();
  });

  it('shows the cost core priced the session at, in its facts and in the sessions list', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Priced turn');
    // Claude Sonnet 4.6 at $3 in and $15 out per million tokens: 400k in and 20k out are $1.20 + $0.30.
    app.model.enqueue(reply('Counted.', { usage: { input_tokens: 400_000, output_tokens: 20_000 } }));
    await say(page, 'Count the tokens.');
    await timeline(page).getByText('The turn ended').waitFor();
    await expect.poll(async () => (await client.beta.sessions.retrieve(id)).usage.list_cost?.amount).toBe('150');
    const facts = page.getByRole('complementary', { name: 'Session details' });
    await facts.getByText('$1.50 (estimate)').waitFor();
    await page.goto(page.url().replace(/#.*$/, '#/sessions'));
    await page.getByRole('row', { name: /Priced turn/ }).getByText('$1.50').waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('denies an always_ask bash call with a reason: its input shown first, Deny focused, the turn ends', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Careful cleanup', ASK_BASH);
    app.model.enqueue(reply([text('I will clean the build folder.'), toolUse('bash', { command: 'rm -rf build && echo cleaned' })]), reply('Understood, I left the build folder alone.'));
    await say(page, 'Tidy up the project.');

    const row = toolRow(page, 'bash');
    const approval = row.getByRole('group', { name: 'Approve or deny bash' });
    await approval.waitFor();
    await expect(row.getByLabel('Command').innerText()).resolves.toBe('$ rm -rf build && echo cleaned');
    await expect(focused(approval.getByRole('button', { name: /^Deny/ }))).resolves.toBe(true);
    // It cannot be missed: the banner over the timeline and the navigation say so too.
    await page.getByText('The agent waits for your approval (1 tool call)').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByLabel('1 waiting for your approval').waitFor();
    await shots(page, 'session-approval');
    await expectAccessible(page, 'a tool call waiting for approval');

    // R goes to the reason; Enter there denies with it.
    await page.keyboard.press('r');
    await page.keyboard.type('Keep the build, I need it.');
    await page.keyboard.press('Enter');
    await row.getByText('Denied', { exact: true }).waitFor();
    await row.getByText('Reason given: Keep the build, I need it.').waitFor();
    await timeline(page).getByText('Understood, I left the build folder alone.').waitFor();
    await timeline(page).getByText('The turn ended').waitFor();
    await approval.waitFor({ state: 'detached' });
    await page.getByText('The agent waits for your approval').waitFor({ state: 'detached' });

    const events = await allEvents(client, id);
    const answer = events.find((e) => e.type === 'user.tool_confirmation');
    expect(answer).toMatchObject({ result: 'deny', deny_message: 'Keep the build, I need it.' });
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
    await shots(page, 'session-denied');
    expect(errors).toEqual([]);
    await close();
  });

  it('answers a custom tool through the form built from its input schema', async () => {
    const tools: Tools = [
      {
        type: 'custom',
        name: 'lookup_order',
        description: 'Looks an order up in the shop system.',
        input_schema: { type: 'object', properties: { order_id: { type: 'string', description: 'The order number, e.g. A-1042' }, include_items: { type: 'boolean' } }, required: ['order_id'] },
      },
    ];
    const { page, errors, close, id, client } = await sessionPage(app, 'Order desk', tools);
    app.model.enqueue(reply([toolUse('lookup_order', { order_id: 'A-1042', include_items: true })]), reply('Order **A-1042** shipped on 3 May.'));
    await say(page, 'Where is order A-1042?');

    const form = toolRow(page, 'lookup_order').getByRole('form', { name: 'Answer lookup_order' });
    await form.waitFor();
    // The schema's fields: name, type, required, description, and what the agent passed.
    await expect(form.locator('.custom-input').innerText()).resolves.toMatch(/order_id string \(required\)\s*The order number, e\.g\. A-1042\s*A-1042\s*include_items boolean\s*true/);
    await page.getByText('The agent waits for your tool’s result (1 call)').waitFor();
    await expect(focused(form.getByRole('textbox', { name: 'Result for the agent' }))).resolves.toBe(true);
    await form.getByRole('textbox', { name: 'Result for the agent' }).fill('Shipped on 3 May by parcel post.');
    await shots(page, 'session-custom-tool');
    await expectAccessible(page, 'a custom tool call waiting for its result');
    await form.getByRole('button', { name: 'Send result' }).click();

    await timeline(page).locator('[data-kind="agent.message"] strong', { hasText: 'A-1042' }).waitFor();
    await form.waitFor({ state: 'detached' });
    const result = (await allEvents(client, id)).find((e) => e.type === 'user.custom_tool_result');
    expect(result).toMatchObject({ is_error: false, content: [{ type: 'text', text: 'Shipped on 3 May by parcel post.' }] });
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps the colours of a tool result and folds long output behind "Show all"', async () => {
    const tools: Tools = [{ type: 'custom', name: 'run_checks', description: 'Runs the checks.', input_schema: { type: 'object', properties: {} } }];
    const { page, errors, close, id, client } = await sessionPage(app, 'Checks', tools);
    app.model.enqueue(reply([toolUse('run_checks', {})]), reply('All checks passed.'));
    await say(page, 'Run the checks.');
    const row = toolRow(page, 'run_checks');
    await row.getByRole('form', { name: 'Answer run_checks' }).waitFor();
    const use = (await allEvents(client, id)).find((e) => e.type === 'agent.custom_tool_use')!;
    const lines = Array.from({ length: 30 }, (_, i) => `check ${i + 1} \x1b[32mPASS\x1b[0m`);
    const result = ['\x1b[1;31mwarning:\x1b[0m one slow check', ...lines].join('\n');
    await client.beta.sessions.events.send(id, { events: [{ type: 'user.custom_tool_result', custom_tool_use_id: use.id, content: [{ type: 'text', text: result }] }] });
    const output = row.getByLabel('Output of run_checks');
    await output.waitFor();
    await expect(output.locator('.ansi-red-fg.ansi-bold').innerText()).resolves.toBe('warning:');
    await expect(output.locator('.ansi-green-fg').first().innerText()).resolves.toBe('PASS');
    // Folded: the first lines, and a button for all 31.
    await expect(output.innerText()).resolves.not.toMatch(/check 30/);
    await row.getByRole('button', { name: 'Show all 31 lines' }).click();
    await expect(output.innerText()).resolves.toMatch(/check 30 PASS$/);
    await expect(output.locator('.ansi-green-fg').count()).resolves.toBe(30);
    await timeline(page).getByText('All checks passed.').waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('interrupts a slow turn', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Long story');
    app.model.enqueue(reply('Once upon a time '.repeat(60), { betweenEventsMs: 120, chunkChars: 6 }));
    await say(page, 'Tell me a long story.');
    await timeline(page).locator('[data-kind="preview"]').getByText(/Once upon a time/).waitFor();
    const interrupt = page.getByRole('button', { name: 'Interrupt' });
    await shots(page, 'session-running');
    await interrupt.click();
    await timeline(page).getByText('You interrupted the agent').waitFor();
    await timeline(page).getByText('The turn ended').waitFor();
    await interrupt.waitFor({ state: 'detached' });
    await timeline(page).locator('[data-kind="preview"]').waitFor({ state: 'detached' });
    const events = await allEvents(client, id);
    expect(events.some((e) => e.type === 'user.interrupt')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle' });
    expect(errors).toEqual([]);
    await close();
  });

  it('reloaded mid-turn, shows the text so far and then every event once, in order', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Reload me');
    app.model.enqueue(reply('Counting: one two three four five six seven eight nine ten eleven twelve thirteen fourteen.', { betweenEventsMs: 120, chunkChars: 5 }));
    await say(page, 'Count for me.');
    const preview = timeline(page).locator('[data-kind="preview"]');
    await preview.getByText(/Counting: one two/).waitFor();
    await page.reload();
    // Caught up with the text so far, then streaming on.
    await preview.getByText(/Counting: one two/).waitFor();
    await timeline(page).locator('[data-kind="agent.message"]').getByText(/fourteen\.$/).waitFor();
    await timeline(page).getByText('The turn ended').waitFor();
    const events = await allEvents(client, id);
    const expected = buildRows(events).map((r) => (r.kind === 'preview' ? '' : r.event.id));
    await expect.poll(() => shownIds(page)).toEqual(expected);
    expect(new Set(expected).size).toBe(expected.length);
    expect(errors).toEqual([]);
    await close();
  });
});

describe.skipIf(!engineUp)('approving a command in a Docker sandbox (skipped: no Docker engine answers)', () => {
  let app: App;
  beforeAll(async () => {
    await baseImage();
    app = await startApp({ args: ['--hands', 'docker'] });
  }, 600_000);
  afterAll(async () => app?.close());

  it('runs the approved command: its output folded, its container and its output file in the sandbox panel', async () => {
    const { page, errors, close } = await sessionPage(app, 'Approved listing', ASK_BASH);
    const sandbox = page.getByRole('complementary', { name: 'Session details' });
    await sandbox.getByText('None yet').waitFor();
    const command = "printf '\\033[31mred alert\\033[0m and plain\\n'; seq 1 40; echo 'forty numbers' > /mnt/session/outputs/report.txt";
    app.model.enqueue(reply([text('I will run it.'), toolUse('bash', { command })]), reply('Done: it printed forty numbers.'));
    await say(page, 'Run the numbers.');
    const row = toolRow(page, 'bash');
    const approval = row.getByRole('group', { name: 'Approve or deny bash' });
    await approval.waitFor();
    await expect(row.getByLabel('Command').innerText()).resolves.toBe(`$ ${command}`);
    // A approves (the keyboard shortcut, the focus on Deny).
    await page.keyboard.press('a');
    const output = row.getByLabel('Output of bash');
    await output.waitFor({ timeout: 120_000 });
    // The Docker shell strips colour codes before the model sees the output: the text is there, plain.
    await expect(output.innerText()).resolves.toMatch(/^red alert and plain\n1\n/);
    await expect(output.innerText()).resolves.not.toMatch(/\b40\b/);
    await row.getByRole('button', { name: 'Show all 41 lines' }).click();
    await expect(output.innerText()).resolves.toMatch(/\b40\b/);
    await timeline(page).getByText('Done: it printed forty numbers.').waitFor();

    // The sandbox panel: the container runs, with its limits; the file it wrote downloads.
    await sandbox.getByText('Running', { exact: true }).waitFor();
    await expect(sandbox.innerText()).resolves.toMatch(/A Docker container of its own[\s\S]*GiB memory · \d+ CPU · \d+ processes/);
    const download = page.waitForEvent('download');
    await sandbox.getByRole('list', { name: 'Output files' }).getByRole('button', { name: 'Download report.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('report.txt');
    const chunks: Buffer[] = [];
    for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('forty numbers\n');
    await shots(page, 'session-tool-output');
    await expectAccessible(page, 'a tool call with its output');
    expect(errors).toEqual([]);
    await close();
  }, 300_000);
});

describe('a long session', () => {
  const COUNT = 90 * TURN_EVENTS; // whole turns: the session ends idle, nothing for a brain to resume
  let app: App;
  let id: string;
  beforeAll(async () => {
    const dataDir = tempDir('dockhand-e2e-');
    id = (await seedLongSessions(dataDir, { 'Long log': COUNT }))['Long log']!;
    app = await startApp({ dataDir, args: ['--hands', 'none'] });
  }, 120_000);
  afterAll(async () => app?.close());

  it('opens at its end reading one page, and reads older pages, each once, as the reader scrolls up', async () => {
    const { page, errors, close } = await openApp(browser, app);
    const reads: string[] = [];
    page.on('request', (r) => r.url().endsWith('/dockhand/call/events.list') && reads.push(r.postData() ?? ''));
    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/sessions/${id}`);
    const feed = timeline(page);
    // The newest events first: the last turn (89) is in view, one page was read, few rows exist.
    await feed.getByText('Step 89: look at the next file').waitFor();
    expect(reads).toHaveLength(1);
    expect(await feed.locator('article').count()).toBeLessThan(40);

    // Scrolled up with the mouse wheel, as a reader would, until the first step shows.
    await feed.hover();
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, -20_000);
          return feed.getByText('Step 0: look at the next file').count();
        },
        { timeout: 60_000, interval: 200 },
      )
      .toBe(1);
    // Every page once (200 events each), none twice; the oldest event is the first row.
    expect(reads).toHaveLength(Math.ceil(COUNT / 200));
    expect(new Set(reads).size).toBe(reads.length);
    const first = (await app.client().beta.sessions.events.list(id, { limit: 1 })).data[0]!;
    await expect(feed.locator('article').first().getAttribute('data-event-id')).resolves.toBe(first.id);
    expect(await feed.locator('article').count()).toBeLessThan(40);
    await shots(page, 'session-long-log');
    expect(errors).toEqual([]);
    await close();
  });
});
