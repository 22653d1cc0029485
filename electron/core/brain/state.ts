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
  /** An MCP server's tool (its result is an agent.mcp_tool_result). */
  mcp?: { server: string; tool: string };
  decision?: { allow: boolean; message?: string | null };
  /** Refused before any policy applied (evaluated_permission deny): why, as the model is told. */
  refused?: string;
  result?: ToolResultBlockParam;
}

/** Why a call of a tool the agent does not offer (unknown, or disabled) is refused. */
export const notOffered = (name: string) => `The tool ${name} is not enabled for this agent, so this call was refused. Use one of the tools you were given.`;

/** A completed model response, kept beside the log (store.brain) and read back on recovery. */
export interface RecordedResponse {
  content: ContentBlockParam[];
  calls: Call[];
}
/** The context a compaction left, kept beside its agent.thread_context_compacted event. */
export interface RecordedCompaction {
  messages: MessageParam[];
}
/** What the brain recorded beside an event, by that event's id (a span start, a compaction). */
export type Recorded = (eventId: string) => RecordedResponse | RecordedCompaction | undefined;

export interface BrainState {
  /** The last event folded in. */
  seq: number;
  /** The context: completed exchanges; a trailing user message awaits the model. */
  messages: MessageParam[];
  /** The last response's tool calls, until every one has a result. */
  calls: Call[];
  /** A model request that started and never ended (the brain died mid-stream). */
  openRequest: string | null;
  /**
   * The open request's response as its events tell it, for a log whose responses were not recorded
   * here (an imported one, forked): text and tool calls (not thinking, which events do not carry).
   */
  draft?: RecordedResponse;
  /** What system.message events added to the system prompt, in order (for this turn and every later one). */
  systemNotes?: string[];
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

/** The model's id for a call it made, for a call known only from its event (see BrainState.draft). */
const draftToolUseId = (eventId: string) => `toolu_${eventId.replace(/^sevt_/, '')}`;

function draftCall(s: BrainState, e: Extract<SessionEvent, { type: 'agent.tool_use' | 'agent.custom_tool_use' }>): void {
  if (!s.draft) return;
  const toolUseId = draftToolUseId(e.id);
  s.draft.content.push({ type: 'tool_use', id: toolUseId, name: e.name, input: e.input });
  const custom = e.type === 'agent.custom_tool_use';
  const refused = !custom && e.evaluated_permission === 'deny' ? { refused: notOffered(e.name) } : {};
  s.draft.calls.push({ eventId: e.id, toolUseId, name: e.name, input: e.input, custom, ask: !custom && e.evaluated_permission === 'ask', ...refused });
}

/** Folds events into a copy of the state. `recorded` reads back what the brain recorded beside them. */
export function fold(prev: BrainState, events: Iterable<StoredEvent>, recorded: Recorded): BrainState {
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
        // Privileged context, not the user's words: it joins the system prompt (the Messages API has no system turns).
        s.systemNotes = [...(s.systemNotes ?? []), e.content.map((b) => b.text).join('\n')];
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
      case 'agent.tool_result':
      case 'agent.mcp_tool_result': {
        const c = callOf(s, e.type === 'agent.tool_result' ? e.tool_use_id : e.mcp_tool_use_id);
        if (c) {
          c.result = { type: 'tool_result', tool_use_id: c.toolUseId, content: (e.content ?? []) as ToolResultBlockParam['content'], is_error: e.is_error ?? false };
          flushResults(s);
        }
        break;
      }
      case 'span.model_request_start':
        s.openRequest = e.id;
        s.draft = { content: [], calls: [] };
        break;
      case 'agent.message':
        s.draft?.content.push({ type: 'text', text: e.content.map((b) => (b.type === 'text' ? b.text : '')).join('') });
        break;
      case 'agent.tool_use':
      case 'agent.custom_tool_use':
        draftCall(s, e);
        break;
      case 'agent.thread_context_compacted': {
        const c = recorded(e.id);
        if (c && 'messages' in c) s.messages = c.messages;
        break;
      }
      case 'span.model_request_end': {
        s.openRequest = null;
        const found = e.is_error ? undefined : recorded(e.model_request_start_id);
        const r = found && 'content' in found ? found : e.is_error ? undefined : s.draft;
        delete s.draft;
        if (r) {
          // The API refuses an empty assistant turn: a response with no content leaves none.
          if (r.content.length) s.messages.push({ role: 'assistant', content: r.content });
          s.calls = r.calls;
          s.failures = 0;
        }
        break;
      }
      case 'session.error':
        // An MCP server's failure shows in its calls' results: it neither counts toward the model's retries nor stalls the session.
        if (e.error.type.startsWith('mcp_')) break;
        if (e.error.retry_status.type === 'retrying') s.failures++;
        else (s.failures = 0), (s.stalled = true);
        break;
      case 'session.status_running':
        s.status = 'running';
        s.lastIdle = null;
        break;
      case 'session.status_idle':
        s.status = 'idle';
        if (s.interrupted || e.stop_reason.type === 'budget_reached') s.stalled = true;
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
  const denied = pending.filter((c) => c.refused || (c.decision && !c.decision.allow));
  if (denied.length) return { kind: 'deny', calls: denied };
  const runnable = pending.filter((c) => !c.custom && (!c.ask || c.decision?.allow));
  if (runnable.length) return { kind: 'run', calls: runnable };
  if (pending.length) return { kind: 'await', eventIds: pending.map((c) => c.eventId) };
  const last = s.messages[s.messages.length - 1];
  if (last?.role === 'user' && !s.stalled) return { kind: 'model' };
  return { kind: 'rest' };
}

