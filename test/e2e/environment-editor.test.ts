// The environment editor in Debian's Chromium against a real `dockhand serve --ui` on a fresh data
// directory: packages and hosts checked as typed and read back through the official SDK, the plain
// warning of unrestricted networking, a real image build on the Docker engine watched to 100%, a failed
// build explained, delete refused while a session uses the environment, keyboard only, axe in both themes.
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENV_REPO } from '../../electron/core/hands/docker/images.ts';
import { digest, environmentDockerfile, normalizePackages } from '../../electron/core/hands/docker/recipe.ts';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { baseImage, docker, engineUp } from '../hands/sandbox-rig.ts';
import { arrowTo, expectAccessible, focused, openApp, scrollToTop, shots, tabTo } from './editor-rig.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Types into a chip box and presses Enter. */
async function addChip(page: Page, box: Locator, value: string): Promise<void> {
  await box.click();
  await page.keyboard.type(value);
  await page.keyboard.press('Enter');
}

const envIdFrom = (url: string) => /#\/environments\/(env_[A-Za-z0-9]+)/.exec(url)![1]!;

describe('the environment editor', { timeout: 240_000 }, () => {
  let server: App;
  beforeAll(async () => {
    // Explicitly without Docker sandboxes (`start` picks them when an engine answers).
    server = await startApp({ args: ['--hands', 'none'] });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  it('checks packages and hosts as typed, warns in plain words what unrestricted reaches, and saves what the SDK reads back', async () => {
    const { page, errors, close } = await openApp(browser, server, '#/environments/new');
    await page.getByRole('heading', { name: 'New environment' }).waitFor();
    await expectAccessible(page, 'new environment');
    await shots(page, 'environment-editor-new');

    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('python-data');
    await page.getByRole('textbox', { name: 'Description', exact: true }).fill('pandas and friends');
    const hosts = page.getByRole('textbox', { name: 'Allowed hosts' });
    await addChip(page, hosts, 'https://api.github.com/repos');
    await page.getByText('Give the host only, without https://: e.g. api.github.com.').waitFor();
    await page.keyboard.press('Control+a');
    await page.keyboard.press('Backspace');
    await addChip(page, hosts, 'api.github.com');
    await addChip(page, hosts, '*.pythonhosted.org');
    await addChip(page, page.getByRole('textbox', { name: 'apt packages' }), 'git');
    await addChip(page, page.getByRole('textbox', { name: 'apt packages' }), 'jq');
    const pip = page.getByRole('textbox', { name: 'pip packages' });
    await addChip(page, pip, 'pandas;rm');
    await page.getByText(/“pandas;rm” is not a package name/).waitFor();
    await expect(pip.inputValue()).resolves.toBe('pandas;rm');
    await page.keyboard.press('Control+a');
    await page.keyboard.type('requests==2.32.3');
    await page.keyboard.press('Enter');
    await addChip(page, page.getByRole('textbox', { name: 'npm packages' }), 'typescript@5');
    await expect(page.getByRole('list', { name: 'pip packages' }).innerText()).resolves.toBe('requests==2.32.3');
    await expectAccessible(page, 'filled environment form');
    await shots(page, 'environment-editor-form');

    // Unrestricted: the warning says what it reaches and what stays blocked.
    await page.getByRole('radio', { name: /Unrestricted/ }).click();
    const warning = page.getByRole('status').filter({ hasText: 'What unrestricted reaches' });
    await expect(warning.innerText()).resolves.toMatch(/any address on the internet[\s\S]*this computer, your local network, link-local addresses and cloud metadata services/);
    await expectAccessible(page, 'unrestricted warning');
    await scrollToTop(page.getByRole('heading', { name: 'Networking' }));
    await shots(page, 'environment-editor-unrestricted');
    await page.getByRole('radio', { name: /Limited/ }).click();
    await expect(page.getByRole('list', { name: 'Allowed hosts' }).innerText()).resolves.toMatch(/api\.github\.com\s+\*\.pythonhosted\.org/);

    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/environments\/env_/);
    const env = await server.client().beta.environments.retrieve(envIdFrom(page.url()));
    expect({ name: env.name, description: env.description, config: env.config }).toEqual({
      name: 'python-data',
      description: 'pandas and friends',
      config: {
        type: 'cloud',
        networking: { type: 'limited', allowed_hosts: ['api.github.com', '*.pythonhosted.org'], allow_package_managers: true, allow_mcp_servers: false },
        packages: { type: 'packages', apt: ['git', 'jq'], pip: ['requests==2.32.3'], npm: ['typescript@5'], cargo: [], gem: [], go: [] },
      },
    });

    // This app runs without Docker sandboxes: the image card says so, and how to get them, before Build is pressed.
    const notice = page.getByRole('status').filter({ hasText: 'This Dockhand builds no images' });
    await expect(notice.innerText()).resolves.toMatch(/runs its agents’ tools nowhere[\s\S]*Start it with --hands docker/);
    await expect(page.getByRole('button', { name: 'Build image' }).isDisabled()).resolves.toBe(true);
    await shots(page, 'environment-editor-no-docker');
    expect(errors).toEqual([]);
    await close();
  });

  it('works from the keyboard alone', async () => {
    const { page, errors, close } = await openApp(browser, server, '#/environments');
    await page.getByRole('heading', { name: 'Environments', exact: true }).waitFor();
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'New environment' }).waitFor();
    await tabTo(page, page.getByRole('textbox', { name: 'Name', exact: true }));
    await page.keyboard.type('keyboard-env');
    await tabTo(page, page.getByRole('radio', { name: /Limited/ }));
    await arrowTo(page, 'ArrowDown', page.getByRole('radio', { name: /Unrestricted/ }));
    await page.getByText('What unrestricted reaches').waitFor();
    await expect.poll(() => focused(page.getByRole('radio', { name: /Unrestricted/ }))).toBe(true);
    await arrowTo(page, 'ArrowUp', page.getByRole('radio', { name: /Limited/ }));
    await tabTo(page, page.getByRole('textbox', { name: 'Allowed hosts' }));
    await page.keyboard.type('example.com');
    await page.keyboard.press('Enter');
    await tabTo(page, page.getByRole('switch', { name: /The agent’s MCP servers/ }));
    await page.keyboard.press('Space');
    await tabTo(page, page.getByRole('textbox', { name: 'apt packages' }));
    await page.keyboard.type('curl ripgrep');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/environments\/env_/);
    const env = await server.client().beta.environments.retrieve(envIdFrom(page.url()));
    expect(env.config).toEqual({
      type: 'cloud',
      networking: { type: 'limited', allowed_hosts: ['example.com'], allow_package_managers: true, allow_mcp_servers: true },
      packages: { type: 'packages', apt: ['curl', 'ripgrep'], pip: [], npm: [], cargo: [], gem: [], go: [] },
    });
    expect(errors).toEqual([]);
    await close();
  });
});

