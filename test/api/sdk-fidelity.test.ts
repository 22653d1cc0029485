// The official API's behaviour where Dockhand used to differ, each through the official SDK against
// `dockhand serve` with the scripted model: environments.update keeps what it omits, metadata "" deletes,
// the SDK's limits, refusals of what Dockhand cannot do (self_hosted, vault_ids on update, list filters),
// evaluated_permission deny, model settings sent to the model, define_outcome's outcome_id,
// agent_with_overrides, session.updated events and system.message folded into the system prompt.
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { expectApiError, uniqueName } from '../support/fixtures.ts';
import { reply, text, toolUse } from '../support/scripted-model/index.ts';

let rig: BrainRig;
let c: Anthropic;
beforeAll(async () => {
  rig = await brainRig({ args: ['--hands', 'host'] });
  c = rig.client;
});
afterAll(async () => rig?.close());

const newEnv = (extra: Partial<Anthropic.Beta.EnvironmentCreateParams> = {}) => c.beta.environments.create({ name: uniqueName('env'), ...extra });
const newAgent = (extra: Partial<Anthropic.Beta.AgentCreateParams> = {}) => c.beta.agents.create({ name: uniqueName('agent'), model: 'claude-sonnet-4-6', ...extra });
async function newSession(extra: Partial<Anthropic.Beta.SessionCreateParams> = {}, agentExtra: Partial<Anthropic.Beta.AgentCreateParams> = {}) {
  const [agent, env] = await Promise.all([newAgent(agentExtra), newEnv()]);
  return c.beta.sessions.create({ agent: agent.id, environment_id: env.id, ...extra });
}
const bad = (call: Promise<unknown>) => expectApiError(call, Anthropic.BadRequestError, 400, 'invalid_request_error');

describe('environments', () => {
  it('update keeps every part of the config it omits; null resets a part to its default', async () => {
    const env = await newEnv({
      description: 'kept',
      config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['example.org'], allow_package_managers: true }, packages: { apt: ['git'], pip: ['numpy'] } },
    });
    const a = await c.beta.environments.update(env.id, { config: { type: 'cloud', packages: { pip: ['requests'] } } });
    expect(a.config).toEqual({
      type: 'cloud',
      networking: { type: 'limited', allowed_hosts: ['example.org'], allow_package_managers: true, allow_mcp_servers: false },
      packages: { type: 'packages', apt: ['git'], pip: ['requests'], npm: [], cargo: [], gem: [], go: [] },
    });
    const b = await c.beta.environments.update(env.id, { config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['a.example.org'] } } });
    expect(b.config).toMatchObject({ networking: { type: 'limited', allowed_hosts: ['a.example.org'], allow_package_managers: true }, packages: { apt: ['git'], pip: ['requests'] } });
    const d = await c.beta.environments.update(env.id, { config: { type: 'cloud', packages: null } });
    expect(d.config).toMatchObject({ networking: { allowed_hosts: ['a.example.org'] }, packages: { apt: [], pip: [] } });
    expect(d.description).toBe('kept');
    expect(await c.beta.environments.retrieve(env.id)).toEqual(d);
  });

  it('description "" stays "" (on create and update); null clears it; omitted keeps it', async () => {
    const env = await newEnv({ description: '' });
    expect(env.description).toBe('');
    expect((await c.beta.environments.update(env.id, { description: 'x' })).description).toBe('x');
    expect((await c.beta.environments.update(env.id, { description: '' })).description).toBe('');
    expect((await c.beta.environments.update(env.id, { name: uniqueName('renamed') })).description).toBe('');
    expect((await c.beta.environments.update(env.id, { description: null })).description).toBeNull();
  });

  it('a self_hosted environment is refused with the reason, and nothing is created', async () => {
    const name = uniqueName('selfhosted');
    const err = await bad(c.beta.environments.create({ name, config: { type: 'self_hosted' } }));
    expect(err.message).toMatch(/self_hosted environments are not supported/);
    const all = [];
    for await (const e of c.beta.environments.list({ include_archived: true })) all.push(e.name);
    expect(all).not.toContain(name);
  });
});

describe('metadata', () => {
  it('a value of "" deletes the key, on agents, environments and sessions', async () => {
    const agent = await newAgent({ metadata: { a: '1', b: '2' } });
    expect((await c.beta.agents.update(agent.id, { version: agent.version, metadata: { a: '' } })).metadata).toEqual({ b: '2' });
    const env = await newEnv({ metadata: { a: '1', b: '2' } });
    expect((await c.beta.environments.update(env.id, { metadata: { a: '', c: '3' } })).metadata).toEqual({ b: '2', c: '3' });
    const s = await newSession({ metadata: { a: '1', b: '2' } });
    expect((await c.beta.sessions.update(s.id, { metadata: { b: '' } })).metadata).toEqual({ a: '1' });
  });
});

