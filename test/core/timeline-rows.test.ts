// The timeline's rows from a run of the log (shared by the live view and replay): a tool call carries
// its answer and result, a model span pairs its start and end, a cursor cuts the run, previews come
// last and only live; and which tool calls still wait for the user.
import { describe, expect, it } from 'vitest';
import { buildRows, pendingActions } from '../../renderer/src/sessions/timeline/rows.ts';
import type { SessionEvent } from '../../renderer/src/data/types.ts';

let n = 0;
const at = '2026-11-28T10:00:00.000Z';
const ev = (e: Record<string, unknown>): SessionEvent => ({ id: `sevt_${++n}`, processed_at: at, ...e }) as unknown as SessionEvent;

function session() {
  const msg = ev({ type: 'user.message', content: [{ type: 'text', text: 'hi' }] });
  const start = ev({ type: 'span.model_request_start' });
  const use = ev({ type: 'agent.tool_use', name: 'bash', input: { command: 'ls' } });
  const end = ev({ type: 'span.model_request_end', model_request_start_id: start.id, is_error: false, model_usage: { input_tokens: 1, output_tokens: 2, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 } });
  const usage = ev({ type: 'session.usage' });
  const idle = ev({ type: 'session.status_idle', stop_reason: { type: 'requires_action', event_ids: [use.id] } });
  const confirm = ev({ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'allow' });
  const result = ev({ type: 'agent.tool_result', tool_use_id: use.id, content: [{ type: 'text', text: 'a\nb' }] });
  return { msg, start, use, end, usage, idle, confirm, result, all: [msg, start, use, end, usage, idle, confirm, result] };
}

describe('timeline rows', () => {
  it('puts a tool call’s confirmation and result on its row, and a model span on its start’s place', () => {
    const s = session();
    const rows = buildRows(s.all);
    expect(rows.map((r) => r.key)).toEqual([s.msg.id, s.end.id, s.use.id, s.idle.id]);
    const tool = rows[2]!;
    expect(tool).toMatchObject({ kind: 'tool', confirmation: { id: s.confirm.id }, result: { id: s.result.id } });
    expect(rows[1]).toMatchObject({ kind: 'span', start: { id: s.start.id } });
  });

  it('shows exactly the events up to the cursor', () => {
    const s = session();
    // At the tool call: the span has not ended (its start shows), no answer yet.
    const rows = buildRows(s.all, [], 2);
    expect(rows.map((r) => r.key)).toEqual([s.msg.id, s.start.id, s.use.id]);
    expect(rows[2]).toMatchObject({ kind: 'tool' });
    expect(rows[2]).not.toHaveProperty('result');
  });

  it('adds previews after the events when live, never under a cursor', () => {
    const s = session();
    const preview = { id: 'sevt_next', type: 'agent.message' as const, text: 'Hel' };
    expect(buildRows(s.all, [preview]).at(-1)).toEqual({ kind: 'preview', key: 'preview/sevt_next', preview });
    expect(buildRows(s.all, [preview], s.all.length - 1).some((r) => r.kind === 'preview')).toBe(false);
  });

  it('renders an event type it does not know as a row of its own', () => {
    const odd = ev({ type: 'session.something_new', detail: 1 });
    expect(buildRows([odd])).toEqual([{ kind: 'event', key: odd.id, index: 0, event: odd }]);
  });
});

describe('session rows', () => {
  const limit = (amount: string) => ({ type: 'limit', max_list_cost: { amount, currency: 'USD' } });

  it('give an update what it replaced, when the run shows it', () => {
    const first = ev({ type: 'session.updated', metadata: { owner: 'alice' } });
    const usage = ev({ type: 'session.usage', usage: { list_cost: { amount: '150', currency: 'USD' } }, budget: limit('100') });
    const second = ev({ type: 'session.updated', metadata: { owner: 'bob' }, budget: limit('500') });
    const third = ev({ type: 'session.updated', budget: null });
    const rows = buildRows([first, usage, second, third]);
    expect(rows.map((r) => r.kind)).toEqual(['updated', 'updated', 'updated']);
    expect(rows[0]).toMatchObject({ budgetBefore: undefined, metadataBefore: undefined });
    expect(rows[1]).toMatchObject({ budgetBefore: limit('100'), metadataBefore: { owner: 'alice' } });
    expect(rows[2]).toMatchObject({ budgetBefore: limit('500'), metadataBefore: { owner: 'bob' } });
  });

  it('give a turn stopped on the budget the budget and the spend before it', () => {
    const usage = ev({ type: 'session.usage', usage: { list_cost: { amount: '150', currency: 'USD' } }, budget: limit('100') });
    const stop = ev({ type: 'session.status_idle', stop_reason: { type: 'budget_reached' } });
    const ended = ev({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
    expect(buildRows([usage, stop, ended])).toEqual([
      { kind: 'budget', key: stop.id, index: 1, event: stop, budget: limit('100'), spent: { amount: '150', currency: 'USD' } },
      { kind: 'event', key: ended.id, index: 2, event: ended },
    ]);
    // Without the usage in view, the stop still shows, its figures unknown.
    expect(buildRows([stop])[0]).toMatchObject({ kind: 'budget', budget: undefined, spent: undefined });
  });
});

describe('pending actions', () => {
  it('are the calls the last requires_action named that nothing answered since', () => {
    const s = session();
    expect(pendingActions(s.all, 5)).toEqual([s.use.id]);
    expect(pendingActions(s.all, 6)).toEqual([]);
    expect(pendingActions(s.all)).toEqual([]);
  });

  it('end with an interrupt or a new run', () => {
    const s = session();
    expect(pendingActions([...s.all.slice(0, 6), ev({ type: 'user.interrupt' })])).toEqual([]);
    expect(pendingActions([...s.all.slice(0, 6), ev({ type: 'session.status_running' })])).toEqual([]);
  });
});
