// A scripted reply as the real API sends it: the whole Message (non-streaming) or its SSE events (streaming),
// typed with the SDK's own types so a missing or misnamed field fails the type check.
import type {
  ContentBlock,
  Message,
  TextBlock,
  ThinkingBlock,
  ToolUseBlock,
  RawContentBlockDelta,
  RawMessageStreamEvent,
  Usage,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { BetaMessage, BetaRawMessageStreamEvent } from '@anthropic-ai/sdk/resources/beta/messages/messages';
import { estimateInputTokens, type RecordedRequest } from './request.ts';
import { newId, type Reply, type ScriptedBlock } from './turns.ts';

/** One SSE frame: `event: <event>` + `data: <json>`. */
export interface SseEvent {
  event: string;
  data: object;
}

function usageOf(turn: Reply, request: RecordedRequest): Usage {
  const chars = turn.content.reduce((n, b) => n + JSON.stringify(b).length, 0);
  return {
    input_tokens: turn.usage?.input_tokens ?? estimateInputTokens(request.body),
    output_tokens: turn.usage?.output_tokens ?? Math.max(1, Math.ceil(chars / 4)),
    cache_creation_input_tokens: turn.usage?.cache_creation_input_tokens ?? 0,
    cache_read_input_tokens: turn.usage?.cache_read_input_tokens ?? 0,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: 'standard',
    speed: null,
  };
}

/** A Message whose content holds only the block types a script can produce (which the beta API shares). */
type ScriptedMessage = Omit<Message, 'content' | 'stop_details'> & { content: Array<TextBlock | ThinkingBlock | ToolUseBlock>; stop_details: null };

function finalBlock(b: ScriptedBlock): TextBlock | ThinkingBlock | ToolUseBlock {
  switch (b.type) {
    case 'text':
      return { type: 'text', text: b.text, citations: null };
    case 'thinking':
      return { type: 'thinking', thinking: b.thinking, signature: b.signature };
    case 'tool_use':
      return { type: 'tool_use', id: b.id, name: b.name, input: b.input, caller: { type: 'direct' } };
  }
}

/** The complete Message, as a non-streaming request receives it. */
export function buildMessage(turn: Reply, request: RecordedRequest, id = newId('msg_')): ScriptedMessage {
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: request.body.model,
    content: turn.content.map(finalBlock),
    stop_reason: turn.stop_reason,
    stop_sequence: turn.stop_sequence ?? null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: usageOf(turn, request),
  };
}

const chunks = (s: string, size: number) => {
  const chars = Array.from(s); // never split a surrogate pair
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
};

/** The block as content_block_start announces it (empty), then its deltas. */
function blockEvents(b: ScriptedBlock, size: number): { start: ContentBlock; deltas: RawContentBlockDelta[] } {
  switch (b.type) {
    case 'text':
      return { start: { type: 'text', text: '', citations: null }, deltas: chunks(b.text, size).map((text) => ({ type: 'text_delta', text })) };
    case 'thinking':
      return {
        start: { type: 'thinking', thinking: '', signature: '' },
        deltas: [
          ...chunks(b.thinking, size).map((thinking) => ({ type: 'thinking_delta' as const, thinking })),
          { type: 'signature_delta', signature: b.signature },
        ],
      };
    case 'tool_use':
      return {
        start: { type: 'tool_use', id: b.id, name: b.name, input: {}, caller: { type: 'direct' } },
        deltas: chunks(JSON.stringify(b.input), size).map((partial_json) => ({ type: 'input_json_delta', partial_json })),
      };
  }
}

/**
 * The streaming protocol: message_start (empty content, stop_reason null), a ping, per block
 * content_block_start / content_block_delta* / content_block_stop, message_delta (stop_reason, final
 * usage.output_tokens), message_stop.
 */
export function buildStream(turn: Reply, request: RecordedRequest): SseEvent[] {
  const message = buildMessage(turn, request);
  const raw: RawMessageStreamEvent[] = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: { ...message.usage, output_tokens: 1 } } },
  ];
  turn.content.forEach((b, index) => {
    const { start, deltas } = blockEvents(b, turn.chunkChars ?? 8);
    raw.push({ type: 'content_block_start', index, content_block: start });
    for (const delta of deltas) raw.push({ type: 'content_block_delta', index, delta });
    raw.push({ type: 'content_block_stop', index });
  });
  const { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens } = message.usage;
  raw.push(
    {
      type: 'message_delta',
      delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence, stop_details: null, container: null },
      usage: { input_tokens, cache_creation_input_tokens, cache_read_input_tokens, output_tokens, output_tokens_details: null, server_tool_use: null },
    },
    { type: 'message_stop' },
  );
  const events = raw.map((e) => ({ event: e.type, data: e }));
  return [events[0]!, { event: 'ping', data: { type: 'ping' } }, ...events.slice(1)];
}

/**
 * `client.beta.messages` posts to the same /v1/messages, so every answer also carries the nullable fields only the
 * beta types have (the standard client ignores them); `satisfies` checks the result against the beta types.
 */
export function withBetaFields(e: SseEvent): SseEvent {
  const data = e.data as RawMessageStreamEvent;
  if (data.type === 'message_start') {
    const message = betaMessage({ ...data.message, content: [], stop_details: null });
    return { event: e.event, data: { ...data, message } satisfies BetaRawMessageStreamEvent };
  }
  if (data.type === 'message_delta') {
    return { event: e.event, data: { ...data, delta: { ...data.delta, stop_details: null }, context_management: null, usage: { ...data.usage, ...betaUsage } } satisfies BetaRawMessageStreamEvent };
  }
  return e;
}

const betaUsage = { fallback_credit: null, iterations: null };
export const betaMessage = (m: ScriptedMessage): BetaMessage => ({ ...m, context_management: null, usage: { ...m.usage, ...betaUsage } });
