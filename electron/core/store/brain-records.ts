import type { Db } from './db.ts';
import { now } from './ids.ts';

/** The brain's records beside the log (see migration 002): leases, model responses, tool runs, checkpoints. */
export class BrainRecords {
  constructor(private readonly db: Db) {}

  /**
   * Takes or renews the lease if it is free, expired, held by us, or held by `isDead(holder)`. A
   * session that is gone (or going) has no lease to give: the answer is no.
   */
  acquireLease(sessionId: string, holder: string, ttlMs: number, isDead: (holder: string) => boolean): boolean {
    return this.db.transaction(() => {
      if (!this.db.prepare('SELECT 1 FROM sessions WHERE id = ? AND deleting = 0').get(sessionId)) return false;
      const row = this.db.prepare('SELECT holder, expires_at FROM leases WHERE session_id = ?').get(sessionId) as { holder: string; expires_at: number } | undefined;
      const t = Date.now();
      if (row && row.holder !== holder && row.expires_at > t && !isDead(row.holder)) return false;
      this.db
        .prepare('INSERT INTO leases (session_id, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at')
        .run(sessionId, holder, t + ttlMs);
      return true;
    }).immediate();
  }

  /** Until when a lease on the session is held (by anyone), if one is. */
  leaseHeldUntil(sessionId: string): number | undefined {
    return (this.db.prepare('SELECT expires_at FROM leases WHERE session_id = ?').get(sessionId) as { expires_at: number } | undefined)?.expires_at;
  }

  /**
   * Sessions a brain may have left behind, for another brain to pick up: every leased one (the caller
   * tells a live holder from an expired or dead one), those marked running with no lease, and those
   * whose last event is a user's that went unanswered for `graceMs` (its process died before waking it).
   */
  leftBehind(graceMs: number): { id: string; holder: string | null; expires_at: number | null }[] {
    return this.db
      .prepare(
        `SELECT s.id, l.holder, l.expires_at FROM sessions s LEFT JOIN leases l ON l.session_id = s.id
         WHERE s.archived_at IS NULL AND s.deleting = 0 AND s.status != 'terminated' AND (
           l.session_id IS NOT NULL OR s.status IN ('running', 'rescheduling')
           OR (s.updated_at < ? AND (SELECT type FROM events e WHERE e.session_id = s.id AND e.seq = s.last_seq) LIKE 'user.%'))`,
      )
      .all(new Date(Date.now() - graceMs).toISOString()) as { id: string; holder: string | null; expires_at: number | null }[];
  }

  releaseLease(sessionId: string, holder: string): void {
    this.db.prepare('DELETE FROM leases WHERE session_id = ? AND holder = ?').run(sessionId, holder);
  }

  /**
   * Records what a completed step produced beside the event it belongs to: a model response (by its
   * span start's id), the context a compaction left (by its agent.thread_context_compacted event's id).
   */
  putResponse(sessionId: string, eventId: string, body: unknown): void {
    this.db.prepare('INSERT INTO model_responses (session_id, request_event_id, body) VALUES (?, ?, ?)').run(sessionId, eventId, JSON.stringify(body));
  }

  response<T>(sessionId: string, eventId: string): T | undefined {
    const row = this.db.prepare('SELECT body FROM model_responses WHERE session_id = ? AND request_event_id = ?').get(sessionId, eventId) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as T) : undefined;
  }

  /** Records that a tool call is about to run; false if it was already started once. */
  startToolRun(sessionId: string, toolUseEventId: string): boolean {
    return this.db.prepare('INSERT INTO tool_runs (session_id, tool_use_event_id, started_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING').run(sessionId, toolUseEventId, now()).changes === 1;
  }

  putCheckpoint(sessionId: string, seq: number, state: unknown): void {
    this.db
      .prepare('INSERT INTO checkpoints (session_id, seq, state) VALUES (?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET seq = excluded.seq, state = excluded.state')
      .run(sessionId, seq, JSON.stringify(state));
  }

  /**
   * Sessions with events after their checkpoint (the brain checkpoints at every idle): work may be
   * pending, e.g. a user event committed just before a crash, before any brain answered it.
   */
  unsettled(): string[] {
    const rows = this.db
      .prepare(
        `SELECT s.id FROM sessions s LEFT JOIN checkpoints c ON c.session_id = s.id
         WHERE s.archived_at IS NULL AND s.deleting = 0 AND s.status != 'terminated' AND s.last_seq > coalesce(c.seq, 0)`,
      )
      .all() as { id: string }[];
    return rows.map((r) => r.id);
  }

  checkpoint<T>(sessionId: string): { seq: number; state: T } | undefined {
    const row = this.db.prepare('SELECT seq, state FROM checkpoints WHERE session_id = ?').get(sessionId) as { seq: number; state: string } | undefined;
    return row ? { seq: row.seq, state: JSON.parse(row.state) as T } : undefined;
  }
}
