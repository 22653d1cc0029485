// A request as the scripted model received it, and what the real API would make of it (size, validity).
import type { MessageCreateParams, MessageParam, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';

export interface RecordedRequest {
  /** 0-based order of arrival among /v1/messages requests. */
  n: number;
  /** Date.now() when the body was fully received. */
  at: number;
  path: string;
  /** Lower-case header names; `x-api-key` and `authorization` are 'REDACTED'. */
  headers: Record<string, string>;
  body: MessageCreateParams;
}

/** Input tokens as characters / 4 of what the model is sent, so a smaller request costs fewer tokens. */
export const estimateInputTokens = (body: Pick<MessageCreateParams, 'system' | 'messages' | 'tools'>) =>
  Math.ceil(JSON.stringify([body.system ?? null, body.messages, body.tools ?? null]).length / 4);

/** The tool_result blocks of the last user message (what a tool loop's next request answers). */
export function lastToolResults(request: RecordedRequest): ToolResultBlockParam[] {
  const last = request.body.messages.at(-1);
  if (!last || last.role !== 'user' || typeof last.content === 'string') return [];
  return last.content.filter((b): b is ToolResultBlockParam => b.type === 'tool_result');
}

const toolUseIds = (m: MessageParam | undefined) =>
  m?.role === 'assistant' && typeof m.content !== 'string' ? m.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])) : [];

/**
 * The checks of the real API a harness can get wrong, worded like its errors: required fields, and tool_use /
 * tool_result pairing (every tool_use answered at the start of the next user message, no stray tool_result).
 * Returns the invalid_request_error message, or null.
 */
export function invalidRequest(body: Partial<MessageCreateParams>): string | null {
  if (typeof body.model !== 'string') return 'model: Field required';
  if (typeof body.max_tokens !== 'number') return 'max_tokens: Field required';
  if (!Array.isArray(body.messages) || body.messages.length === 0) return 'messages: at least one message is required';
  const messages = body.messages;
  for (const [i, m] of messages.entries()) {
    const expected = toolUseIds(messages[i - 1]);
    const blocks = typeof m.content === 'string' ? [] : m.content;
    const results = blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : []));
    const stray = results.find((id) => !expected.includes(id));
    if (stray) {
      return `messages.${i}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${stray}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
    }
    const missing = expected.filter((id) => !results.includes(id));
    if (missing.length) return unanswered(i - 1, missing);
    const firstOther = blocks.findIndex((b) => b.type !== 'tool_result');
    if (firstOther !== -1 && firstOther < blocks.findLastIndex((b) => b.type === 'tool_result')) {
      return `messages.${i}.content: \`tool_result\` blocks must come first in the content array, before any other content.`;
    }
  }
  const last = toolUseIds(messages.at(-1));
  return last.length ? unanswered(messages.length - 1, last) : null;
}

const unanswered = (i: number, ids: string[]) =>
  `messages.${i}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${ids.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`;
