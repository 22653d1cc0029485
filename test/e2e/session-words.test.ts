// The session view says in words what the API's newer events mean, in Debian's Chromium against
// `dockhand start` (scripted model): a tool call the agent does not offer denied by policy, a turn stopped
// on the session's budget, the budget raised (refused below the spend first) and removed from the
// session's facts, session.updated rows for title, metadata and tools, and a system note sent with a
// message. Screenshots and an axe scan of each state, light and dark.
import type Anthropic from '@anthropic-ai/sdk';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../renderer/src/data/types.ts';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { reply, text, toolUse } from '../support/scripted-model/index.ts';
import { expectAccessible, focused, openApp, shots, type AppPage } from './editor-rig.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

type AgentParams = Parameters<Anthropic['beta']['agents']['create']>[0];
type SessionParams = Omit<Parameters<Anthropic['beta']['sessions']['create']>[0], 'agent' | 'environment_id'>;

/** An agent with `tools`, an environment and a session (with `extra`) made through the SDK, and the page open on it. */
async function sessionPage(app: App, title: string, tools: AgentParams['tools'], extra: SessionParams = {}): Promise<AppPage & { id: string; client: Anthropic }> {
  const client = app.client();
  const agent = await client.beta.agents.create({ name: `${title} agent`, model: 'claude-sonnet-4-6', tools });
  const env = await client.beta.environments.create({ name: `env-${Date.now()}-${Math.random().toString(36).slice(2, 6)}` });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title, ...extra });
  const opened = await openApp(browser, app, `#/sessions/${session.id}`);
  await opened.page.getByRole('heading', { level: 1, name: title }).waitFor();
  return { ...opened, id: session.id, client };
}

const timeline = (page: Page) => page.getByRole('feed', { name: 'Session timeline' });
const details = (page: Page) => page.getByRole('complementary', { name: 'Session details' });
const row = (page: Page, kind: string) => timeline(page).locator(`article[data-kind="${kind}"]`);

async function say(page: Page, message: string): Promise<void> {
  const composer = page.getByRole('textbox', { name: 'Message' });
  await composer.fill(message);
  await composer.press('Enter');
  await row(page, 'user.message').filter({ hasText: message }).waitFor();
}

async function allEvents(client: Anthropic, id: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(id, { limit: 100 })) out.push(e as SessionEvent);
  return out;
}

