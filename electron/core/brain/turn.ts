// One model request: streamed with the real SDK, each content block recorded as an event as soon
// as it completes, and the whole response saved beside the span end in one transaction.
import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, ContentBlockParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { NewEvent, Store } from '../store/index.ts';
import type { BrainState, Call, RecordedResponse } from './state.ts';
import type { ToolSpec } from './tools.ts';

export interface TurnInput {
  store: Store;
  sessionId: string;
  state: BrainState;
  agent: BetaManagedAgentsSessionAgent;
  catalog: Map<string, ToolSpec>;
  client: Anthropic;
  maxTokens: number;
  signal: AbortSignal;
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

function blockEvent(b: ContentBlock, catalog: Map<string, ToolSpec>): NewEvent | undefined {
  switch (b.type) {
    case 'text':
      return { type: 'agent.message', content: [{ type: 'text', text: b.text }] };
    case 'thinking':
    case 'redacted_thinking':
      return { type: 'agent.thinking' };
    case 'tool_use': {
      const input = (b.input ?? {}) as Record<string, unknown>;
      const spec = catalog.get(b.name);
      if (spec?.custom) return { type: 'agent.custom_tool_use', name: b.name, input };
      return { type: 'agent.tool_use', name: b.name, input, evaluated_permission: spec?.ask ? 'ask' : 'allow' };
    }
    default:
      return undefined;
  }
}

/** Runs the request. Resolves when the response is recorded; rejects with the SDK's error otherwise. */
export async function modelTurn(t: TurnInput): Promise<void> {
  const { store, sessionId, catalog } = t;
  const opening: NewEvent[] = t.state.status === 'running' ? [] : [{ type: 'session.status_running' }];
  const started = store.events.append(sessionId, [...opening, { type: 'span.model_request_start' }]);
  const requestId = started[started.length - 1]!.event.id;
  const toolEvents = new Map<string, string>();
  let recorded = 0; // blocks complete in order: the first `recorded` have their events

  const record = (b: ContentBlock) => {
    recorded++;
    const e = blockEvent(b, catalog);
    if (!e) return;
    const [s] = store.events.append(sessionId, [e]);
    if (b.type === 'tool_use') toolEvents.set(b.id, s!.event.id);
  };

  try {
    const tools: Tool[] = [...catalog.values()].map((s) => s.definition);
    const stream = t.client.messages.stream(
      {
        model: t.agent.model.id,
        max_tokens: t.maxTokens,
        ...(t.agent.system ? { system: t.agent.system } : {}),
        messages: t.state.messages,
        ...(tools.length ? { tools } : {}),
      },
      { signal: t.signal },
    );
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

    const calls: Call[] = message.content.flatMap((b) =>
      b.type === 'tool_use'
        ? [{ eventId: toolEvents.get(b.id)!, toolUseId: b.id, name: b.name, input: (b.input ?? {}) as Record<string, unknown>, custom: catalog.get(b.name)?.custom ?? false, ask: catalog.get(b.name)?.ask ?? false }]
        : [],
    );
    const response: RecordedResponse = { content: message.content.flatMap(asParam), calls };
    const u = message.usage;
    store.events.append(
      sessionId,
      [
        {
          type: 'span.model_request_end',
          model_request_start_id: requestId,
          is_error: false,
          model_usage: {
            input_tokens: u.input_tokens,
            output_tokens: u.output_tokens,
            cache_creation_input_tokens: u.cache_creation_input_tokens ?? 0,
            cache_read_input_tokens: u.cache_read_input_tokens ?? 0,
          },
        },
      ],
      () => store.brain.putResponse(sessionId, requestId, response),
    );
  } catch (err) {
    endFailed(store, sessionId, requestId);
    throw err;
  }
}

const NO_USAGE = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/** Closes a model request that produced no usable response (failed, interrupted, or its brain died). */
export function endFailed(store: Store, sessionId: string, requestId: string): void {
  store.events.append(sessionId, [{ type: 'span.model_request_end', model_request_start_id: requestId, is_error: true, model_usage: NO_USAGE }]);
}
