// The Skills screen in Debian's Chromium against `dockhand start`, checked through the official SDK: a
// skill uploaded from a folder (webkitdirectory, each file named by its path) and one from a zip dropped on
// the dialog; core's refusals shown in its words with nothing kept; a skill made with the SDK shown live;
// versions uploaded, downloaded as a zip and deleted by the rules (one an agent loads is refused, the skill
// only once it has no versions); the agent editor's picker of uploaded skills saving a pinned version; the
// G K shortcut and the palette; axe and screenshots, light and dark.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toFile } from '@anthropic-ai/sdk';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, startApp, type App } from '../support/app.ts';
import { tempDir } from '../support/serve.ts';
import { unzip, zipOf, zipWithName } from '../support/zips.ts';
import { expectAccessible, openApp, scrollToTop, shots, type AppPage } from './editor-rig.ts';

const skillMd = (name: string, description: string) => `---\nname: ${name}\ndescription: ${description}\n---\n# How\nRun scripts/report.py with the table.\n`;
const CSV_V1 = 'Writes CSV reports from tables. Use when asked for a report.';
const CSV_V2 = 'Writes CSV and TSV reports from tables.';

/** A folder on disk, as a person would pick it: `root/<name>/…`. */
function folder(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

/** Drops `bytes` as a file named `name` on `target`, as a drag from the desktop would. */
async function dropFile(page: Page, target: Locator, name: string, bytes: Buffer): Promise<void> {
  const data = await page.evaluateHandle(
    ({ name, b64 }) => {
      const g = globalThis as unknown as { DataTransfer: new () => { items: { add(f: unknown): void } }; File: new (parts: unknown[], name: string, o: { type: string }) => unknown; atob(s: string): string };
      const raw = g.atob(b64);
      const buf = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) buf[i] = raw.charCodeAt(i);
      const dt = new g.DataTransfer();
      dt.items.add(new g.File([buf], name, { type: 'application/zip' }));
      return dt;
    },
    { name, b64: bytes.toString('base64') },
  );
  await target.dispatchEvent('drop', { dataTransfer: data });
}

const go = (page: Page, hash: string) => page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), hash);

