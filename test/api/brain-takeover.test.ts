// A `dockhand serve` that stops mid tool call while its process still looks alive (frozen with SIGSTOP,
// as a killed process looks until it is reaped), or dies outright: the session's lease is still in the
// store. A server started on the same data directory afterwards, or one already running beside it,
// resumes the session within a lease period, with no further restart.
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { MODEL_KEY, say } from '../support/brain.ts';
import { reply, startScriptedModel, toolUse, type RecordedRequest, type ScriptedModel, type Turn } from '../support/scripted-model/index.ts';
import { serve, tempDir, type Served } from '../support/serve.ts';

/** The brain's default lease: how long a silent holder keeps a session. */
const LEASE_MS = 15_000;

/** Runs a long command, then answers once its result is in. */
const agent = (r: RecordedRequest): Turn => (r.body.messages.length > 1 ? reply('resumed') : reply([toolUse('bash', { command: 'sleep 30; echo late' })]));

let model: ScriptedModel;
beforeAll(async () => {
  model = await startScriptedModel({ apiKey: MODEL_KEY, script: agent });
});
afterAll(async () => {
  await model?.close();
});

const servers: Served[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
});

async function start(dataDir: string): Promise<Served> {
  const s = await serve({ dataDir, brain: true, args: ['--hands', 'host'], env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY } });
  servers.push(s);
  return s;
}

/** Starts a tool-running turn and returns once its bash command has been running for 200 ms. */
async function midTool(client: Anthropic) {
  const a = await client.beta.agents.create({ name: 'sleeper', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
  const env = await client.beta.environments.create({ name: `takeover-${Math.random()}` });
  const s = await client.beta.sessions.create({ agent: a.id, environment_id: env.id });
  const stream = await client.beta.sessions.events.stream(s.id);
  await client.beta.sessions.events.send(s.id, { events: [say('sleep on it')] });
  for await (const e of stream) if (e.type === 'span.model_request_end') break;
  await sleep(200);
  return s;
}

/**
 * Follows the session on `client` from its first event until idle; fails after `ms`. Returns what
 * came after the model's tool call, and when its result arrived.
 */
async function resumed(client: Anthropic, sessionId: string, ms: number) {
  const stream = await client.beta.sessions.events.stream(sessionId, {}, { query: { after: (await client.beta.sessions.events.list(sessionId, { limit: 1 })).data[0]!.id } as never });
  const timer = setTimeout(() => stream.controller.abort(), ms);
  const events: SessionEvent[] = [];
  let resultAt = 0;
  try {
    for await (const e of stream) {
      events.push(e as SessionEvent);
      if (e.type === 'agent.tool_result') resultAt = Date.now();
      if (e.type === 'session.status_idle') break;
    }
  } finally {
    clearTimeout(timer);
  }
  // After the tool call's model request: its span end and the session.usage that follows it.
  const after = events.slice(events.findIndex((e) => e.type === 'session.usage') + 1);
  if (after.at(-1)?.type !== 'session.status_idle') throw new Error(`session ${sessionId} was not resumed within ${ms} ms (after the tool call: ${after.map((e) => e.type).join(', ') || 'nothing'})`);
  return { events: after, resultAt };
}

function expectInterruptedThenDone(events: SessionEvent[]) {
  expect(events[0]).toMatchObject({ type: 'agent.tool_result', is_error: true, content: [{ type: 'text', text: expect.stringContaining('interrupted when Dockhand stopped') }] });
  expect(events.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  expect(events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ text: 'resumed' }] });
}

it('a restart while the dead holder still looks alive resumes the session within a lease period', { timeout: 90_000 }, async () => {
  const dataDir = tempDir();
  const first = await start(dataDir);
  const session = await midTool(first.client());
  first.child.kill('SIGSTOP');

  const second = await start(dataDir);
  const startedAt = Date.now();
  const { events, resultAt } = await resumed(second.client(), session.id, LEASE_MS + 10_000);
  expectInterruptedThenDone(events);
  expect(resultAt - startedAt).toBeLessThanOrEqual(LEASE_MS);
});

it("a server already running on the same data directory picks up a dead one's session within a lease period", { timeout: 90_000 }, async () => {
  const dataDir = tempDir();
  const first = await start(dataDir);
  const second = await start(dataDir);
  const session = await midTool(first.client());
  await first.kill();
  const diedAt = Date.now();

  const { events, resultAt } = await resumed(second.client(), session.id, LEASE_MS + 10_000);
  expectInterruptedThenDone(events);
  expect(resultAt - diedAt).toBeLessThanOrEqual(LEASE_MS);
});
