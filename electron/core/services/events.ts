import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { Store } from '../store/index.ts';
import { deletedEvent, type StoredEvent } from '../store/events.ts';
import { sessionReader } from './sessions.ts';
import { createdFilters, pageSize } from './metadata.ts';
import { previewRelay } from './preview-relay.ts';
import { recorded } from './user-events.ts';

type EventServices = Pick<Services, 'events.send' | 'events.list' | 'events.stream'>;

export function eventServices(store: Store): EventServices {
  const { row, appendable } = sessionReader(store);

  /** An answer must name a tool call of this session that is still waiting for it, once. */
  function checkAnswer(sessionId: string, type: string, ref: string, answering: Set<string>): void {
    const expected = type === 'user.tool_confirmation' ? ['agent.tool_use', 'agent.mcp_tool_use'] : ['agent.custom_tool_use'];
    const at = store.events.locate(ref);
    if (!at || at.session_id !== sessionId || !expected.includes(store.events.get(sessionId, ref)?.type ?? '')) throw invalid(`${type}: ${ref} is not an ${expected.join(' or ')} event of session ${sessionId}`);
    const end = store.events.nextOfType(sessionId, at.seq, 'span.model_request_end');
    if (end?.type === 'span.model_request_end' && end.is_error) throw invalid(`${type}: ${ref} came from a model request that did not complete; it will not run`);
    if (answering.has(ref) || store.events.answered(sessionId, at.seq, ref)) throw invalid(`${type}: ${ref} has already been answered`);
    answering.add(ref);
  }

  return {
    async 'events.send'({ session_id, events }) {
      appendable(session_id);
      const answering = new Set<string>();
      for (const e of events) {
        const ref = e.type === 'user.tool_confirmation' ? e.tool_use_id : e.type === 'user.custom_tool_result' ? e.custom_tool_use_id : undefined;
        if (ref) checkAnswer(session_id, e.type, ref, answering);
      }
      const stored = store.events.append(session_id, recorded(events));
      return { data: stored.map((s) => s.event) as NonNullable<Awaited<ReturnType<Services['events.send']>>['data']> };
    },

    async 'events.list'(q) {
      row(q.session_id);
      const res = store.events.list(q.session_id, {
        order: q.order ?? 'asc',
        limit: pageSize(q.limit),
        page: q.page,
        types: q.types,
        created: createdFilters(q),
      });
      return { data: res.rows, next_page: res.next_page };
    },

    // The backlog is read at the subscriber's pace: a sink that is full answers with a promise, and
    // reading goes on from there once it settles. The read that finds nothing more and the live
    // subscription happen in one synchronous step, so no append slips between them: the subscriber
    // sees every event after `after` exactly once, in order. With `event_deltas`, previews of what is
    // being produced come between the live events, never stored.
    async 'events.stream'({ session_id, after, event_deltas }, sink) {
      const s = row(session_id);
      let cursor = s.last_seq;
      if (after) {
        const at = store.events.locate(after);
        if (!at || at.session_id !== session_id) throw invalid(`event ${after} is not in session ${session_id}`);
        cursor = at.seq;
      }
      let stopped = false;
      let live: (() => void) | undefined;
      const relay = event_deltas?.length ? previewRelay(sink, new Set(event_deltas)) : undefined;
      const deliver = ({ seq, event }: StoredEvent) => {
        if (seq <= cursor) return;
        cursor = seq;
        relay?.flush();
        // A deleted session's stream has nothing more to say.
        const full = sink(event as Parameters<typeof sink>[0], event.id, event.type === 'session.deleted');
        relay?.track(full);
        return full;
      };
      const pump = (): void => {
        if (stopped) return;
        const full = store.events.visit(session_id, cursor, (e) => deliver(e) || undefined);
        // A read that fails later (the store closed: shutting down) ends the delivery, not the server.
        if (full) return void full.then(pump).catch(() => undefined);
        // Deleted while the subscriber was catching up: it missed the announcement.
        if (!store.sessions.get(session_id)) return void deliver(deletedEvent());
        const events = store.events.subscribe(session_id, deliver);
        const previews = relay && store.previews.subscribe(session_id, relay.push);
        live = () => (events(), previews?.());
      };
      pump();
      return () => {
        stopped = true;
        live?.();
        relay?.close();
      };
    },
  };
}