describe.skipIf(!engineUp)('the environment editor with Docker sandboxes (skipped: no Docker engine answers)', { timeout: 600_000 }, () => {
  let server: App;
  const made: string[] = [];

  /** The tag Dockhand gives an environment's image with these apt packages on the base image. */
  async function envTag(apt: string[]): Promise<string> {
    const from = await baseImage();
    const { Id } = await docker.getImage(from).inspect();
    return `${ENV_REPO}:${digest(Id, environmentDockerfile(from, normalizePackages({ apt }), { addUser: false }))}`;
  }

  beforeAll(async () => {
    await baseImage(); // built once per machine by .ci/run; this test is about the environment's image
    // Only this test makes an image of apt "bc" alone: one left by an earlier run would make the build a cache hit.
    await docker
      .getImage(await envTag(['bc']))
      .remove()
      .catch(() => undefined);
    server = await startApp({ args: ['--hands', 'docker'] });
  }, 600_000);
  afterAll(async () => {
    await server?.close();
    for (const tag of made) await docker.getImage(tag).remove().catch(() => undefined);
  });

  it('builds a limited environment with an apt package: the bar reaches 100%, the log streams, then size and cache state', async () => {
    const client = server.client();
    const { page, errors, close } = await openApp(browser, server, '#/environments/new');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('calculator');
    await addChip(page, page.getByRole('textbox', { name: 'Allowed hosts' }), 'api.github.com');
    await addChip(page, page.getByRole('textbox', { name: 'apt packages' }), 'bc');
    await page.getByRole('button', { name: 'Create environment' }).click();
    await page.waitForURL(/#\/environments\/env_/);
    const envId = envIdFrom(page.url());
    expect((await client.beta.environments.retrieve(envId)).config).toMatchObject({ networking: { type: 'limited', allowed_hosts: ['api.github.com'] }, packages: { apt: ['bc'] } });
    const tag = await envTag(['bc']);
    made.push(tag);

    await page.getByRole('button', { name: 'Build image' }).click();
    await page.getByText('Installing the packages').waitFor({ timeout: 120_000 });
    await expect.poll(() => page.locator('.build-log').innerText(), { timeout: 120_000 }).toMatch(/apt-get/);
    await shots(page, 'environment-editor-building');
    // The values the bar shows, read until the build ends.
    const seen: number[] = [];
    const bar = page.getByRole('progressbar');
    const done = page.getByText('Ready: image built');
    const deadline = Date.now() + 300_000;
    while (!(await done.isVisible())) {
      expect(Date.now(), 'the build did not finish in 5 minutes').toBeLessThan(deadline);
      expect(await page.getByText('The build failed', { exact: true }).count()).toBe(0);
      const v = await bar.getAttribute('aria-valuenow', { timeout: 1000 }).catch(() => null);
      if (v !== null && Number(v) !== seen.at(-1)) seen.push(Number(v));
      await page.waitForTimeout(100);
    }
    seen.push(Number(await bar.getAttribute('aria-valuenow')));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);

    const { Size } = await docker.getImage(tag).inspect();
    const facts = page.locator('.build .facts');
    await expect(facts.innerText()).resolves.toContain(tag);
    await expect(facts.innerText()).resolves.toMatch(new RegExp(`Size\\s+${(Size / 1e6).toFixed(Size >= 1e8 ? 0 : 1)} MB`));
    await expect(facts.innerText()).resolves.toContain('Built now; later sessions start from the cache');
    await expectAccessible(page, 'built environment');
    await shots(page, 'environment-editor-built');

    // Built again: found in the cache.
    await page.getByRole('button', { name: 'Build again' }).click();
    await page.getByText('Ready: found in the cache').waitFor({ timeout: 60_000 });
    await expect(facts.innerText()).resolves.toContain('Already built: nothing to do');

    // Delete is refused while a session uses the environment; archiving is offered instead.
    const agent = await client.beta.agents.create({ name: 'calc', model: 'claude-sonnet-4-6' });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: envId });
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog', { name: 'Delete calculator?' }).getByRole('button', { name: 'Delete environment' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'calculator is used by 1 session and cannot be deleted' });
    await refused.waitFor();
    await expect(refused.innerText()).resolves.toMatch(/Delete those sessions first, or archive the environment/);
    expect((await client.beta.environments.retrieve(envId)).id).toBe(envId);
    await expectAccessible(page, 'delete refused');
    await shots(page, 'environment-editor-delete-refused');
    await refused.getByRole('button', { name: 'Archive instead' }).click();
    await page.getByRole('alertdialog', { name: 'Archive calculator?' }).getByRole('button', { name: 'Archive environment' }).click();
    await page.getByText('This environment is archived').waitFor();
    expect((await client.beta.environments.retrieve(envId)).archived_at).not.toBeNull();

    // Once the session is gone, delete goes through.
    await client.beta.sessions.delete(session.id);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await page.getByRole('alertdialog', { name: 'Delete calculator?' }).getByRole('button', { name: 'Delete environment' }).click();
    await page.waitForURL(/#\/environments$/);
    await expect(client.beta.environments.retrieve(envId)).rejects.toThrow(/not found/i);
    expect(errors.filter((e) => !/status of 409 \(Conflict\)/.test(e))).toEqual([]);
    await close();
  });

  it('says in words why a build failed', async () => {
    const { page, errors, close } = await openApp(browser, server, '#/environments/new');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('typo');
    await addChip(page, page.getByRole('textbox', { name: 'apt packages' }), 'no-such-package-xyz');
    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/environments\/env_/);
    await page.getByRole('button', { name: 'Build image' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'apt has no package named “no-such-package-xyz”' });
    await failed.waitFor({ timeout: 300_000 });
    await expect(failed.locator('pre').innerText()).resolves.toMatch(/Unable to locate package no-such-package-xyz/);
    await expect(page.locator('.progress-label').innerText()).resolves.toBe('The build failed');
    await expectAccessible(page, 'failed build');
    await shots(page, 'environment-editor-build-failed');
    expect(errors).toEqual([]);
    await close();
  });
});
