import type { BetaManagedAgentsSessionEvent, BetaManagedAgentsSpanModelUsage } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import type { BetaManagedAgentsSessionUsage } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Report } from '../report.ts';
import type { Db } from './db.ts';
import { newId, now } from './ids.ts';
import { page, type PageResult } from './pager.ts';

export type SessionEvent = BetaManagedAgentsSessionEvent;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/**
 * An event before the log gives it an id and a time. A copied event (import, fork) keeps the time it
 * was recorded at; the brain may name an event before it is stored (its preview carries that id).
 */
export type NewEvent = DistributiveOmit<SessionEvent, 'id' | 'processed_at'> & { id?: string; processed_at?: string };

export interface StoredEvent {
  seq: number;
  event: SessionEvent;
}
export type EventListener = (stored: StoredEvent) => void;
export type LogListener = (sessionId: string, stored: readonly StoredEvent[]) => void;

export interface EventListQuery {
  order: 'asc' | 'desc';
  limit: number;
  page?: string | null;
  types?: string[];
  created: { op: '>' | '>=' | '<' | '<='; at: string }[];
}

const STATUS_OF: Partial<Record<SessionEvent['type'], string>> = {
  'session.status_running': 'running',
  'session.status_idle': 'idle',
  'session.status_rescheduled': 'rescheduling',
  'session.status_terminated': 'terminated',
};

export function addUsage(u: BetaManagedAgentsSessionUsage, m: BetaManagedAgentsSpanModelUsage): BetaManagedAgentsSessionUsage {
  return {
    ...u,
    input_tokens: (u.input_tokens ?? 0) + m.input_tokens,
    output_tokens: (u.output_tokens ?? 0) + m.output_tokens,
    cache_read_input_tokens: (u.cache_read_input_tokens ?? 0) + m.cache_read_input_tokens,
    cache_creation: {
      ...u.cache_creation,
      ephemeral_5m_input_tokens: (u.cache_creation?.ephemeral_5m_input_tokens ?? 0) + m.cache_creation_input_tokens,
    },
  };
}

/** What live subscribers of a deleted session hear last: a `session.deleted` event that is never stored. */
export const deletedEvent = (): StoredEvent => ({ seq: Number.MAX_SAFE_INTEGER, event: { id: newId('sevt'), type: 'session.deleted', processed_at: now() } });

/**
 * The session log. Appends are atomic and numbered without gaps per session; subscribers hear
 * about an event only after it is committed, in sequence order. Status and usage on the session
 * row are caches of what the log says, updated in the same transaction.
 */
export class EventLog {
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly logListeners = new Set<LogListener>();
  private readonly appendTx;

  constructor(
    private readonly db: Db,
    private readonly report: Report,
  ) {
    const head = db.prepare('SELECT last_seq, status, usage FROM sessions WHERE id = ? AND deleting = 0');
    const insert = db.prepare('INSERT INTO events (session_id, seq, id, type, created_at, body) VALUES (?, ?, ?, ?, ?, ?)');
    const advance = db.prepare('UPDATE sessions SET last_seq = ?, status = ?, usage = ?, updated_at = ? WHERE id = ?');
    this.appendTx = db.transaction((sessionId: string, events: readonly NewEvent[], within?: (stored: StoredEvent[]) => void): StoredEvent[] => {
      const h = head.get(sessionId) as { last_seq: number; status: string; usage: string } | undefined;
      if (!h) throw new Error(`session ${sessionId} does not exist`);
      const at = now();
      let seq = h.last_seq;
      let status = h.status;
      let usage = JSON.parse(h.usage) as BetaManagedAgentsSessionUsage;
      const stored = events.map(({ id, processed_at, ...e }) => {
        const when = processed_at ?? at;
        const event = { id: id ?? newId('sevt'), ...e, processed_at: when } as SessionEvent;
        insert.run(sessionId, ++seq, event.id, event.type, when, JSON.stringify(event));
        status = STATUS_OF[event.type] ?? status;
        if (event.type === 'span.model_request_end') usage = addUsage(usage, event.model_usage);
        return { seq, event };
      });
      advance.run(seq, status, JSON.stringify(usage), at, sessionId);
      within?.(stored);
      return stored;
    });
  }

  /**
   * Appends events atomically. `within` runs inside the same transaction, for records that must
   * exist exactly when these events do (a model response beside its span end, a checkpoint).
   */
  append(sessionId: string, events: readonly NewEvent[], within?: (stored: StoredEvent[]) => void): StoredEvent[] {
    const stored = this.appendTx.immediate(sessionId, events, within);
    const subs = this.listeners.get(sessionId);
    if (subs) for (const s of stored) for (const fn of subs) this.tell(() => fn(s));
    for (const fn of this.logListeners) this.tell(() => fn(sessionId, stored));
    return stored;
  }

