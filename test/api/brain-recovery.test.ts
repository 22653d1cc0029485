// Interrupts, model errors and retries, and compaction, through the local API against the scripted model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, types, untilIdle, type BrainRig } from '../support/brain.ts';
import { cut, estimateInputTokens, hang, overloaded, rateLimited, reply, serverError, streamError, text, toolUse } from '../support/scripted-model/index.ts';

let rig: BrainRig;
beforeAll(async () => {
  // A small context window, so that a few large tool results push a session into compaction.
  rig = await brainRig({ args: ['--hands', 'host'], env: { DOCKHAND_CONTEXT_WINDOW: '12000', DOCKHAND_MAX_TOKENS: '1000' } });
});
afterAll(async () => rig?.close());

async function session(tools: unknown[] = []) {
  const agent = await rig.client.beta.agents.create({ name: 'recovery-test', model: 'claude-sonnet-4-6', tools: tools as never });
  const env = await rig.client.beta.environments.create({ name: `env-${Math.random()}` });
  return rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
}

async function waitFor<T>(probe: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('interrupts', () => {
  it('user.interrupt aborts the model stream mid-way and the session goes idle', async () => {
    const s = await session();
    const before = rig.model.requests.length;
    rig.model.enqueue(hang(reply([text('This answer will never finish because the stream goes silent')]), 6));
    const stream = await rig.client.beta.sessions.events.stream(s.id);
    await rig.client.beta.sessions.events.send(s.id, { events: [say('talk for a long time')] });
    await waitFor(() => (rig.model.requests.length > before ? true : undefined), 'the model request');
    await rig.client.beta.sessions.events.send(s.id, { events: [{ type: 'user.interrupt' }] });
    const { events, idle } = await untilIdle(stream);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    expect(types(events)).toContain('user.interrupt');
    expect(events.find((e) => e.type === 'span.model_request_end')).toMatchObject({ is_error: true });
    expect(types(events)).not.toContain('agent.message');

    // The session goes on: the next message gets an answer, and the aborted request left no trace in it.
    rig.model.enqueue(reply('back again'));
    const next = await turn(rig.client, s.id, [say('hello?')]);
    expect(next.idle.stop_reason.type).toBe('end_turn');
    expect(rig.model.requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'talk for a long time' }, { type: 'text', text: 'hello?' }] }]);
  });

  it('user.interrupt stops a running tool', async () => {
    const s = await session([{ type: 'agent_toolset_20260401' }]);
    rig.model.enqueue(reply([toolUse('bash', { command: 'sleep 30; echo finished' })]));
    const stream = await rig.client.beta.sessions.events.stream(s.id);
    await rig.client.beta.sessions.events.send(s.id, { events: [say('sleep')] });
    const seen: string[] = [];
    for await (const e of stream) {
      seen.push(e.type);
      if (e.type === 'agent.tool_use') break;
    }
    await new Promise((r) => setTimeout(r, 200)); // let the tool start
    const sent = await rig.client.beta.sessions.events.send(s.id, { events: [{ type: 'user.interrupt' }] });
    const resumed = await rig.client.beta.sessions.events.stream(s.id, {}, { query: { after: sent.data![0]!.id } as never });
    const { idle } = await untilIdle(resumed);
    expect(idle.stop_reason.type).toBe('end_turn');
    const all = (await rig.client.beta.sessions.events.list(s.id, { limit: 100 })).data;
    const result = all.find((e) => e.type === 'agent.tool_result')!;
    expect(result).toMatchObject({ is_error: true });
    expect(JSON.stringify(result)).not.toContain('finished');
  });
});

describe('model errors', () => {
  it('retries 429, 529, 5xx and a cut stream, recording each as session.error retrying, then answers', async () => {
    const s = await session();
    rig.model.enqueue(rateLimited(0), overloaded());
    const first = await (async () => {
      rig.model.enqueue(reply('finally'));
      return turn(rig.client, s.id, [say('are you there?')]);
    })();
    const errors = first.events.filter((e) => e.type === 'session.error');
    expect(errors.map((e) => [e.error.type, e.error.retry_status.type])).toEqual([
      ['model_rate_limited_error', 'retrying'],
      ['model_overloaded_error', 'retrying'],
    ]);
    expect(first.idle.stop_reason).toEqual({ type: 'end_turn' });
    expect(first.events.filter((e) => e.type === 'span.model_request_end').map((e) => e.is_error)).toEqual([true, true, false]);

    rig.model.enqueue(serverError(), cut(reply([text('a long answer that is cut off')]), 5), reply('ok now'));
    const second = await turn(rig.client, s.id, [say('again')]);
    expect(second.events.filter((e) => e.type === 'session.error').map((e) => e.error.type)).toEqual(['model_request_failed_error', 'model_request_failed_error']);
    expect(second.events.filter((e) => e.type === 'agent.message').map((e) => e.content)).toEqual([[{ type: 'text', text: 'ok now' }]]);
  });

  it('an error inside the stream is retried too', async () => {
    const s = await session();
    rig.model.enqueue(streamError(reply([text('partial')]), 4), reply('recovered'));
    const { events, idle } = await turn(rig.client, s.id, [say('go')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    expect(events.filter((e) => e.type === 'session.error').map((e) => e.error.retry_status.type)).toEqual(['retrying']);
  });

  it('when retries run out: session.error exhausted, then idle with retries_exhausted; a new message tries again', async () => {
    const s = await session();
    rig.model.enqueue(overloaded(), overloaded(), overloaded());
    const { events, idle } = await turn(rig.client, s.id, [say('hello')]);
    expect(events.filter((e) => e.type === 'session.error').map((e) => e.error.retry_status.type)).toEqual(['retrying', 'retrying', 'exhausted']);
    expect(idle.stop_reason).toEqual({ type: 'retries_exhausted' });
    expect((await rig.client.beta.sessions.retrieve(s.id)).status).toBe('idle');

    rig.model.enqueue(reply('I am back'));
    const next = await turn(rig.client, s.id, [say('try again')]);
    expect(next.idle.stop_reason.type).toBe('end_turn');
  });
});

describe('compaction', () => {
  it('compacts the context near the limit, records agent.thread_context_compacted, and the next request is smaller', async () => {
    const s = await session([{ type: 'agent_toolset_20260401' }]);
    // Each step prints ~12k characters (~3k tokens); the window is 12k tokens (compaction below 75% of it).
    const big = (i: number) => reply([toolUse('bash', { command: `head -c 12000 /dev/zero | tr '\\0' '${i}'` })]);
    rig.model.enqueue(big(1), big(2), big(3), big(4), reply('done'));
    const { events, idle } = await turn(rig.client, s.id, [say('print a lot')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    expect(types(events)).toContain('agent.thread_context_compacted');

    const sizes = rig.model.requests.slice(-5).map((r) => estimateInputTokens(r.body));
    const compactedAt = sizes.findIndex((n, i) => i > 0 && n < sizes[i - 1]!);
    expect(compactedAt).toBeGreaterThan(0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(12000 * 0.75);
    expect(sizes[compactedAt]!).toBeLessThan(12000 * 0.5);
    // The log is never rewritten: every tool result is still there in full.
    const results = (await rig.client.beta.sessions.events.list(s.id, { types: ['agent.tool_result'] } as never)).data;
    expect(results).toHaveLength(4);
    for (const r of results) expect(JSON.stringify(r).length).toBeGreaterThan(12000);
  });
});
