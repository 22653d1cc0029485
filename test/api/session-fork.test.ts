// Fork (a Dockhand extension, POST /v1/sessions/{id}/fork): a new session whose log starts with a copy
// of another's up to an event, and runs live from there without asking the model again for the copy.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSessionEvent as SessionEvent, BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSession as Session } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { brainRig, say, type BrainRig } from '../support/brain.ts';
import { allEvents, byPosition } from '../support/event-lists.ts';
import { expectApiError } from '../support/fixtures.ts';
import { codingSession, compactionSession } from '../support/sample-sessions.ts';
import { lastToolResults, reply, type RecordedRequest } from '../support/scripted-model/index.ts';

let rig: BrainRig;
let original: string;
let events: SessionEvent[];
/** Every response the original got, as the model's later requests show it (the last one from its final message). */
let responses: MessageParam[];

beforeAll(async () => {
  // Unscripted requests (the forks') get a plain answer naming what they answered.
  rig = await brainRig({
    args: ['--hands', 'host'],
    env: { DOCKHAND_CONTEXT_WINDOW: '12000', DOCKHAND_MAX_TOKENS: '1000' },
    model: { script: (req) => reply(`fork answer to request ${req.n}`) },
  });
  original = await codingSession(rig);
  events = await allEvents(rig.client, original);
  const last = rig.model.requests.at(-1)!.body.messages.filter((m) => m.role === 'assistant');
  const final = events.findLast((e) => e.type === 'agent.message') as Extract<SessionEvent, { type: 'agent.message' }>;
  responses = [...last, { role: 'assistant', content: final.content.map((b) => ({ type: 'text' as const, text: (b as { text: string }).text })) }];
});
afterAll(async () => rig?.close());

const fork = (sessionId: string, eventId: string) => rig.client.post<Session>(`/v1/sessions/${sessionId}/fork`, { body: { event_id: eventId } });

/** Sends a message and follows the session until it has answered it (end_turn after the message). */
async function continueWith(sessionId: string, text: string): Promise<StreamEvent[]> {
  const stream = await rig.client.beta.sessions.events.stream(sessionId);
  const timer = setTimeout(() => stream.controller.abort(), 30_000);
  await rig.client.beta.sessions.events.send(sessionId, { events: [say(text)] });
  const seen: StreamEvent[] = [];
  let sent = false;
  try {
    for await (const e of stream) {
      seen.push(e);
      if (e.type === 'user.message' && JSON.stringify(e.content).includes(text)) sent = true;
      if (sent && e.type === 'session.status_idle' && e.stop_reason.type === 'end_turn') return seen;
    }
  } finally {
    clearTimeout(timer);
    stream.controller.abort();
  }
  throw new Error(`session ${sessionId} did not answer; saw ${seen.map((e) => e.type).join(', ')}`);
}

const assistants = (r: RecordedRequest) => r.body.messages.filter((m) => m.role === 'assistant');
const kind = (e: SessionEvent) => (e.type === 'session.status_idle' ? `${e.type} (${e.stop_reason.type})` : e.type);

