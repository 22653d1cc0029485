// The sample logs shipped in resources/samples (made by test/support/make-samples.ts) open on a fresh
// data directory, over the API and with the CLI, as the sessions they recorded.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSession as Session } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { runCli } from '../support/cli.ts';
import { allEvents, byPosition } from '../support/event-lists.ts';
import { useServer } from '../support/fixtures.ts';
import { tempDir } from '../support/serve.ts';

const DIR = resolve(import.meta.dirname, '../../resources/samples');
const read = (file: string) => readFileSync(join(DIR, file), 'utf8');
const eventsOf = (jsonl: string) => jsonl.trimEnd().split('\n').slice(1).map((l) => JSON.parse(l) as SessionEvent);
const kinds = (events: SessionEvent[]) => events.map((e) => (e.type === 'session.status_idle' ? `idle:${e.stop_reason.type}` : e.type === 'session.error' ? `error:${e.error.retry_status.type}` : e.type));

/** What each sample must show a new user. */
const SAMPLES: [string, string[]][] = [
  ['coding-session.jsonl', ['agent.thinking', 'agent.tool_use', 'agent.tool_result', 'idle:requires_action', 'user.tool_confirmation', 'idle:end_turn']],
  ['compaction.jsonl', ['agent.tool_use', 'agent.thread_context_compacted', 'idle:end_turn']],
  ['model-errors.jsonl', ['error:retrying', 'error:exhausted', 'idle:retries_exhausted', 'idle:end_turn']],
];

describe('the sample logs', () => {
  const api = useServer(); // a fresh data directory

  it.each(SAMPLES)('%s opens as a read-only session that replays what was recorded', async (file, shows) => {
    const jsonl = read(file);
    const recorded = eventsOf(jsonl);
    expect(kinds(recorded)).toEqual(expect.arrayContaining(shows));
    const s = await api.client.post<Session>('/v1/sessions/import', { body: { jsonl } });
    expect(s.metadata).toMatchObject({ 'dockhand.read_only': 'true' });
    const events = await allEvents(api.client, s.id);
    expect(byPosition(events)).toEqual(byPosition(recorded));
    // On a fresh store, the agent and environment it ran with are copied in, archived.
    const header = JSON.parse(jsonl.slice(0, jsonl.indexOf('\n')));
    expect(s.agent).toMatchObject({ name: header.agent.name, model: header.agent.model, tools: header.agent.tools });
    expect((await api.client.beta.agents.retrieve(s.agent.id)).archived_at).not.toBeNull();
  });
});

describe('dockhand export / import', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('imports a file into a data directory (printing the new id) and exports it back, the same log', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const imported = runCli(['import', '--data-dir', dataDir, '--title', 'From the CLI', join(DIR, 'coding-session.jsonl')]);
    expect(await imported.exited).toBe(0);
    const id = imported.stdout().trim();
    expect(id).toMatch(/^sesn_\w+$/);

    const exported = runCli(['export', '--data-dir', dataDir, id]);
    expect(await exported.exited).toBe(0);
    const out = exported.stdout();
    expect(JSON.parse(out.slice(0, out.indexOf('\n'))).session).toMatchObject({ id, title: 'From the CLI' });
    expect(byPosition(eventsOf(out))).toEqual(byPosition(eventsOf(read('coding-session.jsonl'))));
  });

  it('imports a shipped sample by name (--sample), and names the samples when asked for one it lacks', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const imported = runCli(['import', '--data-dir', dataDir, '--sample', 'compaction']);
    expect(await imported.exited).toBe(0);
    const id = imported.stdout().trim();
    const exported = runCli(['export', '--data-dir', dataDir, id]);
    expect(await exported.exited).toBe(0);
    expect(byPosition(eventsOf(exported.stdout()))).toEqual(byPosition(eventsOf(read('compaction.jsonl'))));

    const unknown = runCli(['import', '--data-dir', dataDir, '--sample', 'nope']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toBe('dockhand: no sample named "nope"; the samples: coding-session, compaction, model-errors\n');
  });

  it('says what is wrong, naming the line, and exits 1; nothing is stored', async () => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const bad = join(dataDir, 'bad.jsonl');
    const lines = read('coding-session.jsonl').split('\n');
    lines[4] = '{"type": "agent.message"';
    writeFileSync(bad, lines.join('\n'));
    const imported = runCli(['import', '--data-dir', dataDir, bad]);
    expect(await imported.exited).toBe(1);
    expect(imported.stderr()).toBe('dockhand: line 5: not valid JSON\n');

    const missing = runCli(['export', '--data-dir', dataDir, 'sesn_DoesNotExist']);
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toBe('dockhand: session sesn_DoesNotExist not found\n');
    const noStore = runCli(['export', '--data-dir', join(dataDir, 'nothing-here'), 'sesn_x']);
    expect(await noStore.exited).toBe(2);
    expect(noStore.stderr()).toMatch(/no Dockhand data in/);
  });
});
