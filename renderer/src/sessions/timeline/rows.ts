// The timeline's rows, built from a run of the log: a tool call carries its answer (confirmation,
// result) on its own row, a model span pairs its start and end, everything else is one row per event.
// Pure, so the live view and replay (the same events up to a cursor) build the same rows.
import type { EventPreview, SessionEvent } from '../../data/types.ts';

export type ToolUseEvent = Extract<SessionEvent, { type: 'agent.tool_use' | 'agent.mcp_tool_use' | 'agent.custom_tool_use' }>;
type ToolResultEvent = Extract<SessionEvent, { type: 'agent.tool_result' | 'agent.mcp_tool_result' | 'user.custom_tool_result' }>;
type Confirmation = Extract<SessionEvent, { type: 'user.tool_confirmation' }>;
type SpanStart = Extract<SessionEvent, { type: 'span.model_request_start' }>;
type SpanEnd = Extract<SessionEvent, { type: 'span.model_request_end' }>;
export type SessionUpdated = Extract<SessionEvent, { type: 'session.updated' }>;
type Amount = NonNullable<Extract<SessionEvent, { type: 'session.usage' }>['usage']['list_cost']>;
export type BudgetLimit = NonNullable<SessionUpdated['budget']>;
export type BudgetStop = Extract<SessionEvent, { type: 'session.status_idle' }> & { stop_reason: { type: 'budget_reached' } };

export type TimelineRow =
  | { kind: 'event'; key: string; index: number; event: SessionEvent }
  | { kind: 'tool'; key: string; index: number; event: ToolUseEvent; confirmation?: Confirmation; result?: ToolResultEvent }
  | { kind: 'span'; key: string; index: number; event: SpanEnd; start?: SpanStart }
  /** A change to the session, with what it replaced when the run shows it (undefined: not in view). */
  | { kind: 'updated'; key: string; index: number; event: SessionUpdated; budgetBefore?: BudgetLimit | null; metadataBefore?: SessionUpdated['metadata'] }
  /** A turn stopped on the budget, with the budget and the spend the run shows (undefined: not in view). */
  | { kind: 'budget'; key: string; index: number; event: BudgetStop; budget?: BudgetLimit | null; spent?: Amount }
  | { kind: 'preview'; key: string; preview: EventPreview };

/** Events the timeline does not show as rows of their own: their figures show elsewhere (the header's usage). */
const HIDDEN = new Set<string>(['session.usage']);

const isBudgetStop = (e: SessionEvent): e is BudgetStop => e.type === 'session.status_idle' && e.stop_reason?.type === 'budget_reached';

const isToolUse = (e: SessionEvent): e is ToolUseEvent => e.type === 'agent.tool_use' || e.type === 'agent.mcp_tool_use' || e.type === 'agent.custom_tool_use';

/** The tool call an answer belongs to. */
function answers(e: SessionEvent): string | undefined {
  switch (e.type) {
    case 'agent.tool_result':
    case 'user.tool_confirmation':
      return e.tool_use_id;
    case 'agent.mcp_tool_result':
      return e.mcp_tool_use_id;
    case 'user.custom_tool_result':
      return e.custom_tool_use_id;
  }
  return undefined;
}

/**
 * The rows for `events` up to and including index `upTo` (all when omitted), then the previews of
 * what is being produced (live only: a cursor hides them).
 */
export function buildRows(events: readonly SessionEvent[], previews: readonly EventPreview[] = [], upTo?: number): TimelineRow[] {
  const end = upTo === undefined ? events.length : Math.min(events.length, upTo + 1);
  const calls = new Map<string, Extract<TimelineRow, { kind: 'tool' }>>();
  const spans = new Map<string, SpanStart>();
  const rows: TimelineRow[] = [];
  // What the session's budget and metadata were, as far as this run of the log shows (undefined: not known).
  let budget: BudgetLimit | null | undefined;
  let metadata: SessionUpdated['metadata'];
  let spent: Amount | undefined;
  for (let index = 0; index < end; index++) {
    const event = events[index]!;
    if (event.type === 'session.usage') {
      spent = event.usage?.list_cost ?? spent;
      budget = event.budget ?? null;
    }
    if (HIDDEN.has(event.type)) continue;
    if (event.type === 'session.updated') {
      rows.push({ kind: 'updated', key: event.id, index, event, budgetBefore: budget, metadataBefore: metadata });
      if (event.budget !== undefined) budget = event.budget;
      if (event.metadata) metadata = event.metadata;
      continue;
    }
    if (isBudgetStop(event)) {
      rows.push({ kind: 'budget', key: event.id, index, event, budget, spent });
      continue;
    }
    if (isToolUse(event)) {
      const row = { kind: 'tool' as const, key: event.id, index, event };
      calls.set(event.id, row);
      rows.push(row);
      continue;
    }
    const call = calls.get(answers(event) ?? '');
    if (call && event.type === 'user.tool_confirmation') {
      call.confirmation = event;
      continue;
    }
    if (call && event.type !== 'user.tool_confirmation') {
      call.result = event as ToolResultEvent;
      continue;
    }
    if (event.type === 'span.model_request_start') {
      spans.set(event.id, event);
      rows.push({ kind: 'event', key: event.id, index, event });
      continue;
    }
    if (event.type === 'span.model_request_end') {
      const start = spans.get(event.model_request_start_id);
      // The end replaces its start's row: one row per model request, in the place it began.
      const at = start ? rows.findLastIndex((r) => r.key === start.id) : -1;
      const row = { kind: 'span' as const, key: event.id, index, event, start };
      if (at >= 0) rows[at] = row;
      else rows.push(row);
      continue;
    }
    rows.push({ kind: 'event', key: event.id, index, event });
  }
  if (upTo === undefined) for (const preview of previews) rows.push({ kind: 'preview', key: `preview/${preview.id}`, preview });
  // Tool rows were filled in place; hand out copies so a row that changed is a new object (memoised rows re-render).
  return rows.map((r) => (r.kind === 'tool' ? { ...r } : r));
}

/**
 * The tool calls waiting for the user at the end of `events` (up to `upTo`): the ones the last
 * `session.status_idle` (requires_action) named that no later event answered.
 */
export function pendingActions(events: readonly SessionEvent[], upTo?: number): string[] {
  const end = upTo === undefined ? events.length : Math.min(events.length, upTo + 1);
  const answered = new Set<string>();
  for (let i = end - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.type === 'session.status_idle') {
      return e.stop_reason?.type === 'requires_action' ? e.stop_reason.event_ids.filter((id) => !answered.has(id)) : [];
    }
    if (e.type === 'session.status_running' || e.type === 'user.interrupt') return [];
    const ref = answers(e);
    if (ref) answered.add(ref);
  }
  return [];
}
