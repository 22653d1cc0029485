// Files in the Docker sandbox, through the local API (official SDK, scripted model, `serve --hands docker`):
// an uploaded file mounted read-only as a session resource and read by a tool call; a file added to a
// session whose sandbox runs, seen at the next call (which says the sandbox was remade); what the agent
// writes to /mnt/session/outputs downloaded through the Files API once the sandbox is released; a private
// repository added to a running session, refused with a wrong token and cloned once the token is rotated.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { lastToolResults, reply, toolUse } from '../support/scripted-model/index.ts';
import { gitServer } from './git-server.ts';
import { baseImage, containersOf, engineUp } from './sandbox-rig.ts';

const resultText = (e: { type: string }) => JSON.stringify((e as { content?: unknown }).content);

describe.skipIf(!engineUp)('files in the Docker sandbox (skipped: no Docker engine answers)', () => {
  let rig: BrainRig;
  beforeAll(async () => {
    await baseImage();
    rig = await brainRig({ args: ['--hands', 'docker'] });
  });
  afterAll(async () => rig?.close());

  async function newSession(resources: Parameters<BrainRig['client']['beta']['sessions']['create']>[0]['resources'] = []) {
    const c = rig.client;
    const agent = await c.beta.agents.create({ name: 'reader', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
    const env = await c.beta.environments.create({ name: `env-${Math.random()}` });
    return c.beta.sessions.create({ agent: agent.id, environment_id: env.id, resources });
  }

  it('an uploaded file is mounted read-only at its path, and a tool call reads it', async () => {
    const c = rig.client;
    const file = await c.beta.files.upload({ file: await toFile(Buffer.from('quarterly numbers: 42\n'), 'numbers.txt') });
    const session = await newSession([{ type: 'file', file_id: file.id }, { type: 'file', file_id: file.id, mount_path: '/workspace/data/n.txt' }]);
    expect(session.resources.map((r) => r.mount_path)).toEqual([`/mnt/session/uploads/${file.id}`, '/workspace/data/n.txt']);

    rig.model.enqueue(
      reply([toolUse('bash', { command: `cat /mnt/session/uploads/${file.id} /workspace/data/n.txt` })]),
      reply([toolUse('read', { file_path: '/workspace/data/n.txt' })]),
      reply([toolUse('bash', { command: `echo changed > /mnt/session/uploads/${file.id}` })]),
      (req) => reply(`done: ${lastToolResults(req).length}`),
    );
    const { events, idle } = await turn(c, session.id, [say('read the numbers')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(results).toHaveLength(3);
    expect(resultText(results[0]!)).toContain('quarterly numbers: 42\\nquarterly numbers: 42');
    expect(resultText(results[1]!)).toContain('quarterly numbers: 42');
    // Read-only: the agent cannot change the file.
    expect((results[2] as { is_error?: boolean }).is_error).toBe(true);
    expect(resultText(results[2]!)).toMatch(/Read-only file system|Permission denied/);
    expect(await (await c.beta.files.download(file.id)).text()).toBe('quarterly numbers: 42\n');
  });

  it('a file added to a session whose sandbox runs is there at the next tool call, in a new sandbox that says so', async () => {
    const c = rig.client;
    const session = await newSession();
    rig.model.enqueue(reply([toolUse('bash', { command: 'echo first > /workspace/scratch.txt && echo ok' })]), reply('ready'));
    await turn(c, session.id, [say('start')]);
    const [before] = await containersOf(session.id);
    expect(before?.State).toBe('running');

    const file = await c.beta.files.upload({ file: await toFile(Buffer.from('late addition'), 'late.txt') });
    const added = await c.beta.sessions.resources.add(session.id, { type: 'file', file_id: file.id, mount_path: '/workspace/late.txt' });
    expect(added).toMatchObject({ type: 'file', file_id: file.id, mount_path: '/workspace/late.txt' });

    rig.model.enqueue(reply([toolUse('bash', { command: 'cat /workspace/late.txt' })]), reply('read it'));
    const { events } = await turn(c, session.id, [say('read the new file')]);
    const result = events.find((e) => e.type === 'agent.tool_result')!;
    expect(resultText(result)).toContain('late addition');
    expect(resultText(result)).toContain("was stopped to mount the session's changed resources");
    const [after] = await containersOf(session.id);
    expect(after?.Id).not.toBe(before?.Id);
  });

  it("what the agent writes to /mnt/session/outputs becomes files of its session when the sandbox is released", async () => {
    const c = rig.client;
    const session = await newSession();
    rig.model.enqueue(
      reply([toolUse('bash', { command: 'mkdir -p /mnt/session/outputs/charts && printf "a,b\\n1,2\\n" > /mnt/session/outputs/report.csv && echo png > /mnt/session/outputs/charts/plot.png && ln -s /etc/passwd /mnt/session/outputs/link' })]),
      reply('written'),
    );
    await turn(c, session.id, [say('write a report')]);
    // Nothing yet: the sandbox still runs.
    expect((await c.beta.files.list({ scope_id: session.id })).data).toEqual([]);

    await c.beta.sessions.archive(session.id); // stops the sandbox
    await expect.poll(async () => (await c.beta.files.list({ scope_id: session.id })).data.length, { timeout: 20_000 }).toBe(2);
    const files = (await c.beta.files.list({ scope_id: session.id })).data;
    const report = files.find((f) => f.filename === 'report.csv')!;
    expect(report).toMatchObject({ mime_type: 'text/csv', size_bytes: 8, scope: { type: 'session', id: session.id }, downloadable: true });
    expect(await (await c.beta.files.download(report.id)).text()).toBe('a,b\n1,2\n');
    expect(files.map((f) => f.filename).sort()).toEqual(['plot.png', 'report.csv']); // the link was not followed
    // Only this session's files are in its scope.
    expect((await c.beta.files.list()).data.length).toBeGreaterThan(files.length);
  });

  it('a repository added to a running session is cloned at the next tool call; a rotated token replaces a refused one and is never returned', async () => {
    const c = rig.client;
    const TOKEN = `rotated-sentinel-${Math.random().toString(36).slice(2)}`;
    const repo = await gitServer('acme', 'widgets', TOKEN);
    try {
      const session = await newSession();
      rig.model.enqueue(reply([toolUse('bash', { command: 'echo up' })]), reply('ready'));
      await turn(c, session.id, [say('start')]);

      // A repository with a wrong token: the next tool call says the server refused it.
      const added = await c.beta.sessions.resources.add(session.id, { type: 'github_repository', url: repo.url, authorization_token: 'wrong-token', mount_path: '/workspace/widgets' } as never);
      rig.model.enqueue(reply([toolUse('bash', { command: 'cat /workspace/widgets/README.md' })]), reply('refused'));
      const refused = (await turn(c, session.id, [say('read it')])).events.find((e) => e.type === 'agent.tool_result')!;
      expect((refused as { is_error?: boolean }).is_error).toBe(true);
      expect(resultText(refused)).toContain('refused access');

      // The token rotated through update: the next call clones with it.
      const rotated = await c.beta.sessions.resources.update(added.id, { session_id: session.id, authorization_token: TOKEN });
      expect(JSON.stringify(rotated)).not.toContain(TOKEN);
      rig.model.enqueue(reply([toolUse('bash', { command: 'cat /workspace/widgets/README.md' })]), reply('read'));
      const read = (await turn(c, session.id, [say('read it again')])).events.find((e) => e.type === 'agent.tool_result')!;
      expect((read as { is_error?: boolean }).is_error).toBeFalsy();
      expect(resultText(read)).toContain('second version');
      const everything = JSON.stringify([await c.beta.sessions.retrieve(session.id), (await c.beta.sessions.resources.list(session.id)).data, (await c.beta.sessions.events.list(session.id)).data]);
      expect(everything).not.toContain(TOKEN);

      // Removed from the session: gone from the next sandbox, and its clone from the data directory.
      const clone = join(rig.server.dataDir, 'resources', session.id, added.id);
      expect(existsSync(clone)).toBe(true);
      await c.beta.sessions.resources.delete(added.id, { session_id: session.id });
      rig.model.enqueue(reply([toolUse('bash', { command: 'ls /workspace/widgets 2>&1; true' })]), reply('gone'));
      const after = (await turn(c, session.id, [say('look again')])).events.find((e) => e.type === 'agent.tool_result')!;
      expect(resultText(after)).toContain('No such file or directory');
      expect(existsSync(clone)).toBe(false);
    } finally {
      await repo.close();
    }
  });
});
