// One stream subscriber's previews (`event_deltas`): sent as they come while its transport keeps up;
// while it is behind (its sink answered with a promise) they wait, merged into at most one start and
// one delta per previewed event, so a slow reader costs at most the text of the message being
// streamed, never a queue of deltas.
import type { BetaManagedAgentsDeltaType } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Item, Sink } from '../api/contract.ts';
import type { Preview } from '../store/previews.ts';

export interface PreviewRelay {
  push(p: Preview): void;
  /** Sends what waits, behind or not: called before each stored event, so no preview arrives after the event it previews. */
  flush(): void;
  /** What the sink answered for a stored event: a promise says the subscriber is behind. */
  track(answer: void | Promise<void>): void;
  close(): void;
}

export function previewRelay(sink: Sink<Item<'events.stream'>>, wanted: ReadonlySet<BetaManagedAgentsDeltaType>): PreviewRelay {
  const held = new Map<string, Preview>(); // in arrival order: a start before its deltas
  let behind: Promise<void> | undefined;
  let closed = false;

  const track = (answer: void | Promise<void>) => {
    if (!answer || answer === behind) return;
    behind = answer;
    void answer.then(() => {
      if (behind !== answer) return;
      behind = undefined;
      if (!closed) flush();
    });
  };
  const flush = () => {
    const items = [...held.values()];
    held.clear();
    for (const p of items) track(sink(p, ''));
  };

  return {
    push(p) {
      // Only agent.message previews have deltas.
      if (closed || !wanted.has(p.type === 'event_start' ? p.event.type : 'agent.message')) return;
      if (!held.size && !behind) return track(sink(p, ''));
      if (p.type === 'event_start') held.set(`start/${p.event.id}`, p);
      else {
        const key = `delta/${p.event_id}/${p.delta.index ?? 0}`;
        const before = held.get(key);
        if (before?.type !== 'event_delta') held.set(key, p);
        else held.set(key, { ...before, delta: { ...before.delta, content: { ...before.delta.content, text: before.delta.content.text + p.delta.content.text } } });
      }
    },
    flush,
    track,
    close() {
      closed = true;
      held.clear();
    },
  };
}
