// Agent turns through the local API (official SDK) against the scripted model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { brainRig, say, turn, types, type BrainRig } from '../support/brain.ts';
import { cut, lastToolResults, reply, text, thinking, toolUse } from '../support/scripted-model/index.ts';

let rig: BrainRig;
beforeAll(async () => {
  rig = await brainRig({ args: ['--hands', 'host'] });
});
afterAll(async () => rig?.close());

async function session(tools: unknown[] = [{ type: 'agent_toolset_20260401' }], system = 'You are a test agent.') {
  const agent = await rig.client.beta.agents.create({ name: 'brain-test', model: 'claude-sonnet-4-6', system, tools: tools as never });
  const env = await rig.client.beta.environments.create({ name: `env-${Math.random()}` });
  return rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
}

describe('a plain turn', () => {
  it('streams the reply as events, records usage, and goes idle with end_turn', async () => {
    const s = await session([]);
    rig.model.enqueue(reply([thinking('let me think'), text('Hello, human.')], { usage: { input_tokens: 120, output_tokens: 7 } }));
    const { events, idle } = await turn(rig.client, s.id, [say('hi')]);
    expect(types(events)).toEqual([
      'user.message',
      'session.status_running',
      'span.model_request_start',
      'agent.thinking',
      'agent.message',
      'span.model_request_end',
      'session.usage',
      'session.status_idle',
    ]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const message = events.find((e) => e.type === 'agent.message');
    expect(message).toMatchObject({ content: [{ type: 'text', text: 'Hello, human.' }] });
    const end = events.find((e) => e.type === 'span.model_request_end');
    expect(end).toMatchObject({ is_error: false, model_usage: { input_tokens: 120, output_tokens: 7 } });

    const sent = rig.model.requests.at(-1)!.body;
    expect(sent.system).toBe('You are a test agent.');
    expect(sent.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
    expect(sent.model).toBe('claude-sonnet-4-6');

    const after = await rig.client.beta.sessions.retrieve(s.id);
    expect(after.status).toBe('idle');
    expect(after.usage).toMatchObject({ input_tokens: 120, output_tokens: 7 });
  });

  it('keeps the conversation: the second turn sends the first exchange back, thinking signature included', async () => {
    const s = await session([]);
    rig.model.enqueue(reply([thinking('hmm', 'sig-1'), text('One.')]), reply('Two.'));
    await turn(rig.client, s.id, [say('first')]);
    await turn(rig.client, s.id, [say('second')]);
    expect(rig.model.requests.at(-1)!.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'first' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm', signature: 'sig-1' }, { type: 'text', text: 'One.' }] },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
    ]);
  });
});

describe('tools', () => {
  it('runs a multi-step tool loop in the hands and feeds each result back', async () => {
    const s = await session();
    rig.model.enqueue(
      reply([text('Writing a file.'), toolUse('write', { file_path: 'note.txt', content: 'dockhand\n' })]),
      reply([toolUse('bash', { command: 'cat note.txt && echo done' })]),
      (req) => reply(`The file says: ${JSON.stringify(lastToolResults(req)[0]?.content)}`),
    );
    const { events, idle } = await turn(rig.client, s.id, [say('write and read a file')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const uses = events.filter((e) => e.type === 'agent.tool_use');
    expect(uses.map((u) => [u.name, u.evaluated_permission])).toEqual([
      ['write', 'allow'],
      ['bash', 'allow'],
    ]);
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(results.map((r) => r.tool_use_id)).toEqual(uses.map((u) => u.id));
    expect(results[1]!.is_error).toBe(false);
    expect(JSON.stringify(results[1]!.content)).toContain('dockhand');
    // The model was given the tool definitions and each result, paired with its tool_use id.
    const third = rig.model.requests.at(-1)!.body;
    expect(third.tools?.map((t) => (t as { name: string }).name)).toEqual(['bash', 'read', 'write', 'edit', 'glob', 'grep']);
    const secondCall = (third.messages.at(-2)!.content as { type: string; id?: string }[]).find((b) => b.type === 'tool_use')!;
    expect(lastToolResults(rig.model.requests.at(-1)!)[0]).toMatchObject({ tool_use_id: secondCall.id, is_error: false });
  });

  it('a failing tool is an error result, not a dead session', async () => {
    const s = await session();
    rig.model.enqueue(reply([toolUse('read', { file_path: 'missing.txt' })]), (req) => reply(`error seen: ${lastToolResults(req)[0]?.is_error}`));
    const { events, idle } = await turn(rig.client, s.id, [say('read a missing file')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    expect(events.find((e) => e.type === 'agent.tool_result')).toMatchObject({ is_error: true });
    expect(events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ text: 'error seen: true' }] });
  });

  const askFirst = [{ type: 'agent_toolset_20260401', default_config: { permission_policy: { type: 'always_ask' } } }];

  it('always_ask: stops with requires_action; allow runs the tool', async () => {
    const s = await session(askFirst);
    rig.model.enqueue(reply([toolUse('bash', { command: 'echo approved-run' })]), (req) => reply(`ran: ${JSON.stringify(lastToolResults(req)[0]?.content)}`));
    const first = await turn(rig.client, s.id, [say('run it')]);
    const use = first.events.find((e) => e.type === 'agent.tool_use')!;
    expect(use.evaluated_permission).toBe('ask');
    expect(first.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [use.id] });
    expect(types(first.events)).not.toContain('agent.tool_result');

    const second = await turn(rig.client, s.id, [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'allow' }]);
    expect(second.idle.stop_reason).toEqual({ type: 'end_turn' });
    expect(JSON.stringify(second.events.find((e) => e.type === 'agent.tool_result'))).toContain('approved-run');
  });

  it('always_ask: deny returns the deny message to the model and nothing runs', async () => {
    const s = await session(askFirst);
    rig.model.enqueue(reply([toolUse('bash', { command: 'touch should-not-exist' })]), (req) => reply(`told: ${JSON.stringify(lastToolResults(req)[0])}`));
    const first = await turn(rig.client, s.id, [say('run it')]);
    const use = first.events.find((e) => e.type === 'agent.tool_use')!;
    const second = await turn(rig.client, s.id, [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'deny', deny_message: 'not on my machine' }]);
    const result = second.events.find((e) => e.type === 'agent.tool_result')!;
    expect(result.is_error).toBe(true);
    expect(JSON.stringify(result.content)).toContain('not on my machine');
    expect(JSON.stringify(rig.model.requests.at(-1)!.body.messages.at(-1))).toContain('not on my machine');
    expect(second.idle.stop_reason.type).toBe('end_turn');
  });

  it('refuses a second answer to the same tool call, and an answer to a call whose model request never completed', async () => {
    const s = await session(askFirst);
    // The first response is cut after its tool_use block: that call belongs to no completed response.
    rig.model.enqueue(cut(reply([toolUse('bash', { command: 'echo orphan' }), text('and more to say')]), 12), reply([toolUse('bash', { command: 'echo real' })]), reply('done'));
    const first = await turn(rig.client, s.id, [say('run it')]);
    const [orphan, real] = first.events.filter((e) => e.type === 'agent.tool_use');
    expect(first.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [real!.id] });
    const refused = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await refused(rig.client.beta.sessions.events.send(s.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: orphan!.id, result: 'allow' }] }));

    await turn(rig.client, s.id, [{ type: 'user.tool_confirmation', tool_use_id: real!.id, result: 'allow' }]);
    await refused(rig.client.beta.sessions.events.send(s.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: real!.id, result: 'deny' }] }));
    const confirmations = (await rig.client.beta.sessions.events.list(s.id, { types: ['user.tool_confirmation'] } as never)).data;
    expect(confirmations).toHaveLength(1);
  });

  it('a partial answer to several confirmations emits a new idle for the rest', async () => {
    const s = await session(askFirst);
    rig.model.enqueue(reply([toolUse('bash', { command: 'echo one' }), toolUse('bash', { command: 'echo two' })]), reply('both done'));
    const first = await turn(rig.client, s.id, [say('two things')]);
    const [a, b] = first.events.filter((e) => e.type === 'agent.tool_use');
    expect(first.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [a!.id, b!.id] });
    const partial = await turn(rig.client, s.id, [{ type: 'user.tool_confirmation', tool_use_id: a!.id, result: 'allow' }]);
    expect(partial.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [b!.id] });
    const rest = await turn(rig.client, s.id, [{ type: 'user.tool_confirmation', tool_use_id: b!.id, result: 'allow' }]);
    expect(rest.idle.stop_reason).toEqual({ type: 'end_turn' });
    expect(lastToolResults(rig.model.requests.at(-1)!)).toHaveLength(2);
  });

  it('a custom tool waits for the client: requires_action until user.custom_tool_result', async () => {
    const weather = { type: 'custom', name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };
    const s = await session([weather]);
    rig.model.enqueue(reply([toolUse('get_weather', { city: 'Lyon' })]), (req) => reply(`It is ${JSON.stringify(lastToolResults(req)[0]?.content)}`));
    const first = await turn(rig.client, s.id, [say('weather?')]);
    const use = first.events.find((e) => e.type === 'agent.custom_tool_use')!;
    expect(use).toMatchObject({ name: 'get_weather', input: { city: 'Lyon' } });
    expect(first.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [use.id] });
    const second = await turn(rig.client, s.id, [{ type: 'user.custom_tool_result', custom_tool_use_id: use.id, content: [{ type: 'text', text: 'sunny, 21C' }] }]);
    expect(second.events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ text: expect.stringContaining('sunny, 21C') }] });
    expect(rig.model.requests.at(-1)!.body.tools?.map((t) => (t as { name: string }).name)).toEqual(['get_weather']);
  });
});
