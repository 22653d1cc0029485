// Previews of events still being produced (the official `event_deltas` option of the events stream):
// the agent's text as the model streams it. They travel beside the log, to live subscribers only, and
// are never written to it: the stored event that follows carries the complete content.
import type { BetaManagedAgentsDeltaEvent, BetaManagedAgentsDeltaType, BetaManagedAgentsStartEvent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';

export type Preview = BetaManagedAgentsStartEvent | BetaManagedAgentsDeltaEvent;
export type PreviewListener = (preview: Preview) => void;

interface Open {
  type: BetaManagedAgentsDeltaType;
  /** The text streamed so far (agent.message only): what a subscriber joining now is caught up with. */
  text: string;
}

const start = (type: BetaManagedAgentsDeltaType, id: string): BetaManagedAgentsStartEvent => ({ type: 'event_start', event: { type, id } });
const delta = (id: string, text: string): BetaManagedAgentsDeltaEvent => ({ type: 'event_delta', event_id: id, delta: { type: 'content_delta', index: 0, content: { type: 'text', text } } });

export class Previews {
  private readonly listeners = new Map<string, Set<PreviewListener>>();
  /** Per session, the previews opened and not yet ended (a model streams one block at a time, so few). */
  private readonly open = new Map<string, Map<string, Open>>();

  /** A block began: the event it will become is `type`, and will carry `id`. */
  start(sessionId: string, type: BetaManagedAgentsDeltaType, id: string): void {
    let open = this.open.get(sessionId);
    if (!open) this.open.set(sessionId, (open = new Map()));
    open.set(id, { type, text: '' });
    this.emit(sessionId, start(type, id));
  }

  /** More text of the agent.message `id`. */
  delta(sessionId: string, id: string, text: string): void {
    const p = this.open.get(sessionId)?.get(id);
    if (!p || !text) return;
    p.text += text;
    this.emit(sessionId, delta(id, text));
  }

  /** The preview `id` is over (its event is stored), or every preview of the session (the request ended). */
  end(sessionId: string, id?: string): void {
    const open = this.open.get(sessionId);
    if (id !== undefined) open?.delete(id);
    if (id === undefined || open?.size === 0) this.open.delete(sessionId);
  }

  /**
   * Hears the session's previews from now on, after being caught up with those still open (their
   * start and, in one delta, the text so far). Listeners are isolated: one that throws is dropped.
   */
  subscribe(sessionId: string, fn: PreviewListener): () => void {
    for (const [id, p] of this.open.get(sessionId) ?? []) {
      fn(start(p.type, id));
      if (p.text) fn(delta(id, p.text));
    }
    let set = this.listeners.get(sessionId);
    if (!set) this.listeners.set(sessionId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.listeners.get(sessionId) === set) this.listeners.delete(sessionId);
    };
  }

  private emit(sessionId: string, preview: Preview): void {
    const set = this.listeners.get(sessionId);
    if (!set) return;
    for (const fn of set) {
      try {
        fn(preview);
      } catch {
        set.delete(fn); // a broken subscriber must not stop the brain or the others
      }
    }
  }
}
