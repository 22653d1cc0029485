// A real `dockhand serve` child SIGKILLed at many points of a tool-using session, restarted on the same
// data directory: the session resumes to idle end_turn with no event lost or duplicated and no tool run twice.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_KEY, say, untilIdle } from '../support/brain.ts';
import { logAtDeath, type LogAtDeath } from '../support/log-at-death.ts';
import { newId, reply, startScriptedModel, text, thinking, toolUse, type RecordedRequest, type ScriptedModel, type Turn } from '../support/scripted-model/index.ts';
import { serve, tempDir, type Served } from '../support/serve.ts';

/** Tool-using steps before the agent's final answer; each step makes two tool calls in one response. */
const STEPS = 3;
const SLOTS = Array.from({ length: STEPS }, (_, i) => [`${i}a`, `${i}b`]).flat();
/** Paces each model response (~23 SSE events) over ~200 ms, so a kill can land inside it. */
const PACE = { betweenEventsMs: 9, chunkChars: 32 };
/** How long each call's command sleeps, so a kill can land inside it. */
const TOOL_SECONDS = 0.15;

const slotOf = (command: unknown) => /echo slot(\w+?)-toolu_/.exec(String(command))?.[1];

/**
 * The agent, as a function of what it is sent (a queued turn would be used up by a server that dies
 * mid-stream). Each call is a bash command that appends its own marker (slot and call id) to the count
 * file named in the user's message, so the file counts executions. A call that failed (the brain says
 * it was interrupted) leaves its slot undone, so the model retries it with a new call.
 */
function agent(request: RecordedRequest): Turn {
  const [first, ...rest] = request.body.messages;
  const file = /count into ([\w/.-]+)/.exec(JSON.stringify(first?.content))?.[1];
  if (!file) return reply('I do not know where to count.');
  const blocks = rest.flatMap((m) => (typeof m.content === 'string' ? [] : m.content));
  const slotOfCall = new Map(blocks.flatMap((b) => (b.type === 'tool_use' ? [[b.id, slotOf((b.input as { command?: string }).command)] as const] : [])));
  const done = new Set(blocks.flatMap((b) => (b.type === 'tool_result' && !b.is_error ? [slotOfCall.get(b.tool_use_id)] : [])));
  const todo = SLOTS.filter((s) => !done.has(s));
  if (!todo.length) return reply([thinking('Every slot is counted.'), text(`All ${STEPS} steps are done.`)], PACE);
  const step = todo[0]![0];
  const calls = todo.filter((s) => s[0] === step).map((slot) => {
    const id = newId('toolu_');
    return toolUse('bash', { command: `echo slot${slot}-${id} >> ${file}; sleep ${TOOL_SECONDS}; echo ok` }, id);
  });
  return reply([thinking(`Step ${step} has ${calls.length} calls left.`), text(`Step ${step}: counting.`), ...calls], PACE);
}

/** The events an undisturbed session emits. */
const STEP_EVENTS = ['span.model_request_start', 'agent.thinking', 'agent.message', 'agent.tool_use', 'agent.tool_use', 'span.model_request_end', 'session.usage', 'agent.tool_result', 'agent.tool_result'];
const RUN = [
  'user.message',
  'session.status_running',
  ...Array.from({ length: STEPS }, () => STEP_EVENTS).flat(),
  'span.model_request_start',
  'agent.thinking',
  'agent.message',
  'span.model_request_end',
  'session.usage',
  'session.status_idle',
];

/** Where to kill: `delay` ms after the event for which `at(seen)` is true (seen ends with that event). */
interface KillPoint {
  name: string;
  at: (seen: SessionEvent[]) => boolean;
  delay: number;
}

const nth = (type: string, n: number) => (seen: SessionEvent[]) => seen.at(-1)!.type === type && seen.filter((e) => e.type === type).length === n;
const POINTS: KillPoint[] = [
  // After each event of an undisturbed run but the last.
  ...RUN.slice(0, -1).map((type, i) => ({ name: `right after event ${i + 1} (${type})`, at: (seen: SessionEvent[]) => seen.length === i + 1, delay: 0 })),
  // Inside each model stream, and inside each step's first call (it starts as its model request ends).
  ...Array.from({ length: STEPS + 1 }, (_, i) => ({ name: `80 ms into model request ${i + 1}`, at: nth('span.model_request_start', i + 1), delay: 80 })),
  ...Array.from({ length: STEPS }, (_, i) => ({ name: `60 ms into the first call of step ${i + 1}`, at: nth('span.model_request_end', i + 1), delay: 60 })),
];

