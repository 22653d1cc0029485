import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

/** Environments; a name is unique among environments that are not archived. */
export class EnvironmentStore {
  constructor(private readonly db: Db) {}

  /** Returns false when the name is taken. */
  insert(env: BetaEnvironment): boolean {
    const r = this.db
      .prepare('INSERT INTO environments (id, name, body, created_at, archived_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(env.id, env.name, JSON.stringify(env), env.created_at, env.archived_at);
    return r.changes === 1;
  }

  /** Returns false when the new name is taken. */
  replace(env: BetaEnvironment): boolean {
    try {
      this.db.prepare('UPDATE environments SET name = ?, body = ?, archived_at = ? WHERE id = ?').run(env.name, JSON.stringify(env), env.archived_at, env.id);
      return true;
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw err;
    }
  }

  get(id: string): BetaEnvironment | undefined {
    const row = this.db.prepare('SELECT body FROM environments WHERE id = ?').get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as BetaEnvironment) : undefined;
  }

  sessionCount(id: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sessions WHERE environment_id = ?').get(id) as { n: number }).n;
  }

  delete(id: string): void {
    this.db.prepare('DELETE FROM environments WHERE id = ?').run(id);
  }

  list(includeArchived: boolean, limit: number, pageToken?: string | null): PageResult<BetaEnvironment> {
    const res = page<{ seq: number; body: string }>(this.db, {
      select: 'seq, body',
      from: `FROM environments WHERE ${includeArchived ? '1=1' : 'archived_at IS NULL'}`,
      params: [],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as BetaEnvironment) };
  }
}
