// The vault in the app, in Debian's Chromium against `dockhand start` with the real OS keychain
// (gnome-keyring under D-Bus, as .ci/run provides): a vault and its credentials made by hand, each
// secret typed once and then found nowhere (not in the page, not in any API answer) but the keychain;
// rotate, archive, delete; a vault chosen when starting a session; the model key set in Settings;
// live lists; keyboard; axe (no serious or critical violation) and screenshots, light and dark; and, with
// no keychain, the plain refusal on both screens.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { keychainUp, keychainValue, NO_KEYCHAIN_ENV } from '../support/keychain.ts';
import { reply, startScriptedModel, type ScriptedModel } from '../support/scripted-model/index.ts';
import { arrowTo, expectAccessible, openApp, shots, tabTo, type AppPage } from './editor-rig.ts';

const unique = (what: string) => `${what}-SENTINEL-${Math.random().toString(36).slice(2)}`;
const TOKEN = unique('mcp-token');
const ROTATED = unique('mcp-rotated');
const ENV_VALUE = unique('env-value');
const FIRST_KEY = unique('sk-ant-first');
const MODEL_KEY = unique('sk-ant-ui');
const SECRETS = [TOKEN, ROTATED, ENV_VALUE, FIRST_KEY, MODEL_KEY];

/** Everything the page holds: its markup, its text, and the value of every field (a typed value lives only there). */
const pageHoldings = (page: Page) =>
  page.evaluate(() => {
    type Doc = { documentElement: { outerHTML: string; innerText: string }; querySelectorAll(s: string): Iterable<{ value: string }> };
    const doc = (globalThis as unknown as { document: Doc }).document;
    return [doc.documentElement.outerHTML, doc.documentElement.innerText, ...[...doc.querySelectorAll('input, textarea')].map((i) => i.value)].join('\n');
  });