const byType = <T extends SessionEvent['type']>(events: SessionEvent[], type: T) => events.filter((e): e is Extract<SessionEvent, { type: T }> => e.type === type);

/** Where the session stood when the server died, as its log (and the brain's tool runs) recorded it. */
function stage({ events, startedTools }: LogAtDeath): string {
  const last = events.at(-1);
  if (last?.type === 'session.status_idle') return 'done';
  const ends = new Set(byType(events, 'span.model_request_end').map((e) => e.model_request_start_id));
  const open = byType(events, 'span.model_request_start').find((s) => !ends.has(s.id));
  if (open) return `mid model stream, after ${last!.type}`;
  const answered = new Set(byType(events, 'agent.tool_result').map((r) => r.tool_use_id));
  const pending = byType(events, 'agent.tool_use').filter((u) => !answered.has(u.id));
  if (pending.length) return startedTools.includes(pending[0]!.id) ? 'mid tool' : 'tool_use recorded, tool not started';
  return `after ${last?.type ?? 'nothing'}`;
}

let model: ScriptedModel;
let server: Served;
let client: Anthropic;
const dataDir = tempDir('dockhand-crash-');
const counts = tempDir('dockhand-crash-counts-');

async function start() {
  server = await serve({
    dataDir,
    brain: true,
    args: ['--hands', 'host'],
    env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY, DOCKHAND_RETRY_BASE_MS: '5' },
  });
  client = server.client();
}

beforeAll(async () => {
  model = await startScriptedModel({ apiKey: MODEL_KEY, script: agent });
  await start();
});
afterAll(async () => {
  await server?.stop();
  await model?.close();
  for (const dir of [dataDir, counts]) rmSync(dir, { recursive: true, force: true });
});

/** The agents (and an environment) live in the data directory, across restarts. */
const agents = new Map<string, { agent: string; environment: string }>();
async function session(permission: 'always_allow' | 'always_ask' = 'always_allow') {
  let ids = agents.get(permission);
  if (!ids) {
    const a = await client.beta.agents.create({
      name: `counter (${permission})`,
      model: 'claude-sonnet-4-6',
      tools: [{ type: 'agent_toolset_20260401', default_config: { enabled: true, permission_policy: { type: permission } } }],
    });
    const env = await client.beta.environments.create({ name: `crash-${permission}` });
    agents.set(permission, (ids = { agent: a.id, environment: env.id }));
  }
  return client.beta.sessions.create({ agent: ids.agent, environment_id: ids.environment });
}

async function allEvents(sessionId: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(sessionId, { limit: 100 })) out.push(e);
  return out;
}

/** Follows the session after `afterId` until it goes idle, within a bounded wait. */
async function resumeUntilIdle(sessionId: string, afterId: string | undefined) {
  const stream = await client.beta.sessions.events.stream(sessionId, {}, afterId ? { query: { after: afterId } as never } : {});
  const timer = setTimeout(() => stream.controller.abort(), 30_000);
  try {
    return await untilIdle(stream);
  } catch (err) {
    throw new Error(`session ${sessionId} did not go idle within 30 s: ${String(err)}`);
  } finally {
    clearTimeout(timer);
  }
}

const markers = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
const markerOf = (use: Extract<SessionEvent, { type: 'agent.tool_use' }>) => /echo (slot\w+?-toolu_\w+) >>/.exec(String(use.input.command))?.[1];
const resultText = (r: Extract<SessionEvent, { type: 'agent.tool_result' }>) => JSON.stringify(r.content);