describe('skills in the app', { timeout: 240_000 }, () => {
  let app: App;
  let browser: Browser;
  let ui: AppPage;
  const root = tempDir('dockhand-skills-e2e-');
  const csvDir = folder(root, 'csv-report', { 'SKILL.md': skillMd('csv-report', CSV_V1), 'scripts/report.py': 'print("report")\n' });
  const noSkillMd = folder(root, 'notes', { 'README.md': '# Just notes\n' });
  let csvId: string;
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    ui = await openApp(browser, app, '#/skills');
  }, 120_000);
  afterAll(async () => {
    await ui?.close();
    await browser?.close();
    await app?.close();
  });

  it('says what a skill is when there is none, and is reached by G K and by the palette', async () => {
    const { page } = ui;
    await page.getByText('No skills yet').waitFor();
    await expect(page.getByRole('main').innerText()).resolves.toMatch(/SKILL\.md/);
    await shots(page, 'skills-empty');
    await expectAccessible(page, 'skills, empty');

    await go(page, '#/agents');
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await page.keyboard.press('g');
    await page.keyboard.press('k');
    await page.waitForURL(/#\/skills$/);
    await go(page, '#/agents');
    await page.getByRole('heading', { level: 1, name: 'Agents' }).waitFor();
    await page.keyboard.press('Control+k');
    await page.keyboard.type('go to skills');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/skills$/);
    await page.getByText('No skills yet').waitFor();
  });

  it('uploads a folder by keyboard, with a display name, and opens the new skill', async () => {
    const { page } = ui;
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'Upload a skill' });
    await dialog.waitFor();
    await dialog.getByLabel('Skill folder').setInputFiles(csvDir);
    await dialog.getByText('csv-report/ · 2 files').waitFor();
    await dialog.getByRole('textbox', { name: /Display name/ }).fill('CSV reports');
    await shots(page, 'skill-upload');
    await expectAccessible(page, 'upload dialog with a folder');
    await dialog.getByRole('textbox', { name: /Display name/ }).press('Enter');
    await page.getByRole('heading', { level: 1, name: 'CSV reports' }).waitFor();
    csvId = /#\/skills\/(skill_\w+)/.exec(page.url())![1]!;

    const skill = await app.client().beta.skills.retrieve(csvId);
    expect(skill).toMatchObject({ display_name: 'CSV reports', source: { type: 'custom' } });
    v1 = skill.latest_version_id;
    // Each file arrived under its path in the folder: the version downloads as those files.
    const zip = Buffer.from(await (await app.client().beta.skills.versions.download(v1, { skill_id: csvId })).arrayBuffer());
    expect(await unzip(zip)).toEqual({ 'csv-report/SKILL.md': skillMd('csv-report', CSV_V1), 'csv-report/scripts/report.py': 'print("report")\n' });
    await page.getByRole('row', { name: new RegExp(`csv-report.*${v1}`) }).waitFor();
  });

  it("shows core's refusal in its words and keeps nothing: no SKILL.md, a `..` path in a zip", async () => {
    const { page } = ui;
    await go(page, '#/skills');
    await page.getByRole('row', { name: /CSV reports/ }).waitFor();
    await page.getByRole('button', { name: 'Upload skill' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a skill' });
    await dialog.getByLabel('Skill folder').setInputFiles(noSkillMd);
    await dialog.getByRole('button', { name: 'Upload skill' }).click();
    const refusal = dialog.getByRole('alert');
    await expect.poll(() => refusal.innerText()).toMatch(/The skill was not uploaded; nothing was kept\.\s+a skill's files must all be in one top-level folder with a SKILL\.md directly in it/);
    await shots(page, 'skill-upload-refused');
    await expectAccessible(page, 'upload dialog with a refusal');

    await dialog.getByLabel('Skill zip').setInputFiles({ name: 'escape.zip', mimeType: 'application/zip', buffer: await zipWithName('../escape.txt') });
    await expect.poll(() => refusal.count()).toBe(0);
    await dialog.getByRole('button', { name: 'Upload skill' }).click();
    await expect.poll(() => refusal.innerText()).toMatch(/the zip cannot be read: invalid relative path: \.\.\/escape\.txt/);

    // Past what one inline upload carries, the dialog says so and where to go instead, before sending anything.
    await dialog.getByLabel('Skill zip').setInputFiles({ name: 'huge.zip', mimeType: 'application/zip', buffer: Buffer.alloc(6_000_000) });
    await dialog.getByRole('button', { name: 'Upload skill' }).click();
    await expect.poll(() => refusal.innerText()).toMatch(/huge\.zip · 5\.7 MB is more than the app sends in one upload \(5\.5 MB\)\. Upload it with the API/);
    expect((await app.client().beta.skills.list()).data.map((s) => s.id)).toEqual([csvId]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  });

  it('uploads a zip dropped on the dialog, and shows a skill made with the SDK at once', async () => {
    const { page } = ui;
    await page.getByRole('button', { name: 'Upload skill' }).click();
    const dialog = page.getByRole('dialog', { name: 'Upload a skill' });
    const zip = await zipOf([{ name: 'pdf-notes/SKILL.md', content: skillMd('pdf-notes', 'Takes notes from PDFs.') }]);
    await dropFile(page, dialog.getByTestId('skill-drop-zone'), 'pdf-notes.zip', zip);
    await dialog.getByText(/pdf-notes\.zip ·/).waitFor();
    await dialog.getByRole('button', { name: 'Upload skill' }).click();
    await page.getByRole('heading', { level: 1, name: 'pdf-notes' }).waitFor();

    await go(page, '#/skills');
    await page.getByRole('row', { name: /pdf-notes/ }).waitFor();
    const made = await app.client().beta.skills.create({ files: [await toFile(Buffer.from(skillMd('sql-helper', 'Writes SQL.')), 'sql-helper/SKILL.md')], display_name: 'SQL helper (from the SDK)' });
    await page.getByRole('row', { name: /SQL helper \(from the SDK\)/ }).waitFor();
    await expect.poll(() => page.getByRole('row', { name: /SQL helper/ }).innerText()).toContain('sql-helper');
    await expect(page.getByRole('link', { name: /^Skills/ }).innerText()).resolves.toContain('3');
    await page.getByRole('row', { name: new RegExp(`CSV reports.*csv-report.*${v1}`, 's') }).waitFor();
    await shots(page, 'skills');
    await expectAccessible(page, 'skills list');
    await app.client().beta.skills.versions.delete(made.latest_version_id, { skill_id: made.id });
    await app.client().beta.skills.delete(made.id);
    await expect.poll(() => page.getByRole('row', { name: /SQL helper/ }).count()).toBe(0);
  });

  it('uploads a new version, downloads a version as its zip', async () => {
    const { page } = ui;
    await page.getByRole('link', { name: 'CSV reports' }).click();
    await page.getByRole('heading', { level: 1, name: 'CSV reports' }).waitFor();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog', { name: 'New version of CSV reports' });
    const zip = await zipOf([{ name: 'SKILL.md', content: skillMd('csv-report', CSV_V2) }, { name: 'scripts/report.py', content: 'print("v2")\n' }]);
    await dialog.getByLabel('Skill zip').setInputFiles({ name: 'csv-report-2.zip', mimeType: 'application/zip', buffer: zip });
    await dialog.getByRole('button', { name: 'Upload version' }).click();
    await dialog.waitFor({ state: 'detached' });
    v2 = (await app.client().beta.skills.retrieve(csvId)).latest_version_id;
    expect(v2).not.toBe(v1);
    const latest = page.getByRole('row', { name: new RegExp(`csv-report latest ${v2}`) });
    await latest.waitFor();
    await expect(latest.innerText()).resolves.toContain(CSV_V2);
    await page.getByRole('row', { name: new RegExp(`csv-report ${v1}`) }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download version ${v1}` }).click()]);
    expect(download.suggestedFilename()).toBe('csv-report.zip');
    const saved = join(root, 'downloaded.zip');
    await download.saveAs(saved);
    expect(Object.keys(await unzip(readFileSync(saved))).sort()).toEqual(['csv-report/SKILL.md', 'csv-report/scripts/report.py']);
    await shots(page, 'skill');
    await expectAccessible(page, 'skill page');
  });

  it('picks an uploaded skill and a pinned version in the agent editor; the SDK reads them back', async () => {
    const { page } = ui;
    await go(page, '#/agents/new');
    await page.getByRole('heading', { name: 'New agent' }).waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).first().fill('Reporter');
    await page.getByRole('button', { name: 'Add skill' }).click();
    await page.getByRole('combobox', { name: 'Kind of skill 1' }).click();
    await page.getByRole('option', { name: /^Custom/ }).click();
    const picker = page.getByRole('combobox', { name: 'Skill 1', exact: true });
    await picker.click();
    await page.keyboard.type('CSV');
    await page.getByRole('option', { name: /CSV reports/ }).click();
    await expect(picker.inputValue()).resolves.toBe('CSV reports');
    await page.getByRole('combobox', { name: 'Version of skill 1' }).click();
    await page.getByRole('option', { name: new RegExp(`^${v1}`) }).click();
    await scrollToTop(page.getByRole('heading', { name: 'Skills' }));
    await shots(page, 'agent-editor-skills');
    await expectAccessible(page, 'agent editor with a custom skill');
    await page.keyboard.press('Control+s');
    await page.waitForURL(/#\/agents\/agent_/);
    const agentId = /#\/agents\/(agent_\w+)/.exec(page.url())![1]!;
    const agent = await app.client().beta.agents.retrieve(agentId);
    expect(agent.skills).toEqual([{ type: 'custom', skill_id: csvId, version: v1 }]);
  });

  it('refuses to delete a version an agent loads, with its message; deletes the skill once it has no versions', async () => {
    const { page } = ui;
    await go(page, `#/skills/${csvId}`);
    await page.getByRole('link', { name: 'Reporter' }).waitFor();
    await page.getByRole('button', { name: `Delete version ${v1}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete version' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: `Version ${v1} was not deleted` });
    await expect.poll(() => refusal.innerText()).toMatch(/is loaded by Reporter \(agent_\w+\): change or archive those agents first/);
    await shots(page, 'skill-delete-refused');

    // The skill cannot go while it has versions.
    await page.getByRole('button', { name: 'More skill actions' }).click();
    await expect(page.getByRole('menuitem', { name: /Delete skill/ }).getAttribute('aria-disabled')).resolves.toBe('true');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: `Delete version ${v2}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete version' }).click();
    await expect.poll(() => page.getByRole('row', { name: new RegExp(v2) }).count()).toBe(0);
    await page.getByRole('row', { name: new RegExp(`csv-report latest ${v1}`) }).waitFor();

    // Once no agent loads it, the last version goes, then the skill.
    const agentId = (await app.client().beta.agents.list()).data.find((a) => a.name === 'Reporter')!;
    await app.client().beta.agents.update(agentId.id, { version: agentId.version, skills: [] });
    await page.getByRole('button', { name: `Delete version ${v1}` }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete version' }).click();
    await page.getByText('No versions left').waitFor();
    await shots(page, 'skill-no-versions');
    await page.getByRole('button', { name: 'Delete skill' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete skill' }).click();
    await page.waitForURL(/#\/skills$/);
    await expect.poll(() => page.getByRole('row', { name: /CSV reports/ }).count()).toBe(0);
    await expect(app.client().beta.skills.retrieve(csvId)).rejects.toMatchObject({ status: 404 });
    // The refusals above are 4xx answers, which Chromium logs; nothing else may be.
    expect(ui.errors.filter((e) => !/Failed to load resource: the server responded with a status of 40[04]/.test(e))).toEqual([]);
  });
});
