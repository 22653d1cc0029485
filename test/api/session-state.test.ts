// The state at an event (a Dockhand extension for replay, GET /v1/sessions/{id}/state?at=sevt_...):
// the context the model was given (after compaction), pending calls, tokens and cost so far; and the
// usage report (GET /v1/dockhand/usage). Sessions are run for real against the scripted model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSession as Session } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { EventsWindow, SessionStateAt } from '../../electron/core/api/replay.ts';
import type { UsageReport } from '../../electron/core/api/usage.ts';
import prices from '../../resources/prices.json' with { type: 'json' };
import { brainRig, type BrainRig } from '../support/brain.ts';
import { allEvents } from '../support/event-lists.ts';
import { expectApiError } from '../support/fixtures.ts';
import { codingSession, compactionSession } from '../support/sample-sessions.ts';
import type { RecordedRequest } from '../support/scripted-model/index.ts';

let rig: BrainRig;
const runs: { id: string; events: SessionEvent[]; requests: RecordedRequest[] }[] = [];

async function run(make: (r: BrainRig) => Promise<string>) {
  const before = rig.model.requests.length;
  const id = await make(rig);
  runs.push({ id, events: await allEvents(rig.client, id), requests: rig.model.requests.slice(before) });
  return runs.at(-1)!;
}

beforeAll(async () => {
  rig = await brainRig({ args: ['--hands', 'host'], env: { DOCKHAND_CONTEXT_WINDOW: '12000', DOCKHAND_MAX_TOKENS: '1000' } });
  await run(codingSession);
  await run(compactionSession);
}, 120_000);
afterAll(async () => rig?.close());

const stateAt = (sessionId: string, at?: string) => rig.client.get<SessionStateAt>(`/v1/sessions/${sessionId}/state`, { query: at ? { at } : {} });

/** The tokens of the span ends among `events`, as the session's usage counts them. */
function summed(events: SessionEvent[]) {
  const ends = events.filter((e): e is Extract<SessionEvent, { type: 'span.model_request_end' }> => e.type === 'span.model_request_end');
  return {
    input_tokens: ends.reduce((n, e) => n + e.model_usage.input_tokens, 0),
    output_tokens: ends.reduce((n, e) => n + e.model_usage.output_tokens, 0),
    cache_read_input_tokens: ends.reduce((n, e) => n + e.model_usage.cache_read_input_tokens, 0),
    model_requests: ends.length,
  };
}

