import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

type Agent = BetaManagedAgentsAgent;

export interface AgentListFilter {
  includeArchived: boolean;
  createdGte?: string;
  createdLte?: string;
}

/** Agents and their immutable versions: every change writes a new version row. */
export class AgentStore {
  constructor(private readonly db: Db) {}

  insert(agent: Agent): void {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO agents (id, version, created_at, archived_at) VALUES (?, ?, ?, ?)')
        .run(agent.id, agent.version, agent.created_at, agent.archived_at);
      this.putVersion(agent);
    })();
  }

  /** Writes `next` as a new version if the current version is still `expected` (optimistic concurrency). */
  saveVersion(next: Agent, expected: number): boolean {
    return this.db.transaction(() => {
      const r = this.db.prepare('UPDATE agents SET version = ? WHERE id = ? AND version = ?').run(next.version, next.id, expected);
      if (r.changes === 0) return false;
      this.putVersion(next);
      return true;
    })();
  }

  archive(id: string, at: string): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE agents SET archived_at = ? WHERE id = ? AND archived_at IS NULL').run(at, id);
      // Archiving changes the resource without a new version: rewrite the current version's archived_at.
      const current = this.get(id);
      if (current) this.db.prepare('UPDATE agent_versions SET body = ? WHERE agent_id = ? AND version = ?').run(JSON.stringify({ ...current, archived_at: current.archived_at ?? at }), id, current.version);
    })();
  }

  get(id: string, version?: number): Agent | undefined {
    const row = this.db
      .prepare(
        version === undefined
          ? 'SELECT v.body FROM agents a JOIN agent_versions v ON v.agent_id = a.id AND v.version = a.version WHERE a.id = ?'
          : 'SELECT body FROM agent_versions WHERE agent_id = ? AND version = ?',
      )
      .get(...(version === undefined ? [id] : [id, version])) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Agent) : undefined;
  }

  list(f: AgentListFilter, limit: number, pageToken?: string | null): PageResult<Agent> {
    const where = ['1=1'];
    const params: unknown[] = [];
    if (!f.includeArchived) where.push('a.archived_at IS NULL');
    if (f.createdGte) (where.push('a.created_at >= ?'), params.push(f.createdGte));
    if (f.createdLte) (where.push('a.created_at <= ?'), params.push(f.createdLte));
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'a.seq AS seq, v.body AS body',
      from: `FROM agents a JOIN agent_versions v ON v.agent_id = a.id AND v.version = a.version WHERE ${where.join(' AND ')}`,
      params,
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as Agent) };
  }

  versions(id: string, limit: number, pageToken?: string | null): PageResult<Agent> {
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'seq, body',
      from: 'FROM (SELECT version AS seq, body FROM agent_versions WHERE agent_id = ?) WHERE 1=1',
      params: [id],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as Agent) };
  }

  private putVersion(agent: Agent): void {
    this.db.prepare('INSERT INTO agent_versions (agent_id, version, body) VALUES (?, ?, ?)').run(agent.id, agent.version, JSON.stringify(agent));
  }
}
