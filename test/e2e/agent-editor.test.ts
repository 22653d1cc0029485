// The agent editor in Debian's Chromium against a real `dockhand serve --ui` on a fresh data directory,
// checked through the official SDK: what the form saves is what the API holds, versions diff, a change
// made elsewhere meanwhile is caught on save with nothing typed lost, keyboard only, axe in both themes.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { expectAccessible, focused, openApp, scrollToTop, shots, tabTo } from './editor-rig.ts';

let server: App;
let browser: Browser;

beforeAll(async () => {
  server = await startApp();
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Replaces a code editor's whole text, as a paste would (CodeMirror's auto-closing brackets stay out of it). */
async function replaceCode(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('Control+a');
  await page.keyboard.insertText(text);
}

async function choose(page: Page, select: Locator, option: RegExp | string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
}

const SYSTEM_V1 = 'You answer questions about orders.\nLook the order up before you answer.\nNever promise a refund.';
const ORDER_SCHEMA = {
  type: 'object',
  properties: { order_id: { type: 'string', description: 'The order number, e.g. A-1042' }, include_items: { type: 'boolean' } },
  required: ['order_id'],
};

const idFrom = (url: string) => /#\/agents\/(agent_[A-Za-z0-9]+)/.exec(url)![1]!;

describe('the agent editor', { timeout: 240_000 }, () => {
  let agentId: string;

  it('creates an agent with a custom tool (schema typed in, checked as typed) and bash set to always_ask; the SDK reads back every field', async () => {
    const { page, errors, close } = await openApp(browser, server, '#/agents/new');
    await page.getByRole('heading', { name: 'New agent' }).waitFor();
    await expectAccessible(page, 'new agent');
    await shots(page, 'agent-editor-new');

    await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('Order desk');
    await page.getByRole('textbox', { name: 'Description', exact: true }).first().fill('Answers questions about orders');
    const model = page.getByRole('combobox', { name: 'Model' });
    await model.click();
    await model.fill('claude-haiku-4-5');
    await page.keyboard.press('Enter');
    await choose(page, page.getByRole('combobox', { name: 'Effort' }), 'High');
    await replaceCode(page, page.getByRole('textbox', { name: 'System prompt' }), SYSTEM_V1);
    await expect(page.getByText(/About \d+ tokens/).textContent()).resolves.toMatch(`About ${Math.ceil(SYSTEM_V1.length / 4)} tokens`);

    // Built-in tools: bash asks first, web_search is off.
    await choose(page, page.getByRole('combobox', { name: 'Permission for bash' }), /^Always ask/);
    await page.getByRole('switch', { name: 'Enable web_search' }).click();

    // A custom tool; its schema is checked as it is typed.
    await page.getByRole('button', { name: 'Add custom tool' }).click();
    const tool = page.getByRole('list', { name: 'Custom tools' }).getByRole('listitem').first();
    await tool.getByRole('textbox', { name: 'Name' }).fill('lookup_order');
    await tool.getByRole('textbox', { name: 'Description' }).fill('Finds an order by its number');
    const schema = page.getByRole('textbox', { name: 'Input schema of lookup_order' });
    await replaceCode(page, schema, JSON.stringify({ ...ORDER_SCHEMA, properties: { ...ORDER_SCHEMA.properties, order_id: { type: 'strnig' } } }, null, 2));
    const schemaError = page.getByText(/properties\.order_id\.type: must be equal to one of the allowed values/);
    await schemaError.waitFor();
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await scrollToTop(page.getByText('Input schema', { exact: true }));
    await shots(page, 'agent-editor-schema-error');
    await replaceCode(page, schema, '{ "type": "object", "properties": { "order_id": { "type": "string" } }, "required": "order_id" }');
    await page.getByText(/^required: must be array/).waitFor();
    await replaceCode(page, schema, JSON.stringify(ORDER_SCHEMA, null, 2));
    await expect.poll(() => page.locator('.field-error').count()).toBe(0);

    // An MCP server with one tool set to always_allow, a skill, and metadata.
    await page.getByRole('button', { name: 'Add MCP server' }).click();
    const mcp = page.getByRole('list', { name: 'MCP servers' }).getByRole('listitem').first();
    await mcp.getByRole('textbox', { name: 'Name' }).fill('tickets');
    await mcp.getByRole('textbox', { name: 'Address' }).fill('https://mcp.example.com/mcp');
    await page.getByRole('button', { name: 'Set one tool' }).click();
    await page.getByRole('textbox', { name: 'Tool name' }).fill('create_ticket');
    await choose(page, page.getByRole('combobox', { name: 'Permission for create_ticket' }), /^Always allow/);
    await page.getByRole('button', { name: 'Add skill' }).click();
    await page.getByRole('textbox', { name: 'Id of skill 1' }).fill('xlsx');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByRole('textbox', { name: 'Key of entry 1', exact: true }).fill('team');
    await page.getByRole('textbox', { name: 'Value of team' }).fill('support');
    await expectAccessible(page, 'filled agent form');
    await scrollToTop(page.getByRole('heading', { name: 'Built-in tools' }));
    await shots(page, 'agent-editor-tools');
    await scrollToTop(page.getByRole('heading', { name: 'MCP servers' }));
    await shots(page, 'agent-editor-mcp');
    await scrollToTop(page.getByRole('heading', { name: 'Agent', exact: true }));
    await shots(page, 'agent-editor-form');

    // The JSON view holds the same agent.
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByRole('textbox', { name: 'Agent configuration as JSON' });
    await json.waitFor();
    await shots(page, 'agent-editor-json');
    await page.getByRole('tab', { name: 'Configuration' }).click();

    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/agents\/agent_/);
    agentId = idFrom(page.url());
    await page.getByRole('tab', { name: 'Versions (1)' }).waitFor();

    const agent = await server.client().beta.agents.retrieve(agentId);
    expect({ ...agent, id: undefined, created_at: undefined, updated_at: undefined }).toEqual({
      id: undefined,
      type: 'agent',
      name: 'Order desk',
      description: 'Answers questions about orders',
      model: { id: 'claude-haiku-4-5', effort: { type: 'high' } },
      system: SYSTEM_V1,
      tools: [
        {
          type: 'agent_toolset_20260401',
          default_config: { enabled: true, permission_policy: { type: 'always_allow' } },
          configs: [
            { name: 'bash', type: 'bash', enabled: true, permission_policy: { type: 'always_ask' } },
            { name: 'web_search', type: 'web_search', enabled: false, permission_policy: { type: 'always_allow' } },
          ],
        },
        { type: 'custom', name: 'lookup_order', description: 'Finds an order by its number', input_schema: ORDER_SCHEMA },
        {
          type: 'mcp_toolset',
          mcp_server_name: 'tickets',
          default_config: { enabled: true, permission_policy: { type: 'always_ask' } },
          configs: [{ name: 'create_ticket', enabled: true, permission_policy: { type: 'always_allow' } }],
        },
      ],
      mcp_servers: [{ type: 'url', name: 'tickets', url: 'https://mcp.example.com/mcp' }],
      skills: [{ type: 'anthropic', skill_id: 'xlsx', version: 'latest' }],
      metadata: { team: 'support' },
      execution_identity: { type: 'service_account' },
      multiagent: null,
      version: 1,
      archived_at: null,
      created_at: undefined,
      updated_at: undefined,
    });
    expect(errors).toEqual([]);
    await close();
  });

  it('edits it to v2 and shows the diff of v1 and v2', async () => {
    const { page, errors, close } = await openApp(browser, server, `#/agents/${agentId}`);
    await page.getByRole('heading', { name: 'Order desk' }).waitFor();
    const prompt = page.getByRole('textbox', { name: 'System prompt' });
    await prompt.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nQuote the order number in every answer.');
    await page.getByRole('textbox', { name: 'Description', exact: true }).first().fill('Answers questions about orders and returns');
    await page.getByText('Unsaved changes').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('tab', { name: 'Versions (2)' }).click();

    const system = page.getByRole('table', { name: 'Changes to the system prompt' });
    await expect(system.locator('.diff-ins').allInnerTexts()).resolves.toEqual([expect.stringContaining('Quote the order number in every answer.')]);
    const config = page.getByRole('table', { name: 'Changes to the configuration' });
    // Only the description changed in the rest of the configuration (the API's own key order aside).
    await expect(config.locator('.diff-del').allInnerTexts()).resolves.toEqual([expect.stringContaining('"description": "Answers questions about orders",')]);
    await expect(config.locator('.diff-ins').allInnerTexts()).resolves.toEqual([expect.stringContaining('"description": "Answers questions about orders and returns",')]);
    await expect(page.getByRole('combobox', { name: 'Older version' }).innerText()).resolves.toMatch(/^v1/);
    await expect(page.getByRole('combobox', { name: 'Newer version' }).innerText()).resolves.toMatch(/^v2/);
    await expect(page.getByRole('button', { name: /v2.*changed description, system prompt/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'versions');
    await shots(page, 'agent-editor-versions');

    const v2 = await server.client().beta.agents.retrieve(agentId);
    expect(v2.version).toBe(2);
    expect(v2.system).toBe(`${SYSTEM_V1}\nQuote the order number in every answer.`);
    expect(errors).toEqual([]);
    await close();
  });

  it('keeps the form and the JSON view in step both ways; broken JSON is kept as typed, named, and never saved', async () => {
    const client = server.client();
    const agent = await client.beta.agents.create({ name: 'Round trip', model: 'claude-sonnet-4-6', metadata: { team: 'docs' } });
    const { page, errors, close } = await openApp(browser, server, `#/agents/${agent.id}/json`);
    const json = page.getByRole('textbox', { name: 'Agent configuration as JSON' });
    await json.waitFor();
    const text = JSON.parse(await json.innerText()) as Record<string, unknown>;
    expect(text).toMatchObject({ name: 'Round trip', model: { id: 'claude-sonnet-4-6' }, metadata: { team: 'docs' } });

    // JSON → form.
    await replaceCode(page, json, JSON.stringify({ ...text, name: 'Round trip 2', metadata: { team: 'docs', owner: 'ana' } }, null, 2));
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await expect(page.getByRole('textbox', { name: 'Name', exact: true }).first().inputValue()).resolves.toBe('Round trip 2');
    await expect(page.getByRole('textbox', { name: 'Value of owner' }).inputValue()).resolves.toBe('ana');

    // Form → JSON.
    await page.getByRole('textbox', { name: 'Description', exact: true }).first().fill('Written in the form');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await expect(json.innerText()).resolves.toContain('"description": "Written in the form"');

    // Broken JSON stays as typed, says what is wrong, and the form waits for it.
    await json.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.insertText('\n  "oops": ');
    await page.getByText('This JSON cannot be used yet').waitFor();
    await expect.poll(() => page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await shots(page, 'agent-editor-json-error');
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByText('The JSON view has an error').waitFor();
    await expect(page.getByRole('textbox', { name: 'Name', exact: true }).first().isDisabled()).resolves.toBe(true);
    await page.keyboard.press('Control+s');
    await page.getByRole('tab', { name: 'JSON', selected: true }).waitFor();
    await expect(json.innerText()).resolves.toContain('"oops":');
    expect((await client.beta.agents.retrieve(agent.id)).version).toBe(1);
    await page.getByRole('button', { name: 'Discard JSON edits' }).click();
    await expect(json.innerText()).resolves.not.toContain('"oops":');
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await client.beta.agents.retrieve(agent.id)).version).toBe(2);
    const saved = await client.beta.agents.retrieve(agent.id);
    expect({ name: saved.name, description: saved.description, metadata: saved.metadata }).toEqual({ name: 'Round trip 2', description: 'Written in the form', metadata: { team: 'docs', owner: 'ana' } });
    expect(errors).toEqual([]);
    await close();
  });

  it('catches a change made through the SDK while the editor is open: both versions shown, nothing typed lost', async () => {
    const client = server.client();
    const { page, errors, close } = await openApp(browser, server, `#/agents/${agentId}`);
    await page.getByRole('heading', { name: 'Order desk' }).waitFor();
    const prompt = page.getByRole('textbox', { name: 'System prompt' });
    await prompt.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\nMine: offer to email a receipt.');

    // Someone else saves v3 meanwhile.
    await client.beta.agents.update(agentId, { version: 2, description: 'Changed through the SDK' });

    await page.keyboard.press('Control+s');
    const dialog = page.getByRole('dialog', { name: 'Order desk changed while you were editing' });
    await dialog.waitFor();
    await expect(dialog.innerText()).resolves.toMatch(/You started from v2; v3 was saved since/);
    await expect(dialog.getByRole('table', { name: 'Changes to the system prompt' }).locator('.diff-ins').innerText()).resolves.toContain('Mine: offer to email a receipt.');
    await expect(dialog.getByRole('table', { name: 'Changes to the configuration' }).locator('.diff-del').innerText()).resolves.toContain('Changed through the SDK');
    await expectAccessible(page, 'conflict dialog');
    await shots(page, 'agent-editor-conflict');

    // Merge by hand: theirs beside mine in the JSON view; take their description into mine.
    await dialog.getByRole('button', { name: 'Merge by hand' }).click();
    await page.getByText('Merging with v3').waitFor();
    await page.getByRole('textbox', { name: 'Their version, v3 (read only)' }).waitFor();
    const mine = page.getByRole('textbox', { name: 'Agent configuration as JSON' });
    await expect(mine.innerText()).resolves.toContain('Mine: offer to email a receipt.');
    await shots(page, 'agent-editor-merge');
    const theirs = await client.beta.agents.retrieve(agentId);
    const system = `${SYSTEM_V1}\nQuote the order number in every answer.\nMine: offer to email a receipt.`;
    const { name, description, model, tools, mcp_servers, skills, metadata } = theirs;
    await replaceCode(page, mine, JSON.stringify({ name, description, model, system, tools, mcp_servers, skills, metadata }, null, 2));
    await page.keyboard.press('Control+s');
    await expect.poll(async () => (await client.beta.agents.retrieve(agentId)).version).toBe(4);
    const merged = await client.beta.agents.retrieve(agentId);
    expect(merged.description).toBe('Changed through the SDK');
    expect(merged.system).toBe(system);

    // Again, and this time keep mine over theirs.
    await page.getByRole('tab', { name: 'Configuration' }).click();
    await page.getByRole('textbox', { name: 'Description', exact: true }).first().fill('Mine wins');
    await client.beta.agents.update(agentId, { version: 4, metadata: { team: 'billing', shift: 'night' } });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('dialog', { name: /changed while you were editing/ }).getByRole('button', { name: 'Keep mine and save' }).click();
    await expect.poll(async () => (await client.beta.agents.retrieve(agentId)).version).toBe(6);
    const kept = await client.beta.agents.retrieve(agentId);
    expect(kept.description).toBe('Mine wins');
    expect(kept.metadata).toEqual({ team: 'support' });
    // The browser logs each 409 the API answered (the conflicts this test made); nothing else.
    expect(errors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
    await close();
  });

  it('works from the keyboard alone: create, set bash to always_ask, save, archive', async () => {
    const client = server.client();
    await client.beta.agents.create({ name: 'Another agent', model: 'claude-sonnet-4-6' });
    const { page, errors, close } = await openApp(browser, server, '#/agents');
    await page.getByRole('table', { name: 'Agents' }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New agent' }).waitFor();
    await tabTo(page, page.getByRole('textbox', { name: 'Name', exact: true }).first());
    await page.keyboard.type('Keyboard agent');
    await tabTo(page, page.getByRole('textbox', { name: 'System prompt' }));
    await page.keyboard.type('Typed without a mouse.');
    // Tab leaves the code editor (it does not indent), on to the tool table.
    await tabTo(page, page.getByRole('combobox', { name: 'Permission for bash' }));
    await page.keyboard.press('Enter');
    const current = page.getByRole('option', { name: /^Always allow/ });
    await expect.poll(() => focused(current)).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page.getByRole('option', { name: /^Always ask/ }))).toBe(true);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('combobox', { name: 'Permission for bash' }).innerText()).resolves.toBe('Always ask');
    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/agents\/agent_/);
    const id = idFrom(page.url());
    const saved = await client.beta.agents.retrieve(id);
    expect(saved.name).toBe('Keyboard agent');
    expect(saved.system).toBe('Typed without a mouse.');
    expect(saved.tools).toEqual([
      { type: 'agent_toolset_20260401', default_config: { enabled: true, permission_policy: { type: 'always_allow' } }, configs: [{ name: 'bash', type: 'bash', enabled: true, permission_policy: { type: 'always_ask' } }] },
    ]);

    // Archive: the menu, then the confirmation, by keyboard.
    await page.getByRole('heading', { name: 'Keyboard agent' }).waitFor();
    await tabTo(page, page.getByRole('button', { name: 'More actions' }));
    await page.keyboard.press('Enter');
    // The menu moves focus to its first item once open: keys pressed before that land nowhere.
    await expect.poll(() => focused(page.getByRole('menuitem', { name: 'Copy id' }))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focused(page.getByRole('menuitem', { name: 'Archive…' }))).toBe(true);
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('alertdialog', { name: 'Archive Keyboard agent?' });
    await confirm.waitFor();
    await expect(focused(confirm.getByRole('button', { name: 'Cancel' }))).resolves.toBe(true);
    await expectAccessible(page, 'archive confirmation');
    await shots(page, 'agent-editor-archive');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('This agent is archived').waitFor();
    expect((await client.beta.agents.retrieve(id)).archived_at).not.toBeNull();
    await shots(page, 'agent-editor-archived');

    // Back to the list (G A): archived agents show only when asked for.
    await page.locator('body').press('Escape');
    await page.keyboard.press('g');
    await page.keyboard.press('a');
    const table = page.getByRole('table', { name: 'Agents' });
    await table.waitFor();
    await expect(table.getByRole('row', { name: /Keyboard agent/ }).count()).resolves.toBe(0);
    await tabTo(page, page.getByRole('switch', { name: 'Show archived' }));
    await page.keyboard.press('Space');
    await table.getByRole('row', { name: /Keyboard agent/ }).waitFor();
    expect(errors).toEqual([]);
    await close();
  });

  it('asks before leaving unsaved changes, and starts a session from the editor', async () => {
    const client = server.client();
    const env = await client.beta.environments.create({ name: 'editor-sessions' });
    const agent = await client.beta.agents.create({ name: 'Session starter', model: 'claude-sonnet-4-6' });
    const { page, errors, close } = await openApp(browser, server, `#/agents/${agent.id}`);
    await page.getByRole('heading', { name: 'Session starter' }).waitFor();
    await page.getByRole('textbox', { name: 'Description', exact: true }).first().fill('Not saved yet');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Environments/ }).click();
    const leave = page.getByRole('alertdialog', { name: 'Leave without saving?' });
    await leave.waitFor();
    expect(new URL(page.url()).hash).toBe(`#/agents/${agent.id}`);
    await shots(page, 'agent-editor-leave');
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('textbox', { name: 'Description', exact: true }).first().inputValue()).resolves.toBe('Not saved yet');

    // Starting a session runs the saved agent: the dialog comes with it chosen.
    await page.getByRole('button', { name: 'Start session' }).click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await expect(dialog.getByRole('combobox', { name: 'Agent' }).inputValue()).resolves.toBe('Session starter');
    await dialog.getByRole('combobox', { name: 'Environment' }).click();
    await page.getByRole('option', { name: /editor-sessions/ }).click();
    await dialog.getByRole('button', { name: 'Start session' }).click();
    // Going to the session leaves the editor: it asks first.
    await leave.waitFor();
    await leave.getByRole('button', { name: 'Leave without saving' }).click();
    await page.waitForURL(/#\/sessions\/sesn_/);
    const sessionId = /sesn_[A-Za-z0-9]+/.exec(page.url())![0];
    const session = await client.beta.sessions.retrieve(sessionId);
    expect(session.agent.id).toBe(agent.id);
    expect(session.environment_id).toBe(env.id);
    expect((await client.beta.agents.retrieve(agent.id)).description).toBeNull();
    expect(errors).toEqual([]);
    await close();
  });
});
