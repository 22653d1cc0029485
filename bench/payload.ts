// The event every benchmark sends: a user.message of a fixed size, tagged so a subscriber can tell sends apart.
import type { BetaManagedAgentsUserMessageEventParams } from '@anthropic-ai/sdk/resources/beta/sessions/events';

/** Characters of text per message; about what a short chat turn carries. */
export const TEXT_CHARS = 512;

export type UserMessage = BetaManagedAgentsUserMessageEventParams;

export const message = (tag: string): UserMessage => ({
  type: 'user.message',
  content: [{ type: 'text', text: `${tag} `.padEnd(TEXT_CHARS, 'x') }],
});

/** The tag `message` put in a user.message, if it built this one. */
export function tagOf(e: { content: readonly { type: string; text?: string }[] }): string | undefined {
  const first = e.content[0];
  return first?.type === 'text' ? first.text?.split(' ', 1)[0] : undefined;
}