describe.skipIf(!keychainUp)('vaults and the model key in the app (skipped: no OS keychain answers)', () => {
  let app: App;
  let scripted: ScriptedModel;
  let browser: Browser;
  let ui: AppPage;
  /** Every API answer the test read, to search for secrets at the end. */
  const answers: unknown[] = [];

  beforeAll(async () => {
    // No ANTHROPIC_API_KEY: the model key is the one set in Settings.
    // The scripted model accepts only the key typed in Settings.
    scripted = await startScriptedModel({ apiKey: MODEL_KEY });
    [app, browser] = await Promise.all([startApp({ model: scripted, env: { ANTHROPIC_API_KEY: '' } }), launchChromium()]);
    ui = await openApp(browser, app, '#/vaults');
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await app?.close();
    await scripted?.close();
  });

  it('creates a vault from the empty list, by keyboard', async () => {
    const { page } = ui;
    await page.getByText('No vaults yet').waitFor();
    await shots(page, 'vaults-empty');
    await expectAccessible(page, 'vaults, empty');
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New vault' });
    await dialog.waitFor();
    await page.keyboard.type('Work');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Work' }).waitFor();
    expect(page.url()).toMatch(/#\/vaults\/vlt_/);
    await page.getByText('No credentials yet').waitFor();
  });

  it('adds an MCP token and an environment variable: each value goes to the keychain and is never shown again', async () => {
    const { page } = ui;
    const vaultId = /#\/vaults\/(vlt_\w+)/.exec(page.url())![1]!;

    await page.getByRole('button', { name: 'Add credential' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a credential' });
    await dialog.getByLabel('Name').fill('Linear');
    await dialog.getByLabel('MCP server').fill('https://mcp.linear.example/mcp');
    // Submitting without the token says what is missing, and adds nothing.
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await dialog.getByText('Give the value.', { exact: false }).waitFor();
    await dialog.getByLabel('Token').fill(TOKEN);
    expect(await dialog.getByLabel('Token').getAttribute('type')).toBe('password');
    await shots(page, 'vault-add-credential');
    await expectAccessible(page, 'add credential dialog');
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Linear/ }).waitFor();

    // Environment variable, by keyboard: kind chosen with the arrows, a host typed as a chip.
    await page.getByRole('button', { name: 'Add credential' }).first().click();
    await dialog.waitFor();
    await tabTo(page, dialog.getByRole('radio', { name: /MCP bearer token/ }));
    for (const next of [/MCP OAuth/, /Environment variable/]) await arrowTo(page, 'ArrowDown', dialog.getByRole('radio', { name: next }));
    await dialog.getByLabel('Variable').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.type('SERVICE_TOKEN');
    await page.keyboard.press('Tab');
    await page.keyboard.type(ENV_VALUE);
    await page.keyboard.press('Tab');
    await page.keyboard.type('api.example.com');
    await page.keyboard.press('Enter');
    await dialog.getByText('api.example.com').waitFor();
    await dialog.getByRole('button', { name: 'Add credential' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /SERVICE_TOKEN/ }).waitFor();

    const credentials = await app.client().beta.vaults.credentials.list(vaultId);
    answers.push(credentials);
    expect(credentials.data.map((c) => c.auth.type).sort()).toEqual(['environment_variable', 'static_bearer']);
    const bearer = credentials.data.find((c) => c.auth.type === 'static_bearer')!;
    const env = credentials.data.find((c) => c.auth.type === 'environment_variable')!;
    expect(bearer).toMatchObject({ display_name: 'Linear', auth: { mcp_server_url: 'https://mcp.linear.example/mcp' } });
    expect(env.auth).toMatchObject({ secret_name: 'SERVICE_TOKEN', networking: { type: 'limited', allowed_hosts: ['api.example.com'] } });
    expect(JSON.parse((await keychainValue(app.dataDir, `credential/${bearer.id}`))!)).toEqual({ token: TOKEN });
    expect(JSON.parse((await keychainValue(app.dataDir, `credential/${env.id}`))!)).toEqual({ secret_value: ENV_VALUE });
    const holdings = await pageHoldings(page);
    for (const secret of [TOKEN, ENV_VALUE]) expect(holdings).not.toContain(secret);
  });

  it('rotates a secret: the new value replaces the old in the keychain, and shows nowhere', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Rotate Linear' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rotate Linear' });
    await dialog.getByLabel('New token').fill(ROTATED);
    await dialog.getByRole('button', { name: 'Replace secret' }).click();
    await dialog.waitFor({ state: 'detached' });
    const vaultId = /#\/vaults\/(vlt_\w+)/.exec(page.url())![1]!;
    const bearer = (await app.client().beta.vaults.credentials.list(vaultId)).data.find((c) => c.auth.type === 'static_bearer')!;
    answers.push(bearer);
    await expect.poll(async () => JSON.parse((await keychainValue(app.dataDir, `credential/${bearer.id}`))!)).toEqual({ token: ROTATED });
    expect(await pageHoldings(page)).not.toContain(ROTATED);
  });

  it('shows a vault made elsewhere at once, and a session started with it under "Sessions using this vault"', async () => {
    const { page } = ui;
    const client = app.client();
    const vaultId = /#\/vaults\/(vlt_\w+)/.exec(page.url())![1]!;
    await page.getByRole('link', { name: 'Vaults', exact: true }).first().click();
    await page.getByRole('row', { name: /Work/ }).waitFor();
    const other = await client.beta.vaults.create({ display_name: 'Personal (from the SDK)' });
    await page.getByRole('row', { name: /Personal \(from the SDK\)/ }).waitFor();

    const agent = await client.beta.agents.create({ name: 'Vault user', model: 'claude-sonnet-4-6' });
    const env = await client.beta.environments.create({ name: 'vault-env' });
    await page.getByRole('link', { name: /^Sessions/ }).first().click();
    await page.getByRole('button', { name: 'New session' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New session' });
    await dialog.getByRole('combobox', { name: 'Agent' }).fill('Vault user');
    await page.getByRole('option', { name: /Vault user/ }).click();
    await dialog.getByRole('combobox', { name: 'Environment' }).fill('vault-env');
    await page.getByRole('option', { name: /vault-env/ }).click();
    await dialog.getByRole('combobox', { name: 'Vault' }).click();
    await page.getByRole('option', { name: 'Work' }).click();
    await dialog.getByRole('button', { name: 'Start session' }).click();
    await page.waitForURL(/#\/sessions\/sesn_/);
    const sessionId = /#\/sessions\/(sesn_\w+)/.exec(page.url())![1]!;
    expect((await client.beta.sessions.retrieve(sessionId)).vault_ids).toEqual([vaultId]);
    expect((await client.beta.sessions.retrieve(sessionId)).agent.id).toBe(agent.id);
    expect((await client.beta.sessions.retrieve(sessionId)).environment_id).toBe(env.id);

    await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/vaults/${vaultId}`);
    await page.getByRole('heading', { name: 'Sessions using this vault' }).waitFor();
    await page.locator('.link-rows').getByRole('link', { name: sessionId }).waitFor();
    await shots(page, 'vault');
    await expectAccessible(page, 'vault');
    await page.getByRole('link', { name: 'Vaults', exact: true }).first().click();
    await page.getByRole('row', { name: /Personal/ }).waitFor();
    await shots(page, 'vaults');
    await expectAccessible(page, 'vaults');
    await client.beta.vaults.delete(other.id);
    await page.getByRole('row', { name: /Personal/ }).waitFor({ state: 'detached' });
  });

  it('archives and deletes a credential, asking first', async () => {
    const { page } = ui;
    await page.getByRole('row', { name: /Work/ }).getByRole('link').click();
    await page.getByRole('button', { name: 'More actions for SERVICE_TOKEN' }).click();
    await page.getByRole('menuitem', { name: 'Archive' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Archive credential' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /archived/ }).waitFor();
    const vaultId = /#\/vaults\/(vlt_\w+)/.exec(page.url())![1]!;
    const env = (await app.client().beta.vaults.credentials.list(vaultId, { include_archived: true })).data.find((c) => c.auth.type === 'environment_variable')!;
    expect(env.archived_at).not.toBeNull();
    // Archiving removed its secret from the keychain.
    expect(await keychainValue(app.dataDir, `credential/${env.id}`)).toBeNull();

    await page.getByRole('button', { name: 'More actions for Linear' }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete credential' }).click();
    // (While the dialog is open the page behind it is hidden from the accessibility tree: wait for it to go first.)
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Linear/ }).waitFor({ state: 'detached' });
    expect((await app.client().beta.vaults.credentials.list(vaultId, { include_archived: true })).data.map((c) => [c.id, c.display_name, c.archived_at])).toEqual([[env.id, null, env.archived_at]]);
  });

  it('sets, replaces and removes the model key in Settings: write-only, and used for the model', async () => {
    const { page } = ui;
    await page.keyboard.press('g');
    await page.keyboard.press(',');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    const model = page.locator('section', { has: page.getByRole('heading', { name: 'Model', exact: true }) });
    await model.getByText('Not set').waitFor();
    await model.getByLabel('Model API key').fill(FIRST_KEY);
    await model.getByRole('button', { name: 'Save key' }).click();
    await model.getByText('Set, in the OS keychain').waitFor();
    expect(await model.getByLabel('Replace the key').inputValue()).toBe('');
    expect(await keychainValue(app.dataDir, 'model-api-key')).toBe(FIRST_KEY);
    await model.getByLabel('Replace the key').fill(MODEL_KEY);
    await model.getByRole('button', { name: 'Replace key' }).click();
    await expect.poll(() => keychainValue(app.dataDir, 'model-api-key')).toBe(MODEL_KEY);
    await expect.poll(() => model.getByLabel('Replace the key').inputValue()).toBe('');
    expect(await keychainValue(app.dataDir, 'model-api-key')).toBe(MODEL_KEY);
    const status = await app.client().get('/v1/dockhand/settings/model_key');
    answers.push(status, await app.client().get('/v1/dockhand/status'));
    expect(status).toMatchObject({ configured: true, source: 'keychain', stored: true });
    expect(await pageHoldings(page)).not.toContain(MODEL_KEY);
    await page.locator('.statusbar').getByText('Model key set').waitFor();
    await shots(page, 'settings-model-key');
    await expectAccessible(page, 'settings with a model key');

    // The key reaches the model: a session's turn goes through with it (the scripted model refuses any other).
    const client = app.client();
    const agent = await client.beta.agents.create({ name: 'Keyed', model: 'claude-sonnet-4-6' });
    const env = await client.beta.environments.create({ name: 'keyed-env' });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    scripted.enqueue(reply('Hello from the keychain key.'));
    await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] });
    await expect.poll(async () => (await client.beta.sessions.events.list(session.id)).data.map((e) => (e.type === 'session.error' ? `${e.type}: ${e.error.message}` : e.type)), { timeout: 15_000 }).toContain('agent.message');

    await model.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove key' }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'detached' });
    await model.getByText('Not set').waitFor();
    expect(await keychainValue(app.dataDir, 'model-api-key')).toBeNull();
  });

  it('never showed a secret in an API answer or the page', async () => {
    const everything = JSON.stringify(answers);
    expect(everything).toContain('Linear');
    for (const secret of SECRETS) {
      expect(everything).not.toContain(secret);
      expect(await pageHoldings(ui.page)).not.toContain(secret);
    }
    expect(ui.errors).toEqual([]);
  });
});

describe('without a keychain', () => {
  let app: App;
  let browser: Browser;
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('says so on the Vaults screen and in Settings, and a credential is refused in one clear line, nothing stored', async () => {
    [app, browser] = await Promise.all([startApp({ env: { ...NO_KEYCHAIN_ENV, ANTHROPIC_API_KEY: '' } }), launchChromium()]);
    const { page, errors, close } = await openApp(browser, app, '#/vaults');
    try {
      await page.getByText('No OS keychain answers: secrets cannot be stored').waitFor();
      // A vault holds no secret itself; its credentials do.
      await page.getByRole('button', { name: 'New vault' }).first().click();
      await page.getByRole('dialog', { name: 'New vault' }).getByLabel('Name').fill('Nowhere');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Nowhere' }).waitFor();
      await page.getByRole('button', { name: 'Add credential' }).first().click();
      const dialog = page.getByRole('dialog', { name: 'Add a credential' });
      await dialog.getByLabel('MCP server').fill('https://mcp.example.com/mcp');
      await dialog.getByLabel('Token').fill(TOKEN);
      await dialog.getByRole('button', { name: 'Add credential' }).click();
      await dialog.getByRole('alert').filter({ hasText: 'No OS keychain answers' }).waitFor();
      const vaultId = /#\/vaults\/(vlt_\w+)/.exec(page.url())![1]!;
      expect((await app.client().beta.vaults.credentials.list(vaultId, { include_archived: true })).data).toEqual([]);
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      await page.keyboard.press('g');
      await page.keyboard.press(',');
      await page.getByText('No OS keychain answers: a key cannot be saved').waitFor();
      await expect.poll(() => page.getByLabel('Model API key').isDisabled()).toBe(true);
      // The refused request is the only error the page logs.
      expect(errors.filter((e) => !e.includes('400'))).toEqual([]);
    } finally {
      await close();
    }
  });
});