/** The text of the fact labelled `label` in the session's facts. */
const fact = (page: Page, label: string) => details(page).locator('.fact', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd');

describe('the session view in words', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ args: ['--hands', 'none'] });
  }, 90_000);
  afterAll(async () => app?.close());

  it('says a disabled tool was denied by policy and why, that the budget stopped the turn, and raises and removes the budget', async () => {
    // bash disabled; a $1.00 budget. The model's reply costs $1.50 (Sonnet 4.6: 400k in at $3/M, 20k out at $15/M) and names bash anyway.
    const tools: AgentParams['tools'] = [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', enabled: false }] }];
    const { page, errors, close, id, client } = await sessionPage(app, 'Budgeted session', tools, { budget: { type: 'limit', max_list_cost: { amount: '100', currency: 'USD' } } });
    await expect(fact(page, 'Budget').innerText()).resolves.toBe('$0.00 spent of $1.00');

    app.model.enqueue(reply([text('I will list the files.'), toolUse('bash', { command: 'ls' })], { usage: { input_tokens: 400_000, output_tokens: 20_000 } }));
    await say(page, 'What is in this folder?');

    // The call the agent does not offer: refused by policy (not by the user), with the reason the model was told.
    const tool = row(page, 'agent.tool_use');
    await tool.getByText('Denied by policy', { exact: true }).waitFor();
    await tool.getByText('Reason: The tool bash is not enabled for this agent, so this call was refused.', { exact: false }).waitFor();
    await expect(tool.getByText('Denied', { exact: true }).count()).resolves.toBe(0);
    await expect(tool.getByRole('region', { name: /Output of bash/ }).count()).resolves.toBe(0);

    // The next model request would pass the budget: the turn stops, and the row says so and what to do.
    const stop = row(page, 'session.status_idle').filter({ hasText: 'budget' });
    await stop.getByText('Stopped: the session reached its budget of $1.00').waitFor();
    await stop.getByText('Spent so far: $1.50 at list prices.').waitFor();
    await stop.getByText('Raise or remove it under Session details, then send a message to continue.').waitFor();
    await expect(fact(page, 'Budget').innerText()).resolves.toMatch(/^\$1\.50 spent of \$1\.00\s*Reached$/);
    const events = await allEvents(client, id);
    expect(events.find((e) => e.type === 'agent.tool_use')).toMatchObject({ name: 'bash', evaluated_permission: 'deny' });
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'budget_reached' } });
    expect(app.model.requests).toHaveLength(1);
    await shots(page, 'session-budget-reached');
    await expectAccessible(page, 'a session stopped on its budget');

    // By keyboard: a budget at or below the spend is refused by core, said in words under the field.
    const field = details(page).getByRole('textbox', { name: 'New budget (US dollars)' });
    await field.focus();
    await page.keyboard.type('1.20');
    await page.keyboard.press('Enter');
    await details(page).getByText('The new budget must be more than the $1.50 the session has already spent.').waitFor();
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(focused(field)).resolves.toBe(true);
    await shots(page, 'session-budget-refused');
    await expectAccessible(page, 'a budget refused');

    // A higher one is taken: the facts and a timeline row say so, and the next message runs a turn.
    await field.fill('5');
    await page.keyboard.press('Enter');
    await row(page, 'session.updated').getByText('Budget raised to $5.00', { exact: true }).waitFor();
    await expect.poll(() => fact(page, 'Budget').innerText()).toBe('$1.50 spent of $5.00');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe(null);
    app.model.enqueue(reply('Nothing but a README.'));
    await say(page, 'Go on, please.');
    await row(page, 'agent.message').getByText('Nothing but a README.').waitFor();
    await timeline(page).getByText('The turn ended').waitFor();

    // Removed, after a confirmation that says it cannot come back.
    await details(page).getByRole('button', { name: 'Remove budget' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Remove the budget?' });
    await dialog.getByText('a removed budget cannot be added back').waitFor();
    await dialog.getByRole('button', { name: 'Remove budget' }).click();
    await row(page, 'session.updated').getByText('Budget removed', { exact: true }).waitFor();
    await expect.poll(() => fact(page, 'Budget').innerText()).toBe('None');
    await expect(field.count()).resolves.toBe(0);
    expect((await client.beta.sessions.retrieve(id)).budget).toBeNull();
    expect((await allEvents(client, id)).filter((e) => e.type === 'session.updated').map((e) => (e as Extract<SessionEvent, { type: 'session.updated' }>).budget)).toEqual([
      { type: 'limit', max_list_cost: { amount: '500', currency: 'USD' } },
      null,
    ]);
    await shots(page, 'session-budget-removed');
    // The one refused update is the only error the page logged (the browser logs the 400 itself).
    expect(errors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await close();
  });

  it('says what each session update changed, and shows a system message sent with a user message as a system note', async () => {
    const { page, errors, close, id, client } = await sessionPage(app, 'Quarterly report', [{ type: 'agent_toolset_20260401' }], { metadata: { owner: 'alice' } });

    await client.beta.sessions.update(id, { title: 'Quarterly report, final', metadata: { ticket: 'T-42' } });
    await page.getByRole('heading', { level: 1, name: 'Quarterly report, final' }).waitFor();
    const updates = row(page, 'session.updated');
    // The first update's bag has nothing earlier in the log to compare with: it says which keys are set.
    await updates.getByText('Title changed to “Quarterly report, final” · Metadata set: owner, ticket', { exact: true }).waitFor();

    await client.beta.sessions.update(id, { metadata: { owner: 'bob', ticket: '' } });
    await updates.getByText('Metadata changed: owner, ticket (removed)', { exact: true }).waitFor();

    await client.beta.sessions.update(id, { agent: { tools: [{ type: 'agent_toolset_20260401', default_config: { enabled: false }, configs: [{ name: 'read', enabled: true }, { name: 'grep', enabled: true }] }] } });
    await updates.getByText(/^Tools changed, now: built-in (read, grep|grep, read)$/).waitFor();

    // Privileged context sent with the user's message: its own row, labelled as a system note.
    app.model.enqueue(reply('Short answers it is.'));
    await client.beta.sessions.events.send(id, {
      events: [
        { type: 'user.message', content: [{ type: 'text', text: 'Summarise the quarter.' }] },
        { type: 'system.message', content: [{ type: 'text', text: 'The user is on call tonight: keep answers short.' }] },
      ],
    });
    const note = row(page, 'system.message');
    await note.getByText('System note', { exact: true }).waitFor();
    await note.getByText('The user is on call tonight: keep answers short.').waitFor();
    await row(page, 'agent.message').getByText('Short answers it is.').waitFor();
    await timeline(page).getByText('The turn ended').waitFor();
    // The note is named by its title for screen readers, and follows the message it came with (as the API requires).
    await expect(timeline(page).getByRole('article', { name: 'System note' }).count()).resolves.toBe(1);
    const kinds = await timeline(page).locator('article[data-kind]').evaluateAll((els) => els.map((el) => (el as unknown as { dataset: { kind: string } }).dataset.kind));
    expect(kinds.indexOf('system.message')).toBe(kinds.indexOf('user.message') + 1);
    expect(kinds.filter((k) => k === 'session.updated')).toHaveLength(3);
    await shots(page, 'session-updates-system-note');
    await expectAccessible(page, 'session updates and a system note');
    expect(errors).toEqual([]);
    await close();
  });
});
