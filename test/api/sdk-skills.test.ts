// The Skills API with the official SDK against a real `dockhand serve`: skills made from a folder's files
// or a zip, versions (each immutable, downloadable as a zip), deletion rules, agents that name them; and
// hostile uploads (no SKILL.md, `..` paths, absolute paths, links, zip bombs, bad frontmatter), each a clear
// 4xx with nothing written outside the data directory and the store intact.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError, shutDown, uniqueName } from '../support/fixtures.ts';
import { serve, type Served } from '../support/serve.ts';
import { integrityCheck, readDb } from '../support/store-file.ts';
import { unzip, zipOf, zipWithName } from '../support/zips.ts';

const skillMd = (name: string | null, description: string | null, body = '# How\nRun scripts/report.py.\n') =>
  `---\n${name ? `name: ${name}\n` : ''}${description ? `description: ${description}\n` : ''}---\n${body}`;
const file = (content: string | Buffer, path: string) => toFile(Buffer.from(content), path);

describe('Skills API (official SDK)', () => {
  let server: Served;
  let c: Anthropic;
  // The server's TMPDIR: nothing of an upload may be written there (or anywhere outside its data directory).
  const tmp = mkdtempSync(join(tmpdir(), 'dockhand-skills-tmp-'));

  beforeAll(async () => {
    server = await serve({ env: { TMPDIR: tmp } });
    c = server.client();
  });
  afterAll(async () => {
    expect(readdirSync(tmp).filter((n) => !n.startsWith('tsx-'))).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
    expect(await shutDown(server)).toBe(0);
  });

  it("creates a skill from a folder's files; a new version from a zip; each version downloads as the files it was made of", async () => {
    const skill = await c.beta.skills.create({
      files: [await file(skillMd('csv-report', 'Writes CSV reports from tables. Use when asked for a report.'), 'csv-report/SKILL.md'), await file('print("report")\n', 'csv-report/scripts/report.py')],
    });
    expect(skill).toEqual({
      id: expect.stringMatching(/^skill_[A-Za-z0-9]+$/),
      type: 'skill',
      display_name: 'csv-report',
      source: { type: 'custom' },
      latest_version_id: expect.stringMatching(/^\d+$/),
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(await c.beta.skills.retrieve(skill.id)).toEqual(skill);
    const v1 = await c.beta.skills.versions.retrieve(skill.latest_version_id, { skill_id: skill.id });
    expect(v1).toEqual({ id: skill.latest_version_id, type: 'skill_version', skill_id: skill.id, name: 'csv-report', description: 'Writes CSV reports from tables. Use when asked for a report.', created_at: expect.any(String) });

    // A second version from a zip with SKILL.md at its top (the name comes from its frontmatter).
    const zip = await zipOf([{ name: 'SKILL.md', content: skillMd('csv-report', 'Writes CSV and TSV reports.') }, { name: 'scripts/report.py', content: 'print("v2")\n' }]);
    const v2 = await c.beta.skills.versions.create(skill.id, { files: [await toFile(zip, 'csv-report.zip', { type: 'application/zip' })] });
    expect(v2).toMatchObject({ skill_id: skill.id, name: 'csv-report', description: 'Writes CSV and TSV reports.' });
    expect(BigInt(v2.id)).toBeGreaterThan(BigInt(v1.id));
    expect((await c.beta.skills.retrieve(skill.id)).latest_version_id).toBe(v2.id);
    const versions = [];
    for await (const v of c.beta.skills.versions.list(skill.id, { limit: 1 })) versions.push(v.id);
    expect(versions).toEqual([v2.id, v1.id]);

    const download = async (version: string) => unzip(Buffer.from(await (await c.beta.skills.versions.download(version, { skill_id: skill.id })).arrayBuffer()));
    expect(await download(v1.id)).toEqual({ 'csv-report/SKILL.md': skillMd('csv-report', 'Writes CSV reports from tables. Use when asked for a report.'), 'csv-report/scripts/report.py': 'print("report")\n' });
    expect(await download(v2.id)).toEqual({ 'csv-report/SKILL.md': skillMd('csv-report', 'Writes CSV and TSV reports.'), 'csv-report/scripts/report.py': 'print("v2")\n' });

    // A skill's name never changes.
    const renamed = await expectApiError(c.beta.skills.versions.create(skill.id, { files: [await file(skillMd('other-name', 'x'), 'other-name/SKILL.md')] }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(renamed.message).toContain('csv-report');

    // Deleting: versions first (the latest moves back), then the skill; its folder goes from the data directory.
    await expectApiError(c.beta.skills.delete(skill.id), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(await c.beta.skills.versions.delete(v2.id, { skill_id: skill.id })).toEqual({ id: v2.id, type: 'skill_version_deleted' });
    expect((await c.beta.skills.retrieve(skill.id)).latest_version_id).toBe(v1.id);
    await expectApiError(c.beta.skills.versions.retrieve(v2.id, { skill_id: skill.id }), Anthropic.NotFoundError, 404, 'not_found_error');
    await c.beta.skills.versions.delete(v1.id, { skill_id: skill.id });
    expect(await c.beta.skills.delete(skill.id)).toEqual({ id: skill.id, type: 'skill_deleted' });
    await expectApiError(c.beta.skills.retrieve(skill.id), Anthropic.NotFoundError, 404, 'not_found_error');
    expect(existsSync(join(server.dataDir, 'skills', skill.id))).toBe(false);
  });

  it('lists skills newest first, page by page, with a display name given at creation; none of Anthropic\'s are local', async () => {
    const a = await c.beta.skills.create({ files: [await file(skillMd(null, 'First.'), 'first-skill/SKILL.md')], display_name: 'My first skill' });
    const b = await c.beta.skills.create({ files: [await file(skillMd('second-skill', 'Second.'), 'SKILL.md')] });
    expect(a.display_name).toBe('My first skill');
    expect((await c.beta.skills.versions.retrieve(a.latest_version_id, { skill_id: a.id })).name).toBe('first-skill'); // from its folder
    const ids = [];
    for await (const s of c.beta.skills.list({ limit: 1 })) ids.push(s.id);
    expect(ids.slice(0, 2)).toEqual([b.id, a.id]);
    expect((await c.beta.skills.list({ source: 'anthropic' })).data).toEqual([]);
    await expectApiError(c.beta.skills.list({ source: 'elsewhere' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });

  it("agents name skills that exist; a version an agent loads is not deleted from under it", async () => {
    const skill = await c.beta.skills.create({ files: [await file(skillMd('lint-fixer', 'Fixes lint errors.'), 'lint-fixer/SKILL.md')] });
    const missing = await expectApiError(
      c.beta.agents.create({ name: uniqueName('agent'), model: 'claude-sonnet-4-6', skills: [{ type: 'custom', skill_id: 'skill_doesnotexist' }] }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    expect(missing.message).toContain('skill_doesnotexist');
    await expectApiError(
      c.beta.agents.create({ name: uniqueName('agent'), model: 'claude-sonnet-4-6', skills: [{ type: 'custom', skill_id: skill.id, version: '123' }] }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    const agent = await c.beta.agents.create({ name: uniqueName('fixer'), model: 'claude-sonnet-4-6', skills: [{ type: 'custom', skill_id: skill.id }] });
    expect(agent.skills).toEqual([{ type: 'custom', skill_id: skill.id, version: 'latest' }]);

    const inUse = await expectApiError(c.beta.skills.versions.delete(skill.latest_version_id, { skill_id: skill.id }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(inUse.message).toContain(agent.name);
    await c.beta.agents.archive(agent.id);
    await c.beta.skills.versions.delete(skill.latest_version_id, { skill_id: skill.id });
  });

  it('refuses hostile or broken uploads with a clear 4xx; nothing is written outside the data directory and the store is intact', async () => {
    const before = (await c.beta.skills.list({ limit: 100 })).data;
    const versionCount = () => readDb(server.dataDir, (db) => db.prepare('SELECT count(*) AS n FROM skill_versions').get());
    const versionsBefore = versionCount();
    const good = (name = 'ok-skill') => file(skillMd(name, 'Fine.'), `${name}/SKILL.md`);
    const zipFile = async (bytes: Buffer) => [await toFile(bytes, 'skill.zip', { type: 'application/zip' })];
    const cases: [string, () => Promise<Anthropic.Beta.SkillCreateParams['files']>, RegExp][] = [
      ['no SKILL.md', async () => [await file('print(1)', 'tool/run.py')], /SKILL\.md/],
      ['two top-level folders', async () => [await good(), await file('x', 'elsewhere/x.txt')], /one top-level folder/],
      ['a `..` path', async () => [await good(), await file('escaped', 'ok-skill/../../evil.txt')], /not a relative path/],
      ['an absolute path', async () => [await file(skillMd('abs', 'x'), '/tmp/abs/SKILL.md')], /not a relative path/],
      ['the same path twice', async () => [await good(), await good()], /twice/],
      ['no description', async () => [await file(skillMd('quiet', null), 'quiet/SKILL.md')], /description/],
      ['no frontmatter', async () => [await file('# just text', 'plain/SKILL.md')], /frontmatter/],
      ['a name that is not kebab-case', async () => [await file(skillMd('My Skill', 'x'), 'SKILL.md')], /kebab-case/],
      ['a zip with a `..` entry', async () => zipFile(await zipWithName('ok-skill/../../evil.txt')), /invalid relative path/],
      ['a zip with an absolute entry', async () => zipFile(await zipWithName('/tmp/evil.txt')), /absolute path/],
      ['a zip with a symbolic link', async () => zipFile(await zipOf([{ name: 'ok-skill/SKILL.md', content: skillMd('ok-skill', 'x') }, { name: 'ok-skill/passwd', content: '/etc/passwd', mode: 0o120777 }])), /symbolic link/],
      ['a zip cut short', async () => zipFile((await zipOf([{ name: 'ok-skill/SKILL.md', content: skillMd('ok-skill', 'x') }])).subarray(0, 40)), /zip cannot be read/],
    ];
    for (const [what, files, message] of cases) {
      const err = await expectApiError(c.beta.skills.create({ files: await files() }), Anthropic.BadRequestError, 400, 'invalid_request_error');
      expect(err.message, what).toMatch(message);
    }
    // A zip bomb: 40 MB of zeros in a few kilobytes; refused by what it declares before it is inflated.
    const bomb = await zipOf([{ name: 'ok-skill/SKILL.md', content: skillMd('ok-skill', 'x') }, { name: 'ok-skill/zeros.bin', content: Buffer.alloc(40_000_000) }]);
    expect(bomb.length).toBeLessThan(200_000);
    const big = await expectApiError(c.beta.skills.create({ files: await zipFile(bomb) }), Anthropic.APIError, 413, 'request_too_large');
    expect(big.message).toContain('unzipped');

    expect((await c.beta.skills.list({ limit: 100 })).data).toEqual(before);
    expect(versionCount()).toEqual(versionsBefore);
    expect(integrityCheck(server.dataDir)).toBe('ok');
    expect(readdirSync(join(server.dataDir, 'skills', 'staging'))).toEqual([]);
    expect(readdirSync(join(server.dataDir, 'files', 'staging'))).toEqual([]);
    for (const dir of [server.dataDir, dirname(server.dataDir), tmp]) expect(existsSync(join(dir, 'evil.txt'))).toBe(false);
  });
});
