import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

type Session = BetaManagedAgentsSession;

/** What a session row keeps beyond its columns, as JSON. */
export interface SessionBody {
  title: string | null;
  metadata: Record<string, string>;
  resources: Session['resources'];
  vault_ids: string[];
  /** Session-level replacements of the pinned agent's parts (agent_with_overrides; tools / MCP servers by update). */
  agent_overrides: Partial<Pick<Session['agent'], 'tools' | 'mcp_servers' | 'model' | 'system' | 'skills'>>;
  /** The spend ceiling (budget.max_list_cost); `budget_removed` once an update removed it (it cannot come back). */
  budget?: Session['budget'];
  budget_removed?: boolean;
  /** Where the log came from when it did not start empty: an imported log is read-only, a fork runs live. */
  origin?: { type: 'import'; session_id: string } | { type: 'fork'; session_id: string; event_id: string };
  /** Resources whose token is in the keychain (the token itself never is here). */
  token_resources?: string[];
}

/** An imported session replays what was recorded elsewhere: nothing may be added to its log, and no brain runs it. */
export const isReadOnly = (body: SessionBody): boolean => body.origin?.type === 'import';

export interface SessionRow {
  seq: number;
  id: string;
  agent_id: string;
  agent_version: number;
  environment_id: string;
  body: SessionBody;
  /** Caches derived from the event log (see EventLog.append). */
  status: Session['status'];
  usage: Session['usage'];
  last_seq: number;
  created_at: string;
  updated_at: string;
  archived_at: string | null;
}

export interface SessionListFilter {
  agentId?: string;
  agentVersion?: number;
  includeArchived: boolean;
  statuses?: string[];
  created: { op: '>' | '>=' | '<' | '<='; at: string }[];
}

type RawRow = Omit<SessionRow, 'body' | 'usage'> & { body: string; usage: string };
const parse = (r: RawRow): SessionRow => ({ ...r, body: JSON.parse(r.body), usage: JSON.parse(r.usage) });

export class SessionStore {
  constructor(private readonly db: Db) {}

  insert(row: Omit<SessionRow, 'seq' | 'status' | 'usage' | 'last_seq'>): void {
    this.db
      .prepare(
        `INSERT INTO sessions (id, agent_id, agent_version, environment_id, body, created_at, updated_at, archived_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.agent_id, row.agent_version, row.environment_id, JSON.stringify(row.body), row.created_at, row.updated_at, row.archived_at);
  }

  get(id: string): SessionRow | undefined {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id = ?').get(id) as RawRow | undefined;
    return r ? parse(r) : undefined;
  }

  updateBody(id: string, body: SessionBody, at: string): void {
    this.db.prepare('UPDATE sessions SET body = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(body), at, id);
  }

  archive(id: string, at: string): void {
    this.db.prepare('UPDATE sessions SET archived_at = coalesce(archived_at, ?), updated_at = ? WHERE id = ?').run(at, at, id);
  }

  /** Deletes a session and its whole log; the only way events are ever deleted. */
  delete(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE sessions SET deleting = 1 WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM events WHERE session_id = ?').run(id);
      this.db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    })();
  }

  list(f: SessionListFilter, order: 'asc' | 'desc', limit: number, pageToken?: string | null): PageResult<SessionRow> {
    const where = ['1=1'];
    const params: unknown[] = [];
    if (!f.includeArchived) where.push('archived_at IS NULL');
    if (f.agentId) (where.push('agent_id = ?'), params.push(f.agentId));
    if (f.agentVersion !== undefined) (where.push('agent_version = ?'), params.push(f.agentVersion));
    if (f.statuses?.length) (where.push(`status IN (${f.statuses.map(() => '?').join(',')})`), params.push(...f.statuses));
    for (const c of f.created) (where.push(`created_at ${c.op} ?`), params.push(c.at));
    const res = page<RawRow>(this.db, { from: `FROM sessions WHERE ${where.join(' AND ')}`, params, order, limit, page: pageToken });
    return { ...res, rows: res.rows.map(parse) };
  }

  /**
   * For each of `ids` that exists: its cached status and, when idle, the body of its last
   * `session.status_idle` event (why it stopped). One query for the lot.
   */
  statusesWithLastIdle(ids: readonly string[]): { id: string; status: Session['status']; idle: string | null }[] {
    if (!ids.length) return [];
    return this.db
      .prepare(
        `SELECT id, status, CASE WHEN status = 'idle' THEN
           (SELECT body FROM events e WHERE e.session_id = sessions.id AND e.type = 'session.status_idle' ORDER BY e.seq DESC LIMIT 1)
         END AS idle
         FROM sessions WHERE deleting = 0 AND id IN (${ids.map(() => '?').join(',')})`,
      )
      .all(...ids) as { id: string; status: Session['status']; idle: string | null }[];
  }

  /** Ids of sessions whose cached status says a brain should be working on them. */
  idsWithStatus(status: Session['status']): string[] {
    return (this.db.prepare('SELECT id FROM sessions WHERE status = ? AND archived_at IS NULL').all(status) as { id: string }[]).map((r) => r.id);
  }
}
