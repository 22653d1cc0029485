// Export and import of a session's log through the API (Dockhand extensions), with the official SDK's
// generic request methods: JSONL out, a read-only session in, every line checked, nothing half-stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSession as Session } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { allEvents, byPosition } from '../support/event-lists.ts';
import { expectApiError } from '../support/fixtures.ts';
import { codingSession } from '../support/sample-sessions.ts';
import { reply } from '../support/scripted-model/index.ts';

let rig: BrainRig;
let original: string;
let jsonl: string;
beforeAll(async () => {
  rig = await brainRig({ args: ['--hands', 'host'] });
  original = await codingSession(rig);
  jsonl = await exportLog(original);
});
afterAll(async () => rig?.close());

const exportLog = (id: string) => rig.client.get<string>(`/v1/sessions/${id}/export`);
const importLog = (text: string, title?: string) => rig.client.post<Session>('/v1/sessions/import', { body: { jsonl: text, ...(title ? { title } : {}) } });

/** How many sessions, agents and environments the store holds, archived ones included. */
async function census() {
  const count = async <T>(pages: AsyncIterable<T>) => {
    let n = 0;
    for await (const _ of pages) n++;
    return n;
  };
  const c = rig.client.beta;
  return {
    sessions: await count(c.sessions.list({ include_archived: true, limit: 100 })),
    agents: await count(c.agents.list({ include_archived: true, limit: 100 })),
    environments: await count(c.environments.list({ include_archived: true, limit: 100 })),
  };
}

describe('export', () => {
  it('of a coding session: tool calls, two approvals, a failing then a passing test run', async () => {
    const events = await allEvents(rig.client, original);
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(events.filter((e) => e.type === 'agent.tool_use').map((e) => e.name)).toEqual(['write', 'write', 'bash', 'edit', 'bash']);
    expect(events.filter((e) => e.type === 'user.tool_confirmation')).toHaveLength(2);
    expect(results.map((r) => r.is_error)).toEqual([false, false, true, false, false]);
    expect(JSON.stringify(results[2]!.content)).toContain('expected \\"Hello, Ada!\\"');
    expect(JSON.stringify(results[4]!.content)).toContain('ok: greet');
    expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  });

  it('is JSONL: a header with the session, the agent version and the environment, then one official event per line', async () => {
    const lines = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l));
    const session = await rig.client.beta.sessions.retrieve(original);
    const env = await rig.client.beta.environments.retrieve(session.environment_id);
    expect(lines[0]).toMatchObject({ type: 'dockhand.session_export', format_version: 1, session: { id: original, title: 'Fix the greeting' }, agent: session.agent, environment: env });
    expect(lines.slice(1)).toEqual(await allEvents(rig.client, original));
    const res = await fetch(`${rig.server.url}/v1/sessions/${original}/export`, { headers: { 'x-api-key': rig.server.apiKey } });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
  });
});