describe('limits as the SDK states them', () => {
  it('initial_events: at most 50', async () => {
    const events = (n: number) => Array.from({ length: n }, (_, i) => say(`m${i}`));
    const err = await bad(newSession({ initial_events: events(51) }));
    expect(err.message).toContain('initial_events');
    // The brain answers them: its turn ends here, so it takes no reply scripted for the tests after this one.
    rig.model.enqueue(reply('read them all'));
    const s = await newSession({ initial_events: events(50) });
    const idled = async () => (await c.beta.sessions.events.list(s.id, { limit: 100 })).data.filter((e) => e.type === 'session.status_idle').length;
    await expect.poll(idled, { timeout: 20_000 }).toBe(1);
    expect((await c.beta.sessions.events.list(s.id, { limit: 100 })).data.filter((e) => e.type === 'user.message')).toHaveLength(50);
    expect(JSON.stringify(rig.model.requests.at(-1)!.body.messages)).toContain('m49');
  });

  it('user.define_outcome max_iterations: at most 20', async () => {
    const s = await newSession();
    const outcome = (max_iterations: number) => ({ type: 'user.define_outcome' as const, description: 'a report', rubric: { type: 'text' as const, content: 'complete' }, max_iterations });
    const err = await bad(c.beta.sessions.events.send(s.id, { events: [outcome(21)] }));
    expect(err.message).toContain('max_iterations');
    await c.beta.sessions.events.send(s.id, { events: [outcome(20)] });
  });

  it('MCP server names: 1-255 characters', async () => {
    const agent = (name: string) => newAgent({ mcp_servers: [{ type: 'url', name, url: 'https://mcp.example.org/sse' }], tools: [{ type: 'mcp_toolset', mcp_server_name: name }] });
    const ok = await agent('s'.repeat(255));
    expect(ok.mcp_servers[0]!.name).toHaveLength(255);
    const err = await bad(agent('s'.repeat(256)));
    expect(err.message).toContain('mcp_servers');
  });
});

describe('refusals of what Dockhand cannot do', () => {
  it('sessions.update refuses vault_ids, as the official API does, and changes nothing', async () => {
    const s = await newSession({ title: 'before' });
    const err = await bad(c.beta.sessions.update(s.id, { title: 'after', vault_ids: [] }));
    expect(err.message).toContain('vault_ids');
    expect((await c.beta.sessions.retrieve(s.id)).title).toBe('before');
  });

  it('sessions.list answers 400 for the filters it does not support, instead of ignoring them', async () => {
    const dep = await bad(c.beta.sessions.list({ deployment_id: 'dep_1' }));
    expect(dep.message).toContain('deployment_id');
    const mem = await bad(c.beta.sessions.list({ memory_store_id: 'memstore_1' }));
    expect(mem.message).toContain('memory_store_id');
  });
});

