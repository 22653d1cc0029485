// Deleting a session while its brain is busy with it: mid model stream and mid tool call. The delete
// stops the run first; the `dockhand serve` process outlives the brain's next lease renewal (every
// 5 s with the default 15 s lease) and keeps serving.
import { setTimeout as sleep } from 'node:timers/promises';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { reply, toolUse, type RecordedRequest, type Turn } from '../support/scripted-model/index.ts';

/** Longer than the brain's lease renewal period, so a renewal comes after the delete. */
const PAST_RENEWAL_MS = 6_000;

/** What the agent does, from the user's first message: stream slowly, run a long command, or a quick tool turn. */
function agent(request: RecordedRequest): Turn {
  const first = JSON.stringify(request.body.messages[0]?.content);
  const answered = request.body.messages.length > 1;
  if (first.includes('stream slowly')) return reply('x'.repeat(400), { chunkChars: 4, betweenEventsMs: 100 }); // ~10 s
  if (first.includes('run a long command')) return answered ? reply('done') : reply([toolUse('bash', { command: 'sleep 30; echo late' })]);
  return answered ? reply('all good') : reply([toolUse('bash', { command: 'echo still-serving' })]);
}

let rig: BrainRig;
beforeEach(async () => {
  rig = await brainRig({ model: { script: agent }, args: ['--hands', 'host'] });
});
afterEach(async () => {
  await rig?.close();
});

async function newSession() {
  const a = await rig.client.beta.agents.create({ name: 'deleter', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
  const env = await rig.client.beta.environments.create({ name: `delete-${Math.random()}` });
  return rig.client.beta.sessions.create({ agent: a.id, environment_id: env.id });
}

/**
 * Sends `text`, waits until the event `until` has been seen (plus `afterMs`), sends the `followUp`
 * messages (the user typing on while the agent works), then deletes the session.
 */
async function deleteDuring(text: string, until: StreamEvent['type'], afterMs: number, followUp: string[] = []) {
  const s = await newSession();
  const stream = await rig.client.beta.sessions.events.stream(s.id);
  await rig.client.beta.sessions.events.send(s.id, { events: [say(text)] });
  const seen: StreamEvent[] = [];
  for await (const e of stream) {
    seen.push(e);
    if (e.type === until) break;
  }
  await sleep(afterMs);
  for (const t of followUp) await rig.client.beta.sessions.events.send(s.id, { events: [say(t)] });
  const requests = rig.model.requests.length;
  const deleted = await rig.client.beta.sessions.delete(s.id);
  expect(deleted).toEqual({ id: s.id, type: 'session_deleted' });
  const exited = new Promise((r) => rig.server.child.once('exit', r));
  await Promise.race([exited, sleep(PAST_RENEWAL_MS)]);
  expect(rig.server.child.exitCode, `the server exited:\n${rig.server.stderr()}`).toBeNull();
  return { session: s, seen, requests };
}

/** The server is up and a fresh session runs a whole tool-using turn. */
async function stillServing() {
  const s = await newSession();
  const { idle, events } = await turn(rig.client, s.id, [say('check')]);
  expect(idle.stop_reason).toEqual({ type: 'end_turn' });
  expect(events.find((e) => e.type === 'agent.tool_result')).toMatchObject({ is_error: false, content: [{ type: 'text', text: expect.stringContaining('still-serving') }] });
  expect(rig.server.stderr()).not.toMatch(/FOREIGN KEY|uncaught|internal error/i);
}

it('deleting a session mid model stream stops its run; the server stays up and keeps serving', async () => {
  const { session, seen, requests } = await deleteDuring('stream slowly', 'span.model_request_start', 300);
  expect(seen.map((e) => e.type)).toContain('session.status_running');
  await expect(rig.client.beta.sessions.retrieve(session.id)).rejects.toMatchObject({ status: 404 });
  expect(rig.model.requests.length).toBe(requests); // nothing asked the model again for the deleted session
  await stillServing();
});

it('deleting a session mid tool call, with a message sent meanwhile, stops its run; the server stays up and keeps serving', async () => {
  const { session, seen, requests } = await deleteDuring('run a long command', 'agent.tool_use', 300, ['and then tell me']);
  expect(seen.at(-1)).toMatchObject({ type: 'agent.tool_use', name: 'bash' });
  await expect(rig.client.beta.sessions.events.list(session.id)).rejects.toMatchObject({ status: 404 });
  expect(rig.model.requests.length).toBe(requests);
  await stillServing();
});