/** Everything a recovered session must satisfy, whatever the point it was killed at. */
function checkRecovered(seen: SessionEvent[], dead: LogAtDeath, log: SessionEvent[], countFile: string) {
  // Nothing lost: the log the dead server left, and every event streamed before the kill, are still there, unchanged.
  expect(log.slice(0, dead.events.length)).toEqual(dead.events);
  const byId = new Map(log.map((e) => [e.id, e]));
  for (const e of seen) expect(byId.get(e.id)).toEqual(e);

  // Nothing duplicated: unique ids; one message, one running, one idle (the last); spans pair up in order.
  expect(byId.size).toBe(log.length);
  expect(log.filter((e) => e.type === 'user.message')).toHaveLength(1);
  expect(log.filter((e) => e.type === 'session.status_running')).toHaveLength(1);
  expect(log.filter((e) => e.type === 'session.status_idle')).toHaveLength(1);
  expect(log.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  const spans = log.filter((e) => e.type === 'span.model_request_start' || e.type === 'span.model_request_end');
  spans.forEach((e, i) => expect(e.type).toBe(i % 2 ? 'span.model_request_end' : 'span.model_request_start'));
  for (let i = 0; i < spans.length; i += 2) expect(spans[i + 1]).toMatchObject({ model_request_start_id: spans[i]!.id });
  expect(byType(spans, 'span.model_request_end').filter((e) => e.is_error).length).toBeLessThanOrEqual(1); // only the request the kill cut short

  // Every tool_use of a completed request has exactly one result; those of an abandoned request none (never sent back).
  const results = byType(log, 'agent.tool_result');
  for (const use of byType(log, 'agent.tool_use')) {
    const end = log.slice(log.indexOf(use)).find((e) => e.type === 'span.model_request_end') as Extract<SessionEvent, { type: 'span.model_request_end' }>;
    expect(results.filter((r) => r.tool_use_id === use.id)).toHaveLength(end.is_error ? 0 : 1);
  }

  // No tool ran twice: each call's marker is in the count file at most once, and only calls given a
  // result ever ran. A failed call is the one the kill interrupted; the model retried it with a new call.
  const ran = markers(countFile);
  expect(new Set(ran).size).toBe(ran.length);
  const resultOf = new Map(results.map((r) => [r.tool_use_id, r]));
  const answered = byType(log, 'agent.tool_use').filter((u) => resultOf.has(u.id));
  for (const m of ran) expect(answered.map(markerOf)).toContain(m);
  const failed = results.filter((r) => r.is_error);
  expect(failed.length).toBeLessThanOrEqual(1);
  for (const r of failed) expect(resultText(r)).toContain('interrupted');

  // Every slot succeeded exactly once, by a call that ran exactly once, and the agent finished.
  const succeeded = answered.filter((u) => !resultOf.get(u.id)!.is_error);
  expect(succeeded.map((u) => slotOf(u.input.command)).sort()).toEqual(SLOTS);
  for (const u of succeeded) {
    expect(ran).toContain(markerOf(u));
    expect(resultText(resultOf.get(u.id)!)).toContain('ok');
  }
  expect(byType(log, 'agent.message').at(-1)).toMatchObject({ content: [{ type: 'text', text: `All ${STEPS} steps are done.` }] });
}

/** Sends the user's message and follows the stream; calls `kill` (at most once) as the point says. */
async function runUntilKilled(sessionId: string, countFile: string, point: KillPoint) {
  const stream = await client.beta.sessions.events.stream(sessionId);
  const seen: SessionEvent[] = [];
  let kill!: () => void;
  const killed = new Promise<void>((r) => (kill = r));
  const following = (async () => {
    for await (const e of stream) {
      seen.push(e as SessionEvent);
      if (point.at(seen)) setTimeout(kill, point.delay);
      if (e.type === 'session.status_idle') break;
    }
  })()
    .catch(() => undefined) // the server died under the stream
    .finally(() => kill());
  await client.beta.sessions.events.send(sessionId, { events: [say(`count into ${countFile}`)] });
  await killed;
  await server.kill();
  await following;
  return seen;
}

describe('SIGKILL at many points of a tool-using session, then a restart on the same data directory', () => {
  const stages: { point: string; stage: string; eventsAtDeath: number }[] = [];

  it('an undisturbed session runs every call once and ends idle end_turn', async () => {
    const s = await session();
    const countFile = join(counts, 'undisturbed');
    const stream = await client.beta.sessions.events.stream(s.id);
    await client.beta.sessions.events.send(s.id, { events: [say(`count into ${countFile}`)] });
    const events = (await untilIdle(stream)).events as SessionEvent[];
    expect(events.map((e) => e.type)).toEqual(RUN);
    checkRecovered(events, { events, startedTools: [] }, await allEvents(s.id), countFile);
    expect(markers(countFile)).toHaveLength(SLOTS.length);
  });

  it.each(POINTS.map((p, i) => [p.name, p, i] as const))('killed %s: resumes with nothing lost, duplicated or run twice', async (name, point, i) => {
    const s = await session();
    const countFile = join(counts, `point-${i}`);
    const seen = await runUntilKilled(s.id, countFile, point);
    const dead = logAtDeath(dataDir, s.id);
    stages.push({ point: name, stage: stage(dead), eventsAtDeath: dead.events.length });

    await start(); // wakes every session the dead server left running
    // Follow from the last event the dead server wrote before going idle (if it got that far).
    const { idle } = await resumeUntilIdle(s.id, dead.events.findLast((e) => e.type !== 'session.status_idle')?.id);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    checkRecovered(seen, dead, await allEvents(s.id), countFile);
  });

  it('the kill points cover mid model stream, between agent.tool_use and agent.tool_result, and mid tool', () => {
    const hit = new Set(stages.map((s) => s.stage));
    const report = stages.map((s) => `${s.point}: ${s.stage} (${s.eventsAtDeath} events)`).join('\n');
    expect(hit, report).toContain('mid model stream, after span.model_request_start');
    expect(hit, report).toContain('mid model stream, after agent.message');
    expect(hit, report).toContain('mid model stream, after agent.tool_use');
    expect(hit, report).toContain('mid tool');
    // Distinct points: where in the session the server died, as its log recorded it.
    const distinct = new Set(stages.filter((s) => s.stage !== 'done').map((s) => `${s.eventsAtDeath}: ${s.stage}`));
    expect(distinct.size, report).toBeGreaterThanOrEqual(20);
  });
});

describe('SIGKILL around user events', () => {
  /** Stops the brain, then lets a server without one accept `send` and die: what a kill between the commit of a user event and the brain's first answer to it leaves on disk. */
  async function acceptedThenKilled<T>(send: () => Promise<T>): Promise<T> {
    await server.kill();
    const storeOnly = await serve({ dataDir });
    client = storeOnly.client();
    try {
      return await send();
    } finally {
      await storeOnly.kill();
    }
  }

  it('a message accepted just before the kill, before the brain wrote anything, is answered after the restart', async () => {
    const countFile = join(counts, 'accepted');
    const { s, sent } = await acceptedThenKilled(async () => {
      const s = await session();
      return { s, sent: await client.beta.sessions.events.send(s.id, { events: [say(`count into ${countFile}`)] }) };
    });
    const dead = logAtDeath(dataDir, s.id);
    expect(dead.events.map((e) => e.type)).toEqual(['user.message']);

    await start();
    const { idle } = await resumeUntilIdle(s.id, sent.data![0]!.id);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    checkRecovered(dead.events, dead, await allEvents(s.id), countFile);
  });

  it('awaiting a tool confirmation: after a restart nothing runs until it arrives, even if the brain died right after it did', async () => {
    const s = await session('always_ask');
    const countFile = join(counts, 'always-ask');
    const stream = await client.beta.sessions.events.stream(s.id);
    await client.beta.sessions.events.send(s.id, { events: [say(`count into ${countFile}`)] });
    let { idle } = await untilIdle(stream);
    expect(idle.stop_reason).toMatchObject({ type: 'requires_action' });
    await server.kill();
    const dead = logAtDeath(dataDir, s.id);

    await start();
    await sleep(500); // the time a wrongly woken session would need to act
    expect((await client.beta.sessions.retrieve(s.id)).status).toBe('idle');
    expect(await allEvents(s.id)).toEqual(dead.events);
    expect(markers(countFile)).toEqual([]);

    // Each step asks for both its calls; allowing them runs each exactly once. The first allow is
    // accepted just before a kill, so the restarted brain is the first to see it.
    const allow = async (ids: string[]) => {
      const sent = await client.beta.sessions.events.send(s.id, { events: ids.map((id) => ({ type: 'user.tool_confirmation' as const, tool_use_id: id, result: 'allow' as const })) });
      return sent.data!.at(-1)!.id;
    };
    const asked = (stop: typeof idle.stop_reason) => (stop.type === 'requires_action' ? stop.event_ids : []);
    expect(asked(idle.stop_reason)).toHaveLength(2);
    let last = await acceptedThenKilled(() => allow(asked(idle.stop_reason)));
    await start();
    for (;;) {
      ({ idle } = await resumeUntilIdle(s.id, last));
      if (idle.stop_reason.type !== 'requires_action') break;
      expect(asked(idle.stop_reason)).toHaveLength(2);
      last = await allow(asked(idle.stop_reason));
    }
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const log = await allEvents(s.id);
    const ran = markers(countFile);
    expect(ran).toHaveLength(SLOTS.length);
    expect(byType(log, 'agent.tool_use').map(markerOf)).toEqual(ran);
    expect(byType(log, 'agent.tool_result').map((r) => r.is_error)).toEqual(SLOTS.map(() => false));
  });
});