describe('the brain', () => {
  it('a call of a tool the agent does not offer is denied (evaluated_permission deny) and never runs', async () => {
    const s = await newSession({}, { tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', enabled: false }] }] });
    rig.model.enqueue(reply([toolUse('bash', { command: 'echo RAN-$((6*7))' })]), reply('ok'));
    const { events, idle } = await turn(c, s.id, [say('run it')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const use = events.find((e) => e.type === 'agent.tool_use')!;
    expect(use).toMatchObject({ name: 'bash', evaluated_permission: 'deny' });
    const result = events.find((e) => e.type === 'agent.tool_result')!;
    expect(result).toMatchObject({ tool_use_id: use.id, is_error: true });
    const said = JSON.stringify(result);
    expect(said).toContain('not enabled for this agent');
    expect(said).not.toContain('RAN-42');
    // The model is told, in the tool_result of its next request.
    expect(JSON.stringify(rig.model.requests.at(-1)!.body.messages.at(-1))).toContain('not enabled for this agent');
  });

  it("the agent's model settings (effort, inference_geo, speed) are sent to the model", async () => {
    const s = await newSession({}, { model: { id: 'claude-sonnet-4-6', effort: 'high', inference_geo: 'us', speed: 'fast' } });
    rig.model.enqueue(reply('hi'));
    await turn(c, s.id, [say('hello')]);
    expect(rig.model.requests.at(-1)!.body).toMatchObject({ model: 'claude-sonnet-4-6', output_config: { effort: 'high' }, inference_geo: 'us', speed: 'fast' });
  });

  it('system.message joins the system prompt for its turn and every later one, never the user turn; misplaced ones are refused', async () => {
    const s = await newSession({}, { system: 'Agent prompt.' });
    const note = { type: 'system.message' as const, content: [{ type: 'text' as const, text: 'The user is on call tonight.' }] };
    rig.model.enqueue(reply('noted'), reply('still noted'));
    await turn(c, s.id, [say('hello'), note]);
    await turn(c, s.id, [say('and now?')]);
    const [first, second] = rig.model.requests.slice(-2).map((r) => r.body as { system?: unknown; messages: unknown });
    for (const body of [first!, second!]) {
      expect(body.system).toBe('Agent prompt.\n\nThe user is on call tonight.');
      expect(JSON.stringify(body.messages)).not.toContain('on call');
    }
    // As the official API: last in the request, right after the user event it accompanies.
    await bad(c.beta.sessions.events.send(s.id, { events: [note] }));
    await bad(c.beta.sessions.events.send(s.id, { events: [note, say('x')] }));
    await bad(c.beta.sessions.events.send(s.id, { events: [say('x'), { type: 'user.interrupt' }, note] }));
  });

  it('agent_with_overrides: the session runs the agent with its model, system prompt and tools replaced; the agent is unchanged', async () => {
    const [agent, env] = await Promise.all([newAgent({ system: 'Agent prompt.', tools: [{ type: 'agent_toolset_20260401' }] }), newEnv()]);
    const s = await c.beta.sessions.create({
      agent: { type: 'agent_with_overrides', id: agent.id, model: { id: 'claude-haiku-4-5', effort: 'low' }, system: 'Override prompt.', tools: [] },
      environment_id: env.id,
    });
    expect(s.agent).toMatchObject({ id: agent.id, version: agent.version, model: { id: 'claude-haiku-4-5', effort: { type: 'low' } }, system: 'Override prompt.', tools: [] });
    rig.model.enqueue(reply('overridden'));
    await turn(c, s.id, [say('hello')]);
    const body = rig.model.requests.at(-1)!.body;
    expect(body).toMatchObject({ model: 'claude-haiku-4-5', system: 'Override prompt.', output_config: { effort: 'low' } });
    expect(body.tools).toBeUndefined();
    expect(await c.beta.agents.retrieve(agent.id)).toMatchObject({ system: 'Agent prompt.', model: { id: 'claude-sonnet-4-6' } });
    expect((await c.beta.sessions.retrieve(s.id)).agent.system).toBe('Override prompt.');
  });
});

describe('events', () => {
  it('user.define_outcome is echoed with a server-made outcome_id', async () => {
    const s = await newSession();
    const sent = await c.beta.sessions.events.send(s.id, { events: [{ type: 'user.define_outcome', description: 'a report', rubric: { type: 'text', content: 'has a title' } }] });
    const echo = sent.data![0]!;
    expect(echo).toMatchObject({ type: 'user.define_outcome', description: 'a report', outcome_id: expect.stringMatching(/^outc_/), max_iterations: null });
    expect((await c.beta.sessions.events.list(s.id)).data.find((e) => e.id === echo.id)).toEqual(echo);
    // initial_events too.
    const t = await newSession({ initial_events: [{ type: 'user.define_outcome', description: 'b', rubric: { type: 'text', content: 'c' }, max_iterations: 5 }] });
    const initial = (await c.beta.sessions.events.list(t.id)).data.find((e) => e.type === 'user.define_outcome');
    expect(initial).toMatchObject({ outcome_id: expect.stringMatching(/^outc_/), max_iterations: 5 });
  });

  it('sessions.update records session.updated with what changed: the title, the metadata bag, the agent snapshot', async () => {
    const s = await newSession({ metadata: { a: '1' } }, { tools: [{ type: 'agent_toolset_20260401' }] });
    await c.beta.sessions.update(s.id, { title: 'renamed' });
    await c.beta.sessions.update(s.id, { metadata: { b: '2' } });
    await c.beta.sessions.update(s.id, { title: 'renamed' }); // no change: no event
    const updated = await c.beta.sessions.update(s.id, { agent: { tools: [] } });
    const events = (await c.beta.sessions.events.list(s.id)).data.filter((e) => e.type === 'session.updated');
    expect(events).toEqual([
      { type: 'session.updated', id: expect.any(String), processed_at: expect.any(String), title: 'renamed' },
      { type: 'session.updated', id: expect.any(String), processed_at: expect.any(String), metadata: { a: '1', b: '2' } },
      { type: 'session.updated', id: expect.any(String), processed_at: expect.any(String), agent: updated.agent },
    ]);
    expect(updated.agent.tools).toEqual([]);
    // The brain carries on past them.
    rig.model.enqueue(reply([text('still here')]));
    const { idle } = await turn(c, s.id, [say('hello')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    // An export holding them (and a define_outcome echo) imports.
    await c.beta.sessions.events.send(s.id, { events: [{ type: 'user.define_outcome', description: 'd', rubric: { type: 'text', content: 'r' } }] });
    const jsonl = await c.get<string>(`/v1/sessions/${s.id}/export`);
    const imported = await c.post<Anthropic.Beta.Sessions.BetaManagedAgentsSession>('/v1/sessions/import', { body: { jsonl } });
    const copied = (await c.beta.sessions.events.list(imported.id, { limit: 100 })).data;
    expect(copied.filter((e) => e.type === 'session.updated')).toHaveLength(3);
    expect(copied.find((e) => e.type === 'user.define_outcome')).toMatchObject({ outcome_id: expect.stringMatching(/^outc_/) });
  });
});
