// The brain's whole state, folded from the session log. Nothing here lives only in memory: a new
// brain rebuilds it from the last checkpoint plus the events after it.
import type { ContentBlockParam, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { SessionEvent, StoredEvent } from '../store/index.ts';

export interface Call {
  /** The agent.tool_use / agent.custom_tool_use event, as the user refers to it. */
  eventId: string;
  /** The model's own id for the call. */
  toolUseId: string;
  name: string;
  input: Record<string, unknown>;
  custom: boolean;
  ask: boolean;
  decision?: { allow: boolean; message?: string | null };
  result?: ToolResultBlockParam;
}

/** A completed model response, kept beside the log (store.brain) and read back on recovery. */
export interface RecordedResponse {
  content: ContentBlockParam[];
  calls: Call[];
}

export interface BrainState {
  /** The last event folded in. */
  seq: number;
  /** The context: completed exchanges; a trailing user message awaits the model. */
  messages: MessageParam[];
  /** The last response's tool calls, until every one has a result. */
  calls: Call[];
  /** A model request that started and never ended (the brain died mid-stream). */
  openRequest: string | null;
  /** A user.interrupt not yet answered by going idle. */
  interrupted: boolean;
  /** Failed model attempts in a row. */
  failures: number;
  /** Retries ran out, or the user interrupted: wait for the user before asking the model again. */
  stalled: boolean;
  status: string;
  lastIdle: { reason: string; eventIds: string[] } | null;
}

export const initialState = (): BrainState => ({
  seq: 0,
  messages: [],
  calls: [],
  openRequest: null,
  interrupted: false,
  failures: 0,
  stalled: false,
  status: 'idle',
  lastIdle: null,
});

type UserBlocks = Extract<SessionEvent, { type: 'user.message' }>['content'];

function userContent(blocks: UserBlocks): ContentBlockParam[] {
  return blocks.flatMap((b): ContentBlockParam[] => (b.type === 'redacted' ? [] : [b as ContentBlockParam]));
}

const textResult = (toolUseId: string, text: string, isError: boolean): ToolResultBlockParam => ({
  type: 'tool_result',
  tool_use_id: toolUseId,
  content: [{ type: 'text', text }],
  is_error: isError,
});

function pushUser(s: BrainState, blocks: ContentBlockParam[]): void {
  if (!blocks.length) return;
  const last = s.messages[s.messages.length - 1];
  if (last?.role === 'user') last.content = [...(typeof last.content === 'string' ? [{ type: 'text' as const, text: last.content }] : last.content), ...blocks];
  else s.messages.push({ role: 'user', content: blocks });
}

/** Once every call of the last response has a result, they go to the model together. */
function flushResults(s: BrainState): void {
  if (s.calls.length && s.calls.every((c) => c.result)) {
    pushUser(s, s.calls.map((c) => c.result!));
    s.calls = [];
  }
}

/** Gives every unresolved call a result saying why it did not run. */
function resolveUnfinished(s: BrainState, reason: string): void {
  for (const c of s.calls) if (!c.result) c.result = textResult(c.toolUseId, reason, true);
  flushResults(s);
}

const callOf = (s: BrainState, eventId: string) => s.calls.find((c) => c.eventId === eventId && !c.result);

/** Folds events into a copy of the state. `response` reads a recorded model response back. */
export function fold(prev: BrainState, events: Iterable<StoredEvent>, response: (requestEventId: string) => RecordedResponse | undefined): BrainState {
  const s: BrainState = structuredClone(prev);
  for (const { seq, event: e } of events) {
    s.seq = seq;
    switch (e.type) {
      case 'user.message':
        resolveUnfinished(s, 'Not run: the user sent a new message instead of answering this tool call.');
        pushUser(s, userContent(e.content));
        s.failures = 0;
        s.stalled = false;
        break;
      case 'system.message':
        pushUser(s, e.content.map((b) => ({ type: 'text' as const, text: b.text })));
        break;
      case 'user.interrupt':
        s.interrupted = true;
        break;
      case 'user.tool_confirmation': {
        const c = callOf(s, e.tool_use_id);
        if (c && c.ask) c.decision = { allow: e.result === 'allow', message: e.deny_message };
        break;
      }
      case 'user.custom_tool_result': {
        const c = callOf(s, e.custom_tool_use_id);
        if (c?.custom) {
          c.result = { type: 'tool_result', tool_use_id: c.toolUseId, content: (e.content ?? []) as ToolResultBlockParam['content'], is_error: e.is_error ?? false };
          flushResults(s);
          s.stalled = false;
        }
        break;
      }
      case 'agent.tool_result': {
        const c = callOf(s, e.tool_use_id);
        if (c) {
          c.result = { type: 'tool_result', tool_use_id: c.toolUseId, content: (e.content ?? []) as ToolResultBlockParam['content'], is_error: e.is_error ?? false };
          flushResults(s);
        }
        break;
      }
      case 'span.model_request_start':
        s.openRequest = e.id;
        break;
      case 'span.model_request_end': {
        s.openRequest = null;
        const r = e.is_error ? undefined : response(e.model_request_start_id);
        if (r) {
          s.messages.push({ role: 'assistant', content: r.content });
          s.calls = r.calls;
          s.failures = 0;
        }
        break;
      }
      case 'session.error':
        if (e.error.retry_status.type === 'retrying') s.failures++;
        else (s.failures = 0), (s.stalled = true);
        break;
      case 'session.status_running':
        s.status = 'running';
        s.lastIdle = null;
        break;
      case 'session.status_idle':
        s.status = 'idle';
        if (s.interrupted) s.stalled = true;
        s.interrupted = false;
        s.lastIdle = { reason: e.stop_reason.type, eventIds: 'event_ids' in e.stop_reason ? e.stop_reason.event_ids : [] };
        break;
    }
  }
  return s;
}

export type Step =
  | { kind: 'abandon'; requestEventId: string }
  | { kind: 'interrupt' }
  | { kind: 'deny'; calls: Call[] }
  | { kind: 'run'; calls: Call[] }
  | { kind: 'await'; eventIds: string[] }
  | { kind: 'model' }
  | { kind: 'rest' };

/** What the log says must happen next. */
export function nextStep(s: BrainState): Step {
  if (s.openRequest) return { kind: 'abandon', requestEventId: s.openRequest };
  if (s.interrupted) return { kind: 'interrupt' };
  const pending = s.calls.filter((c) => !c.result);
  const denied = pending.filter((c) => c.decision && !c.decision.allow);
  if (denied.length) return { kind: 'deny', calls: denied };
  const runnable = pending.filter((c) => !c.custom && (!c.ask || c.decision?.allow));
  if (runnable.length) return { kind: 'run', calls: runnable };
  if (pending.length) return { kind: 'await', eventIds: pending.map((c) => c.eventId) };
  const last = s.messages[s.messages.length - 1];
  if (last?.role === 'user' && !s.stalled) return { kind: 'model' };
  return { kind: 'rest' };
}

