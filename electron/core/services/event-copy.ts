// Copies of events into another session's log (import, fork). Event ids are unique across the store,
// so each copy gets a new id, and every field that names another event of the log names its copy.
import type { NewEvent, SessionEvent } from '../store/index.ts';
import { newId } from '../store/ids.ts';

/** `e` with each event id it refers to passed through `to` (the only place that knows those fields). */
function relink(e: SessionEvent, to: (eventId: string) => string): SessionEvent {
  switch (e.type) {
    case 'agent.tool_result':
    case 'user.tool_confirmation':
    case 'user.tool_result':
      return { ...e, tool_use_id: to(e.tool_use_id) };
    case 'user.custom_tool_result':
      return { ...e, custom_tool_use_id: to(e.custom_tool_use_id) };
    case 'agent.mcp_tool_result':
      return { ...e, mcp_tool_use_id: to(e.mcp_tool_use_id) };
    case 'span.model_request_end':
      return { ...e, model_request_start_id: to(e.model_request_start_id) };
    case 'session.status_idle':
      return e.stop_reason.type === 'requires_action' ? { ...e, stop_reason: { ...e.stop_reason, event_ids: e.stop_reason.event_ids.map(to) } } : e;
    default:
      return e;
  }
}

/** The ids of the events `e` refers to. */
export function referencesOf(e: SessionEvent): string[] {
  const refs: string[] = [];
  relink(e, (id) => (refs.push(id), id));
  return refs;
}

/**
 * The copy of `e` under a new id, recorded in `ids` (old id -> new id), keeping the time it was
 * recorded at. Events it refers to must have been copied before it (a log only refers backwards).
 */
export function copyOf(e: SessionEvent, ids: Map<string, string>): NewEvent {
  const id = newId('sevt');
  ids.set(e.id, id);
  const linked = relink(e, (ref) => ids.get(ref) ?? ref);
  return { ...linked, id, processed_at: new Date(e.processed_at ?? Date.now()).toISOString() } as NewEvent;
}