describe('import', () => {
  it('makes a read-only session with the same events (new ids, same times), agent, usage and status', async () => {
    const imported = await importLog(jsonl);
    const [before, after] = [await allEvents(rig.client, original), await allEvents(rig.client, imported.id)];
    expect(byPosition(after)).toEqual(byPosition(before));
    expect(after.map((e) => e.id).filter((id) => before.some((b) => b.id === id))).toEqual([]);
    const source = await rig.client.beta.sessions.retrieve(original);
    expect(imported).toMatchObject({ title: source.title, status: source.status, usage: source.usage, environment_id: source.environment_id });
    expect(imported.agent).toEqual(source.agent); // the same agent version, found unchanged in this store
    expect(imported.metadata).toMatchObject({ 'dockhand.imported_from_session': original, 'dockhand.read_only': 'true' });

    // Exported again, it is the same log.
    const again = (await exportLog(imported.id)).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(byPosition(again.slice(1))).toEqual(byPosition(before));
  });

  it('refuses new events, and no brain ever runs it, even when its log ends with an unanswered message', async () => {
    // The log cut after its first user.message: a live session would ask the model at once.
    const head = jsonl.split('\n').slice(0, 2).join('\n');
    const imported = await importLog(head, 'Unanswered');
    expect((await allEvents(rig.client, imported.id)).map((e) => e.type)).toEqual(['user.message']);
    const err = await expectApiError(rig.client.beta.sessions.events.send(imported.id, { events: [say('hello?')] }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(err.message).toMatch(/imported log and read-only/);

    // A live session's whole turn afterwards: the brain has long since seen the import, and asked the model for nothing.
    const requests = rig.model.requests.length;
    const live = await rig.client.beta.sessions.create({ agent: imported.agent.id, environment_id: imported.environment_id });
    rig.model.enqueue(reply('live'));
    await turn(rig.client, live.id, [say('hi')]);
    expect(rig.model.requests.length).toBe(requests + 1);
    expect(rig.model.requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect((await allEvents(rig.client, imported.id)).map((e) => e.type)).toEqual(['user.message']);
    expect((await rig.client.beta.sessions.retrieve(imported.id)).status).toBe('idle');
  });

  it('on a store without the agent or the environment, copies them in, archived', async () => {
    const lines = jsonl.trimEnd().split('\n');
    const header = JSON.parse(lines[0]!);
    header.agent.id = 'agent_NotInThisStore';
    header.environment.id = 'env_NotInThisStore';
    const imported = await importLog([JSON.stringify(header), ...lines.slice(1)].join('\n'));
    expect(imported.agent).toMatchObject({ name: header.agent.name, system: header.agent.system, tools: header.agent.tools, version: 1 });
    expect(imported.agent.id).not.toBe('agent_NotInThisStore');
    expect((await rig.client.beta.agents.retrieve(imported.agent.id)).archived_at).not.toBeNull();
    const env = await rig.client.beta.environments.retrieve(imported.environment_id);
    expect(env).toMatchObject({ name: header.environment.name, config: header.environment.config });
    expect(env.archived_at).not.toBeNull();
  });
});

describe('a malformed file', () => {
  const lines = () => jsonl.trimEnd().split('\n');
  const edit = (n: number, change: (e: Record<string, unknown>) => unknown) => {
    const l = lines();
    l[n - 1] = JSON.stringify(change(JSON.parse(l[n - 1]!)));
    return l.join('\n');
  };
  const firstOf = (type: string) => lines().findIndex((l) => JSON.parse(l).type === type) + 1;

  const cases: [string, () => string, RegExp][] = [
    ['a line that is not JSON', () => lines().map((l, i) => (i === 3 ? l.slice(0, -5) : l)).join('\n'), /^line 4: not valid JSON$/],
    ['a header of the wrong kind', () => edit(1, (h) => ({ ...h, type: 'something_else' })), /^line 1 \(the header\): type: /],
    ['a header without its agent', () => edit(1, ({ agent: _, ...h }) => h), /^line 1 \(the header\): agent: /],
    ['an agent whose MCP server no toolset uses', () => edit(1, (h) => ({ ...h, agent: { ...(h.agent as object), mcp_servers: [{ type: 'url', name: 'x', url: 'https://mcp.example.com' }] } })), /^line 1 \(the header\): agent: /],
    ['an event type that does not exist', () => edit(3, (e) => ({ ...e, type: 'agent.daydream' })), /^line 3: "agent.daydream" is not a session event type/],
    ['a line that is not an event at all', () => edit(2, () => [1, 2, 3]), /^line 2: null is not a session event type/],
    ['an event with a field of the wrong shape', () => edit(firstOf('agent.message'), (e) => ({ ...e, content: 'just a string' })), /^line \d+ \(agent\.message\): content: /],
    ['an event with a field the official event does not have', () => edit(firstOf('agent.tool_use'), (e) => ({ ...e, secret: 'x' })), /^line \d+ \(agent\.tool_use\): .*secret/],
    ['an event without its id', () => edit(2, ({ id: _, ...e }) => e), /^line 2 \(user\.message\): id: /],
    ['a bad timestamp', () => edit(2, (e) => ({ ...e, processed_at: 'yesterday' })), /^line 2 \(user\.message\): processed_at: /],
    ['an id used twice', () => edit(3, (e) => ({ ...e, id: JSON.parse(lines()[1]!).id })), /^line 3: event id sevt_\w+ is already used on line 2$/],
    ['a result for a tool call that is not in the file', () => edit(firstOf('agent.tool_result'), (e) => ({ ...e, tool_use_id: 'sevt_Missing' })), /^line \d+ \(agent\.tool_result\): sevt_Missing names no event on an earlier line$/],
    ['an empty line', () => lines().map((l, i) => (i === 5 ? '' : l)).join('\n'), /^line 6: empty line$/],
  ];

  it.each(cases)('%s: refused with the line named, nothing stored', async (_name, make, message) => {
    const before = await census();
    const err = await expectApiError(importLog(make()), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect((err.error as { error: { message: string } }).error.message).toMatch(message);
    expect(await census()).toEqual(before);
  });

  it('an empty body is refused by the schema, over the RPC path too', async () => {
    await expectApiError(rig.client.post('/v1/sessions/import', { body: {} }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const res = await fetch(`${rig.server.url}/dockhand/call/sessions.import`, { method: 'POST', headers: { 'x-api-key': rig.server.apiKey }, body: JSON.stringify({ jsonl: 'not json' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('line 1: not valid JSON');
  });
});
