// One model request: streamed with the real SDK, each content block previewed as it streams (text
// deltas for subscribers that asked for them, never stored), recorded as an event as soon as it
// completes, and the whole response saved beside the span end and the session's usage in one transaction.
import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, ContentBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { NewEvent, Store } from '../store/index.ts';
import { addUsage } from '../store/events.ts';
import { newId } from '../store/ids.ts';
import { priced } from '../prices.ts';
import { notOffered, type BrainState, type Call, type RecordedResponse } from './state.ts';
import { redactJson, type Redact } from '../vault/redact.ts';
import { mcpSpecByName } from './mcp-tools.ts';
import { modelSettings } from './model.ts';
import type { ToolSpec } from './tools.ts';

export interface TurnInput {
  store: Store;
  sessionId: string;
  state: BrainState;
  agent: BetaManagedAgentsSessionAgent;
  /** The request's system prompt (see system-prompt.ts). */
  system: string | undefined;
  catalog: Map<string, ToolSpec>;
  client: Anthropic;
  maxTokens: number;
  signal: AbortSignal;
  /** Known secret values become markers in what the model said before anything of it is stored. */
  redact: Redact;
}

/** The response's blocks as they are sent back to the model (SDK-only fields dropped). */
function asParam(b: ContentBlock): ContentBlockParam[] {
  switch (b.type) {
    case 'text':
      return [{ type: 'text', text: b.text }];
    case 'thinking':
      return [{ type: 'thinking', thinking: b.thinking, signature: b.signature }];
    case 'redacted_thinking':
      return [{ type: 'redacted_thinking', data: b.data }];
    case 'tool_use':
      return [{ type: 'tool_use', id: b.id, name: b.name, input: b.input }];
    default:
      return [];
  }
}

function blockEvent(b: ContentBlock, specOf: (name: string) => ToolSpec | undefined): NewEvent | undefined {
  switch (b.type) {
    case 'text':
      return { type: 'agent.message', content: [{ type: 'text', text: b.text }] };
    case 'thinking':
    case 'redacted_thinking':
      return { type: 'agent.thinking' };
    case 'tool_use': {
      const input = (b.input ?? {}) as Record<string, unknown>;
      const spec = specOf(b.name);
      if (spec?.custom) return { type: 'agent.custom_tool_use', name: b.name, input };
      if (spec?.mcp) return { type: 'agent.mcp_tool_use', mcp_server_name: spec.mcp.server, name: spec.mcp.tool, input, evaluated_permission: spec.ask ? 'ask' : 'allow' };
      // A tool the agent does not offer (unknown, or disabled) is refused before any policy applies.
      return { type: 'agent.tool_use', name: b.name, input, evaluated_permission: !spec ? 'deny' : spec.ask ? 'ask' : 'allow' };
    }
    default:
      return undefined;
  }
}

const callOf = (b: Extract<ContentBlock, { type: 'tool_use' }>, spec: ToolSpec | undefined): Omit<Call, 'eventId'> => ({
  toolUseId: b.id,
  name: b.name,
  input: (b.input ?? {}) as Record<string, unknown>,
  custom: spec?.custom ?? false,
  ask: spec?.ask ?? false,
  ...(spec?.mcp ? { mcp: spec.mcp } : {}),
  ...(spec ? {} : { refused: notOffered(b.name) }),
});

/** Runs the request. Resolves when the response is recorded; rejects with the SDK's error otherwise. */
export async function modelTurn(t: TurnInput): Promise<void> {
  const { store, sessionId, catalog } = t;
  // An MCP tool the model names before its server has listed it (connections are lazy) is still routed.
  const specOf = (name: string) => catalog.get(name) ?? mcpSpecByName(t.agent.tools, name);
  const opening: NewEvent[] = t.state.status === 'running' ? [] : [{ type: 'session.status_running' }];
  const started = store.events.append(sessionId, [...opening, { type: 'span.model_request_start' }]);
  const requestId = started[started.length - 1]!.event.id;
  const toolEvents = new Map<string, string>();
  // Each block's event id, chosen when the block starts: its preview carries it before it is stored.
  const ids: string[] = [];
  let recorded = 0; // blocks complete in order: the first `recorded` have their events

  const clean = (b: ContentBlock): ContentBlock =>
    b.type === 'text' ? { ...b, text: t.redact(b.text) } : b.type === 'tool_use' ? { ...b, input: redactJson(b.input, t.redact) } : b;
  const record = (raw: ContentBlock) => {
    const b = clean(raw);
    const id = ids[recorded] ?? newId('sevt');
    recorded++;
    const e = blockEvent(b, specOf);
    if (!e) return;
    store.events.append(sessionId, [{ ...e, id }]);
    store.previews.end(sessionId, id);
    if (b.type === 'tool_use') toolEvents.set(b.id, id);
  };

  try {
    const tools: Tool[] = [...catalog.values()].map((s) => s.definition);
    const stream = t.client.messages.stream(
      {
        model: t.agent.model.id,
        max_tokens: t.maxTokens,
        ...modelSettings(t.agent.model),
        ...(t.system ? { system: t.system } : {}),
        messages: t.state.messages,
        ...(tools.length ? { tools } : {}),
      },
      { signal: t.signal },
    );
    stream.on('streamEvent', (e) => {
      if (e.type === 'content_block_start') {
        const id = (ids[e.index] = newId('sevt'));
        const type = e.content_block.type;
        if (type === 'text') store.previews.start(sessionId, 'agent.message', id);
        else if (type === 'thinking' || type === 'redacted_thinking') store.previews.start(sessionId, 'agent.thinking', id);
      } else if (e.type === 'content_block_delta' && e.delta.type === 'text_delta') {
        store.previews.delta(sessionId, ids[e.index]!, e.delta.text);
      }
    });
    // A failing append (the session was deleted) must stop the stream, not escape from an event handler.
    let recordFailure: unknown;
    stream.on('contentBlock', (b) => {
      try {
        record(b);
      } catch (err) {
        recordFailure ??= err;
        stream.abort();
      }
    });
    const message = await stream.finalMessage().catch((err: unknown) => {
      throw recordFailure ?? err;
    });
    message.content.slice(recorded).forEach(record);
    const content = message.content.map(clean);

    const calls: Call[] = content.flatMap((b) =>
      b.type === 'tool_use'
        ? [{ eventId: toolEvents.get(b.id)!, ...callOf(b, specOf(b.name)) }]
        : [],
    );
    const response: RecordedResponse = { content: content.flatMap(asParam), calls };
    const u = message.usage;
    const model_usage = {
      input_tokens: u.input_tokens,
      output_tokens: u.output_tokens,
      cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
    };
    // The session's usage after this request (this brain holds the lease: no other request ends meanwhile).
    const row = store.sessions.get(sessionId);
    const usage = priced(addUsage(row?.usage ?? {}, model_usage), t.agent.model.id);
    store.events.append(
      sessionId,
      [
        { type: 'span.model_request_end', model_request_start_id: requestId, is_error: false, model_usage },
        { type: 'session.usage', usage, ...(row?.body.budget && { budget: row.body.budget }) },
      ],
      () => store.brain.putResponse(sessionId, requestId, response),
    );
  } catch (err) {
    endFailed(store, sessionId, requestId);
    throw err;
  } finally {
    store.previews.end(sessionId);
  }
}

const NO_USAGE = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/** Closes a model request that produced no usable response (failed, interrupted, or its brain died). */
export function endFailed(store: Store, sessionId: string, requestId: string): void {
  store.events.append(sessionId, [{ type: 'span.model_request_end', model_request_start_id: requestId, is_error: true, model_usage: NO_USAGE }]);
}
