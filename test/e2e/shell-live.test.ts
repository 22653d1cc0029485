// The lists as a person sees them in Chromium against `dockhand start` (scripted model): live without
// a reload, every page of a long list, a lost connection that recovers by itself, the first-launch sample.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startApp, type App } from '../support/app.ts';
import { reply, text, toolUse } from '../support/scripted-model/index.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => browser?.close());

async function open(app: App, hash = '#/agents'): Promise<{ page: Page; errors: string[] }> {
  const { page, errors } = await openPage(browser);
  await page.goto(app.openUrl);
  await page.getByText('Connected', { exact: true }).waitFor();
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);
  return { page, errors };
}

const say = (t: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text: t }] });

describe('live lists', () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp();
  }, 90_000);
  afterAll(async () => app?.close());

  it('shows a session created through the SDK without a reload, and follows its status and tokens', async () => {
    const client = app.client();
    const agent = await client.beta.agents.create({
      name: 'Careful helper',
      model: 'claude-sonnet-4-6',
      tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }],
    });
    const env = await client.beta.environments.create({ name: 'live-env' });
    const { page, errors } = await open(app, '#/sessions');
    await page.getByText('No sessions yet').waitFor();
    // Set on this document: still there at the end means the page was never reloaded.
    await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title: 'Appears by itself' });
    const row = page.getByRole('row', { name: /Appears by itself/ });
    await row.waitFor();
    await expect(row.innerText()).resolves.toMatch(/Idle[\s\S]*Careful helper[\s\S]*v1[\s\S]*live-env/);
    await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Sessions/ }).innerText()).resolves.toMatch(/1$/);

    // The agent asks before running a command: the row says it waits, with the turn's tokens.
    app.model.enqueue(reply([text('Let me look.'), toolUse('bash', { command: 'ls' })], { usage: { input_tokens: 4_000, output_tokens: 200 } }));
    await client.beta.sessions.events.send(session.id, { events: [say('What is in this folder?')] });
    await row.getByText('Waiting for approval').waitFor();
    await expect(row.innerText()).resolves.toMatch(/4,200/);

    // Denied, it finishes: idle again.
    const use = (await client.beta.sessions.events.list(session.id)).data.find((e) => e.type === 'agent.tool_use')!;
    app.model.enqueue(reply('Understood, I will not run it.', { usage: { input_tokens: 4_300, output_tokens: 10 } }));
    await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'deny' }] });
    await row.getByText('Idle', { exact: true }).waitFor();
    await expect(row.innerText()).resolves.toMatch(/8,510/);

    // Filtered by status, on the server and here: only what matches, still live.
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Waiting for approval' }).click();
    await page.getByText('No sessions match').waitFor();
    expect(new URL(page.url()).hash).toBe('#/sessions?status=requires_action');

    // Deleted through the SDK: gone from the list.
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await row.waitFor();
    await client.beta.sessions.delete(session.id);
    await row.waitFor({ state: 'detached' });
    await expect(page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).resolves.toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('pages through 250 agents, shows the true count and scrolls to the last one', async () => {
    const client = app.client();
    const names: string[] = [];
    for (let i = 1; i <= 250; i++) {
      const a = await client.beta.agents.create({ name: `Bulk agent ${String(i).padStart(3, '0')}`, model: i % 2 ? 'claude-sonnet-4-6' : 'claude-haiku-4-5' });
      names.push(a.name);
    }
    let total = 0;
    for await (const _ of client.beta.agents.list({ limit: 100 })) total++;
    expect(total).toBeGreaterThanOrEqual(250);
    const { page, errors } = await open(app, '#/agents');
    const table = page.getByRole('table', { name: 'Agents' });
    await table.getByRole('row', { name: /Bulk agent 250/ }).waitFor();
    // More than the first page of 100: every page was read.
    await page.getByText(`${total} agents`).waitFor();
    await expect(table.getAttribute('aria-rowcount')).resolves.toBe(String(total + 1));
    // Virtualised: only the rows in view are in the page.
    expect(await table.getByRole('row').count()).toBeLessThan(60);

    // Scroll to the end: the oldest bulk agent is there.
    await table.locator('.vtable-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await table.getByRole('row', { name: /Bulk agent 001/ }).waitFor();

    // Search narrows all 251, not one page.
    await page.getByRole('searchbox', { name: 'Search agents' }).fill('agent 00');
    await page.getByText(`9 of ${total}`).waitFor();
    await page.getByRole('combobox', { name: 'Model' }).click();
    await page.getByRole('option', { name: 'Claude Haiku 4.5', exact: true }).click();
    await page.getByText(`4 of ${total}`).waitFor();
    expect(new URL(page.url()).hash).toBe('#/agents?q=agent+00&model=claude-haiku-4-5');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 180_000);
});

describe('a lost connection', () => {
  it('turns the dot red, says so, and recovers by itself with what changed meanwhile', async () => {
    const first = await startApp({ apiKey: 'e2e-fixed-key-0123456789abcdef0123' });
    const { page, errors } = await open(first, '#/agents');
    const status = page.getByRole('contentinfo', { name: 'Status' });
    await status.getByText('Connected', { exact: true }).waitFor();
    await first.stop();
    await status.getByText('Connection lost, retrying').waitFor();
    await page.getByText('Dockhand is not answering').waitFor();
    await expect(status.locator('[data-connection="offline"] .status-dot').evaluate((d) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(d).backgroundColor)).resolves.toMatch(/rgb\(180, 35, 24\)/);

    // Back on the same address, key and data; an agent created before the page reconnects shows up.
    const again = await startApp({ port: first.port, dataDir: first.dataDir, apiKey: first.apiKey, model: first.model });
    try {
      await again.client().beta.agents.create({ name: 'Made while the page was away', model: 'claude-sonnet-4-6' });
      await status.getByText('Connected', { exact: true }).waitFor({ timeout: 30_000 });
      await page.getByRole('row', { name: /Made while the page was away/ }).waitFor();
      await page.getByText('Dockhand is not answering').waitFor({ state: 'detached' });
      // The failed reconnection attempts are the only errors the page logged.
      expect(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|net::/.test(e))).toEqual([]);
    } finally {
      await page.context().close();
      await again.close();
    }
  }, 120_000);
});

describe('first launch', () => {
  it('offers a sample agent and environment, and opens the agent', async () => {
    const app = await startApp();
    try {
      const { page, errors } = await open(app, '#/agents');
      await page.getByText('No agents yet').waitFor();
      await page.getByRole('button', { name: 'Start from a sample' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sample: code helper' }).waitFor();
      expect(new URL(page.url()).hash).toMatch(/^#\/agents\/agent_/);
      const [agents, envs] = await Promise.all([app.client().beta.agents.list(), app.client().beta.environments.list()]);
      expect(agents.data.map((a) => a.name)).toEqual(['Sample: code helper']);
      expect(agents.data[0]!.tools).toMatchObject([{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }]);
      expect(envs.data[0]).toMatchObject({ name: 'sample-workspace', config: { networking: { type: 'limited', allow_package_managers: true } } });
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await app.close();
    }
  });
});
