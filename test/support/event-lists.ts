// Comparing copies of a log (exported and re-imported, forked): ids differ, everything else must not.
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';

/** Every event of a session, in order. */
export async function allEvents(client: Anthropic, sessionId: string): Promise<SessionEvent[]> {
  const out: SessionEvent[] = [];
  for await (const e of client.beta.sessions.events.list(sessionId, { limit: 1000 })) out.push(e);
  return out;
}

/** The events with each id, and every reference to it, replaced by the event's position in the list. */
export function byPosition(events: readonly SessionEvent[]): unknown[] {
  const at = new Map(events.map((e, i) => [e.id, `#${i}`]));
  return events.map((e) => JSON.parse(JSON.stringify(e), (_key, v: unknown) => (typeof v === 'string' && at.has(v) ? at.get(v) : v)));
}