describe('sessions.state', () => {
  it('at every event of a session with tool calls and approvals: the model context of each request, pending calls, tokens so far', async () => {
    const { id, events, requests } = runs[0]!;
    let request = 0;
    for (const [i, e] of events.entries()) {
      const label = `#${i} ${e.type}`;
      const s = await stateAt(id, e.id);
      expect(s, label).toMatchObject({ type: 'session_state', session_id: id, event_id: e.id, position: i + 1, total: events.length });
      const sums = summed(events.slice(0, i + 1));
      expect(s.usage, label).toMatchObject({ input_tokens: sums.input_tokens, output_tokens: sums.output_tokens, cache_read_input_tokens: sums.cache_read_input_tokens });
      expect(s.model_requests, label).toBe(sums.model_requests);
      // At a request's start, the messages are exactly what the model received in that request.
      if (e.type === 'span.model_request_start') {
        expect(s.messages, label).toEqual(requests[request++]!.body.messages);
        expect(s.open_model_request, label).toBe(e.id);
        expect(s.next, label).toBe('model');
      }
      // Waiting for approval: the calls named by the idle event, their input shown.
      if (e.type === 'session.status_idle' && e.stop_reason.type === 'requires_action') {
        expect(s.pending.map((p) => p.event_id), label).toEqual(e.stop_reason.event_ids);
        for (const p of s.pending) {
          const use = events.find((x) => x.id === p.event_id) as Extract<SessionEvent, { type: 'agent.tool_use' }>;
          expect(p, label).toEqual({ event_id: use.id, name: use.name, input: use.input, awaiting: 'confirmation' });
        }
        expect(s.next, label).toBe('user');
        expect(s.status, label).toBe('idle');
      }
    }
    expect(request).toBe(requests.length);

    // Without `at`: the end, equal to the session's own usage and cost.
    const end = await stateAt(id);
    const session = await rig.client.beta.sessions.retrieve(id);
    expect(end).toMatchObject({ event_id: events.at(-1)!.id, position: events.length, pending: [], next: 'rest', status: 'idle' });
    expect(end.usage).toEqual(session.usage);
    // Only the last messages when asked for fewer; their count says how many there are.
    const last2 = await rig.client.get<SessionStateAt>(`/v1/sessions/${id}/state`, { query: { messages: 2 } });
    expect(last2.messages).toEqual(end.messages.slice(-2));
    expect(last2.message_count).toBe(end.messages.length);
    expect(end.estimated_cost_usd).toBeGreaterThan(0);
    expect(Math.round(end.estimated_cost_usd! * 100)).toBe(Number(session.usage.list_cost!.amount));
  });

  it('after a compaction, gives the compacted context the model was given; an imported copy says its compaction was not recorded', async () => {
    const { id, events, requests } = runs[1]!;
    const compacted = events.findIndex((e) => e.type === 'agent.thread_context_compacted');
    expect(compacted).toBeGreaterThan(0);
    const starts = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'span.model_request_start');
    const k = starts.findIndex(([, i]) => i > compacted);
    const [after] = starts[k]!;
    const s = await stateAt(id, after.id);
    expect(s.compaction).toEqual({ event_id: events[compacted]!.id, recorded: true });
    expect(s.messages).toEqual(requests[k]!.body.messages);
    expect(JSON.stringify(s.messages)).toMatch(/Earlier (tool output cleared|conversation omitted)/);
    // Before it: no compaction yet.
    expect((await stateAt(id, events[compacted - 1]!.id)).compaction).toBeNull();

    const jsonl = await rig.client.get<string>(`/v1/sessions/${id}/export`);
    const copy = await rig.client.post<Session>('/v1/sessions/import', { body: { jsonl } });
    const copied = await allEvents(rig.client, copy.id);
    const c = await stateAt(copy.id, copied[compacted]!.id);
    expect(c.compaction).toEqual({ event_id: copied[compacted]!.id, recorded: false });
    // The rest of the state does not depend on what was recorded beside the log.
    const end = await stateAt(copy.id);
    expect(end.usage).toEqual((await stateAt(id)).usage);
    expect(end.position).toBe(events.length);
  });

  it('answers in the error envelope: an event of another session, an unknown event, a malformed id, an unknown session', async () => {
    const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
    const other = await expectApiError(stateAt(a.id, b.events[0]!.id), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(other.message).toContain(`is not in session ${a.id}`);
    await expectApiError(stateAt(a.id, 'sevt_doesnotexist'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const bad = await expectApiError(stateAt(a.id, 'evt_1'), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(bad.message).toMatch(/at/);
    await expectApiError(stateAt('sesn_doesnotexist'), Anthropic.NotFoundError, 404, 'not_found_error');
  });
});

describe('events.window', () => {
  it('reads the log by position: any run, the last by default, empty past the end; refuses position 0', async () => {
    const { id, events } = runs[0]!;
    const at = (query: Record<string, number>) => rig.client.get<EventsWindow>(`/v1/sessions/${id}/events/window`, { query });
    expect(await at({ from: 3, limit: 4 })).toEqual({ data: events.slice(2, 6), first_position: 3, total: events.length });
    expect(await at({ limit: 5 })).toEqual({ data: events.slice(-5), first_position: events.length - 4, total: events.length });
    expect(await at({ from: events.length + 1 })).toEqual({ data: [], first_position: events.length + 1, total: events.length });
    await expectApiError(at({ from: 0 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(at({ limit: 1001 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});

describe('usage.report', () => {
  it('sums every session per session, per agent and per day, priced at the table whose date it gives', async () => {
    // A fork at the coding session's end has spent nothing yet: the copied requests count once, in the original.
    const fork = await rig.client.post<Session>(`/v1/sessions/${runs[0]!.id}/fork`, { body: { event_id: runs[0]!.events.at(-1)!.id } });
    expect((await rig.client.beta.sessions.retrieve(fork.id)).usage.input_tokens).toBeGreaterThan(0);
    const report = await rig.client.get<UsageReport>('/v1/dockhand/usage');
    expect(report.prices).toEqual({ date: prices.date, currency: 'USD', source: prices.source, note: prices.note });
    // Every session with usage: the two runs, each as the session itself says; not the imported copy (spent where it was recorded), not the fork.
    expect(report.sessions.map((s) => s.session_id).sort()).toEqual(runs.map((r) => r.id).sort());
    expect(report.sessions_total).toBe(2);
    for (const row of report.sessions) {
      const session = await rig.client.beta.sessions.retrieve(row.session_id);
      expect(row).toMatchObject({ input_tokens: session.usage.input_tokens, output_tokens: session.usage.output_tokens, model: 'claude-sonnet-4-6', title: session.title });
      expect(Math.round(row.estimated_cost_usd * 100)).toBe(Number(session.usage.list_cost!.amount));
    }
    const sum = (rows: UsageReport['sessions' | 'agents' | 'series'], key: 'input_tokens' | 'output_tokens' | 'model_requests') => rows.reduce((n, r) => n + r[key], 0);
    for (const key of ['input_tokens', 'output_tokens', 'model_requests'] as const) {
      expect(sum(report.sessions, key)).toBe(report.totals[key]);
      expect(sum(report.agents, key)).toBe(report.totals[key]);
      expect(sum(report.series, key)).toBe(report.totals[key]);
    }
    expect(report.agents.reduce((n, a) => n + a.sessions, 0)).toBe(2);
    expect(report.series.every((p) => /T00:00:00Z$/.test(p.start))).toBe(true);
    expect(report.totals.unpriced_tokens).toBe(0);

    // From a time after every request: nothing. Per hour and limited: the top session only.
    const later = await rig.client.get<UsageReport>('/v1/dockhand/usage', { query: { since: new Date(Date.now() + 60_000).toISOString() } });
    expect(later).toMatchObject({ sessions: [], sessions_total: 0, series: [], totals: { model_requests: 0 } });
    const hourly = await rig.client.get<UsageReport>('/v1/dockhand/usage', { query: { bucket: 'hour', limit: 1 } });
    expect(hourly.sessions).toEqual([report.sessions[0]]);
    expect(hourly.series.every((p) => /T\d\d:00:00Z$/.test(p.start))).toBe(true);
    await expectApiError(rig.client.get('/v1/dockhand/usage', { query: { bucket: 'week' } }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});