describe('fork', () => {
  it('at every kind of event of a session with tool calls: the copy, then the fork goes on; the model sees the recorded history', async () => {
    // Each kind of event at its first place in the log, and the log's last event.
    const points = [...new Set([...new Set(events.map(kind))].map((k) => events.findIndex((e) => kind(e) === k)).concat(events.length - 1))];
    expect(new Set(points.map((i) => kind(events[i]!))).size).toBeGreaterThanOrEqual(12);

    for (const i of points) {
      const at = events[i]!;
      const label = `fork at #${i} ${kind(at)}`;
      const before = rig.model.requests.length;
      const f = await fork(original, at.id);
      expect(f.metadata, label).toMatchObject({ 'dockhand.forked_from_session': original, 'dockhand.forked_from_event': at.id });
      expect(f.agent, label).toEqual((await rig.client.beta.sessions.retrieve(original)).agent);
      const copied = await allEvents(rig.client, f.id);
      expect(byPosition(copied.slice(0, i + 1)), label).toEqual(byPosition(events.slice(0, i + 1)));

      const seen = await continueWith(f.id, `continue from #${i}`);
      const asked = rig.model.requests.slice(before);
      // Nothing of the copy was asked again: the first request carries every response completed before the fork point, as recorded.
      const completed = events.slice(0, i + 1).filter((e) => e.type === 'span.model_request_end' && !e.is_error).length;
      expect(asked.length, label).toBeGreaterThanOrEqual(1);
      expect(asked.length, label).toBeLessThanOrEqual(2); // the fork's own unfinished step (if any), then the answer to the message
      expect(assistants(asked[0]!), label).toEqual(responses.slice(0, completed));
      expect(JSON.stringify(asked.at(-1)!.body.messages.at(-1)), label).toContain(`continue from #${i}`);
      expect(seen.find((e) => e.type === 'agent.message'), label).toBeDefined();
    }
    // The original is untouched.
    expect(await allEvents(rig.client, original)).toEqual(events);
  });

  it('starts with a fresh sandbox: a tool call copied unanswered runs there, without the files the original made', async () => {
    const approvals = events.filter((e) => e.type === 'session.status_idle' && e.stop_reason.type === 'requires_action');
    const second = approvals[1]! as Extract<SessionEvent, { type: 'session.status_idle' }>;
    const f = await fork(original, second.id);
    const copied = await allEvents(rig.client, f.id);
    const pending = copied.at(-1) as Extract<SessionEvent, { type: 'session.status_idle' }>;
    expect(pending.stop_reason.type).toBe('requires_action');
    const callId = (pending.stop_reason as { event_ids: string[] }).event_ids[0]!;
    expect(copied.find((e) => e.id === callId)).toMatchObject({ type: 'agent.tool_use', name: 'bash', input: { command: 'bash test.sh' } });

    const before = rig.model.requests.length;
    const stream = await rig.client.beta.sessions.events.stream(f.id);
    await rig.client.beta.sessions.events.send(f.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: callId, result: 'allow' }] });
    for await (const e of stream) if (e.type === 'session.status_idle') break;
    const result = (await allEvents(rig.client, f.id)).find((e) => e.type === 'agent.tool_result' && e.tool_use_id === callId) as Extract<SessionEvent, { type: 'agent.tool_result' }>;
    // The original's run of the same call passed; in the fork's fresh sandbox the test file is not there.
    expect(result.is_error).toBe(true);
    expect(JSON.stringify(result.content)).toContain('test.sh: No such file or directory');
    expect(lastToolResults(rig.model.requests[before]!).map((r) => r.is_error)).toEqual([false, true]); // the copied edit's result, then this run's
  });

  it('continues an imported log: its responses rebuilt from the events (text and tool calls, no thinking)', async () => {
    const jsonl = await rig.client.get<string>(`/v1/sessions/${original}/export`);
    const imported = await rig.client.post<Session>('/v1/sessions/import', { body: { jsonl } });
    const last = (await allEvents(rig.client, imported.id)).at(-1)!;
    const f = await fork(imported.id, last.id);
    expect(f.metadata).toMatchObject({ 'dockhand.forked_from_session': imported.id });
    expect(f.metadata['dockhand.read_only']).toBeUndefined();
    const before = rig.model.requests.length;
    await continueWith(f.id, 'and one more thing');
    const asked = rig.model.requests.slice(before);
    expect(asked).toHaveLength(1);
    const strip = (m: MessageParam) => ({
      role: m.role,
      content: (m.content as { type: string; name?: string; input?: unknown }[]).filter((b) => b.type !== 'thinking').map((b) => (b.type === 'tool_use' ? { type: b.type, name: b.name, input: b.input } : b)),
    });
    // The scripted model checks tool_use / tool_result pairing like the real API: the rebuilt ids pair up.
    expect(assistants(asked[0]!).map(strip)).toEqual(responses.map(strip));
  });

  it('after a compaction: the fork asks with the compacted context the original had', async () => {
    const s = await compactionSession(rig);
    const log = await allEvents(rig.client, s);
    expect(log.map((e) => e.type)).toContain('agent.thread_context_compacted');
    const second = log.filter((e) => e.type === 'user.message')[1]!;
    const originalAsk = rig.model.requests.at(-1)!; // the original's answer to its second message
    const before = rig.model.requests.length;
    const f = await fork(s, second.id);
    for (let i = 0; i < 500 && rig.model.requests.length === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(rig.model.requests[before]!.body.messages).toEqual(originalAsk.body.messages);
    // Only the copied compactions: the fork did not compact again.
    const compactions = (l: SessionEvent[]) => l.filter((e) => e.type === 'agent.thread_context_compacted').length;
    expect(compactions(await allEvents(rig.client, f.id))).toBe(compactions(log.slice(0, log.indexOf(second))));
  });

  it('refuses an event of another session, an unknown event, and an unknown session', async () => {
    const other = await rig.client.beta.sessions.create({ agent: (await rig.client.beta.sessions.retrieve(original)).agent.id, environment_id: (await rig.client.beta.sessions.retrieve(original)).environment_id });
    const err = await expectApiError(fork(other.id, events[0]!.id), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(err.message).toContain(`is not in session ${other.id}`);
    await expectApiError(fork(original, 'sevt_DoesNotExist'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(fork('sesn_DoesNotExist', events[0]!.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(fork(original, 'not-an-id'), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});