  /** The events are committed whatever a listener does: a throwing one is reported, the others still hear. */
  private tell(call: () => void): void {
    try {
      call();
    } catch (err) {
      this.report('an event listener failed', err);
    }
  }

  /** Hears every append to every session (the brain wakes sessions from here). */
  subscribeAll(fn: LogListener): () => void {
    this.logListeners.add(fn);
    return () => this.logListeners.delete(fn);
  }

  subscribe(sessionId: string, fn: EventListener): () => void {
    let set = this.listeners.get(sessionId);
    if (!set) this.listeners.set(sessionId, (set = new Set()));
    set.add(fn);
    return () => {
      set.delete(fn);
      if (set.size === 0 && this.listeners.get(sessionId) === set) this.listeners.delete(sessionId);
    };
  }

  /** Tells live subscribers the session is gone (a `session.deleted` event that is never stored) and drops them. */
  announceDeleted(sessionId: string): void {
    const subs = this.listeners.get(sessionId);
    this.listeners.delete(sessionId);
    if (!subs) return;
    const gone = deletedEvent();
    for (const fn of subs) this.tell(() => fn(gone));
  }

  /** Events after `seq`, in order: the catch-up part of a resumed stream and of a brain's wake. */
  after(sessionId: string, seq: number, limit: number): StoredEvent[] {
    const rows = this.db
      .prepare('SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq LIMIT ?')
      .all(sessionId, seq, limit) as { seq: number; body: string }[];
    return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body) as SessionEvent }));
  }

  /**
   * Visits the events after `seq` in order until `visit` returns something, and returns that: only
   * what is visited is read, so a reader that stops early (a slow subscriber's backlog) holds one
   * event at a time. `visit` must not use the store: the read is still going on.
   */
  visit<T>(sessionId: string, seq: number, visit: (stored: StoredEvent) => T | undefined): T | undefined {
    const rows = this.db.prepare('SELECT seq, body FROM events WHERE session_id = ? AND seq > ? ORDER BY seq').iterate(sessionId, seq) as IterableIterator<{ seq: number; body: string }>;
    for (const r of rows) {
      const stop = visit({ seq: r.seq, event: JSON.parse(r.body) as SessionEvent });
      if (stop !== undefined) return stop;
    }
    return undefined;
  }

  /** One event of a session's log, by id. */
  get(sessionId: string, eventId: string): SessionEvent | undefined {
    const row = this.db.prepare('SELECT body FROM events WHERE id = ? AND session_id = ?').get(eventId, sessionId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as SessionEvent) : undefined;
  }

  /** The first event of `type` after `seq` in a session's log. */
  nextOfType(sessionId: string, seq: number, type: SessionEvent['type']): SessionEvent | undefined {
    const row = this.db.prepare('SELECT body FROM events WHERE session_id = ? AND type = ? AND seq > ? ORDER BY seq LIMIT 1').get(sessionId, type, seq) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as SessionEvent) : undefined;
  }

  /** The last event of `type` in a session's log, or in its first `upTo` events. */
  lastOfType(sessionId: string, type: SessionEvent['type'], upTo = Number.MAX_SAFE_INTEGER): SessionEvent | undefined {
    const row = this.db.prepare('SELECT body FROM events WHERE session_id = ? AND type = ? AND seq <= ? ORDER BY seq DESC LIMIT 1').get(sessionId, type, upTo) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as SessionEvent) : undefined;
  }

  /** Whether a tool call (by its event id) already has a result or an answer after `seq`. */
  answered(sessionId: string, seq: number, toolEventId: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM events WHERE session_id = ? AND seq > ? AND type IN ('agent.tool_result', 'agent.mcp_tool_result', 'user.tool_confirmation', 'user.custom_tool_result')
           AND coalesce(json_extract(body, '$.tool_use_id'), json_extract(body, '$.custom_tool_use_id'), json_extract(body, '$.mcp_tool_use_id')) = ? LIMIT 1`,
        )
        .get(sessionId, seq, toolEventId) !== undefined
    );
  }

  /** Where an event sits in its session's log, if it is there. */
  locate(eventId: string): { session_id: string; seq: number } | undefined {
    return this.db.prepare('SELECT session_id, seq FROM events WHERE id = ?').get(eventId) as { session_id: string; seq: number } | undefined;
  }

  list(sessionId: string, q: EventListQuery): PageResult<SessionEvent> {
    const where = ['session_id = ?'];
    const params: unknown[] = [sessionId];
    if (q.types?.length) (where.push(`type IN (${q.types.map(() => '?').join(',')})`), params.push(...q.types));
    for (const c of q.created) (where.push(`created_at ${c.op} ?`), params.push(c.at));
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'seq, body',
      from: `FROM events WHERE ${where.join(' AND ')}`,
      params,
      order: q.order,
      limit: q.limit,
      page: q.page,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as SessionEvent) };
  }
}
