import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { Store } from '../store/index.ts';
import type { NewEvent, StoredEvent } from '../store/events.ts';
import { sessionReader } from './sessions.ts';
import { createdFilters, pageSize } from './metadata.ts';

type EventServices = Pick<Services, 'events.send' | 'events.list' | 'events.stream'>;

const BACKLOG_CHUNK = 500;

export function eventServices(store: Store): EventServices {
  const { row, writable } = sessionReader(store);

  return {
    async 'events.send'({ session_id, events }) {
      writable(session_id);
      // An answer must name the agent event it answers.
      for (const e of events) {
        const [ref, expected] =
          e.type === 'user.tool_confirmation' ? [e.tool_use_id, 'agent.tool_use'] : e.type === 'user.custom_tool_result' ? [e.custom_tool_use_id, 'agent.custom_tool_use'] : [];
        if (ref && store.events.get(session_id, ref)?.type !== expected) throw invalid(`${e.type}: ${ref} is not an ${expected} event of session ${session_id}`);
      }
      const stored = store.events.append(session_id, events as NewEvent[]);
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

    // Everything here runs synchronously, so no append can slip between the backlog read and the
    // subscription: the subscriber sees every event after `after` exactly once, in order.
    async 'events.stream'({ session_id, after }, sink) {
      const s = row(session_id);
      let cursor = s.last_seq;
      if (after) {
        const at = store.events.locate(after);
        if (!at || at.session_id !== session_id) throw invalid(`event ${after} is not in session ${session_id}`);
        cursor = at.seq;
      }
      const deliver = ({ seq, event }: StoredEvent) => {
        if (seq <= cursor) return;
        cursor = seq;
        // A deleted session's stream has nothing more to say.
        sink(event as Parameters<typeof sink>[0], event.id, event.type === 'session.deleted');
      };
      for (let batch: StoredEvent[]; (batch = store.events.after(session_id, cursor, BACKLOG_CHUNK)).length; ) batch.forEach(deliver);
      return store.events.subscribe(session_id, deliver);
    },
  };
}
