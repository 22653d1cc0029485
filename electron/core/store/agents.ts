import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

type Agent = BetaManagedAgentsAgent;

const withState = (r: { body: string; archived_at: string | null }): Agent => ({ ...(JSON.parse(r.body) as Agent), archived_at: r.archived_at });

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
    this.db.prepare('UPDATE agents SET archived_at = ? WHERE id = ? AND archived_at IS NULL').run(at, id);
  }

  /** The agents (latest versions, not archived) whose skills name this skill. */
  usingSkill(skillId: string): Agent[] {
    const rows = this.db
      .prepare(
        `SELECT v.body FROM agents a JOIN agent_versions v ON v.agent_id = a.id AND v.version = a.version
         WHERE a.archived_at IS NULL AND EXISTS (SELECT 1 FROM json_each(v.body, '$.skills') s WHERE json_extract(s.value, '$.skill_id') = ?)`,
      )
      .all(skillId) as { body: string }[];
    return rows.map((r) => JSON.parse(r.body) as Agent);
  }

  /** The agent at `version` (default: current). Archiving is a state of the agent, not of a version. */
  get(id: string, version?: number): Agent | undefined {
    const row = this.db
      .prepare('SELECT v.body, a.archived_at FROM agents a JOIN agent_versions v ON v.agent_id = a.id AND v.version = coalesce(?, a.version) WHERE a.id = ?')
      .get(version ?? null, id) as { body: string; archived_at: string | null } | undefined;
    return row ? withState(row) : undefined;
  }

  list(f: AgentListFilter, limit: number, pageToken?: string | null): PageResult<Agent> {
    const where = ['1=1'];
    const params: unknown[] = [];
    if (!f.includeArchived) where.push('a.archived_at IS NULL');
    if (f.createdGte) (where.push('a.created_at >= ?'), params.push(f.createdGte));
    if (f.createdLte) (where.push('a.created_at <= ?'), params.push(f.createdLte));
    const res = page<{ seq: number; body: string; archived_at: string | null }>(this.db, {
      select: 'a.seq AS seq, v.body AS body, a.archived_at AS archived_at',
      from: `FROM agents a JOIN agent_versions v ON v.agent_id = a.id AND v.version = a.version WHERE ${where.join(' AND ')}`,
      params,
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map(withState) };
  }

  versions(id: string, limit: number, pageToken?: string | null): PageResult<Agent> {
    const res = page<{ seq: number; body: string; archived_at: string | null }>(this.db, {
      select: 'seq, body, archived_at',
      from: 'FROM (SELECT v.version AS seq, v.body, a.archived_at FROM agent_versions v JOIN agents a ON a.id = v.agent_id WHERE v.agent_id = ?) WHERE 1=1',
      params: [id],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map(withState) };
  }

  private putVersion(agent: Agent): void {
    this.db.prepare('INSERT INTO agent_versions (agent_id, version, body) VALUES (?, ?, ?)').run(agent.id, agent.version, JSON.stringify(agent));
  }
}
