// The context window is a workbench built from the log. When it nears the model's limit, older
// tool output is cleared and, if that is not enough, the oldest exchanges are left out, until the
// context is well under the limit (so compaction is rare, not every request). The log itself is
// never touched; the compacted context is saved as a checkpoint.
import type { ContentBlockParam, MessageParam } from '@anthropic-ai/sdk/resources/messages';

const CLEARED = '[Earlier tool output cleared to save context.]';
const OMITTED = '[Earlier conversation omitted to save context.]';
/** Messages at the end that are always kept whole (the latest exchange). */
const KEEP_RECENT = 2;

/** A rough token count (characters / 4), the same way for every request so decisions are stable. */
export const estimateTokens = (x: unknown): number => Math.ceil(JSON.stringify(x).length / 4);

const blocks = (m: MessageParam): ContentBlockParam[] => (typeof m.content === 'string' ? [{ type: 'text', text: m.content }] : m.content);

function clearToolResults(m: MessageParam): MessageParam {
  const content = blocks(m).map((b) =>
    b.type === 'tool_result' && estimateTokens(b.content) > estimateTokens(CLEARED) ? { ...b, content: [{ type: 'text' as const, text: CLEARED }] } : b,
  );
  return { ...m, content } as MessageParam;
}

const startsTurn = (m: MessageParam) => m.role === 'user' && !blocks(m).some((b) => b.type === 'tool_result');

/**
 * Returns null while the context fits `limit` tokens; past it, a smaller context that fits `target`
 * as well as it can. Only whole turns are dropped, so every tool_use keeps its tool_result.
 */
export function compact(messages: MessageParam[], fixedTokens: number, limit: number, target: number): MessageParam[] | null {
  if (fixedTokens + estimateTokens(messages) <= limit) return null;
  const cut = Math.max(0, messages.length - KEEP_RECENT);
  let out = [...messages.slice(0, cut).map(clearToolResults), ...messages.slice(cut)];
  // Each message's JSON length, kept beside `out` as turns are dropped: the check below then equals
  // estimateTokens(out) without serialising the whole context again for every message it steps over.
  let lengths = out.map((m) => JSON.stringify(m).length);
  const fits = () => fixedTokens + Math.ceil((lengths.reduce((a, b) => a + b, 1) + lengths.length) / 4) <= target;
  for (let i = 1; !fits() && i < out.length - 1; i++) {
    if (!startsTurn(out[i]!)) continue;
    const rest = out.slice(i);
    const head: MessageParam = { role: 'user', content: [{ type: 'text', text: OMITTED }, ...blocks(rest[0]!)] };
    out = [head, ...rest.slice(1)];
    lengths = [JSON.stringify(head).length, ...lengths.slice(i + 1)];
    i = 0;
  }
  return out;
}
