import type { BetaSkill } from '@anthropic-ai/sdk/resources/beta/skills/skills';
import type { BetaSkillVersion } from '@anthropic-ai/sdk/resources/beta/skills/versions';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

/** One file of a skill version: its path under the skill's folder and its size. */
export interface SkillFile {
  path: string;
  size: number;
}

export interface SkillVersionRow {
  seq: number;
  version: BetaSkillVersion;
  files: SkillFile[];
}

type RawVersion = { seq: number; body: string; files: string };
const parseVersion = (r: RawVersion): SkillVersionRow => ({ seq: r.seq, version: JSON.parse(r.body) as BetaSkillVersion, files: JSON.parse(r.files) as SkillFile[] });
type RawSkill = { seq: number; body: string };

/** Skills (the official shape) and their immutable versions. */
export class SkillStore {
  constructor(private readonly db: Db) {}

  get(id: string): BetaSkill | undefined {
    const r = this.db.prepare('SELECT body FROM skills WHERE id = ?').get(id) as { body: string } | undefined;
    return r && (JSON.parse(r.body) as BetaSkill);
  }

  /** Newest first, like the official list. */
  list(limit: number, pageToken?: string | null): PageResult<BetaSkill> {
    const res = page<RawSkill>(this.db, { select: 'seq, body', from: 'FROM skills WHERE 1=1', params: [], order: 'desc', limit, page: pageToken });
    return { ...res, rows: res.rows.map((r) => JSON.parse(r.body) as BetaSkill) };
  }

  /** Adds a version, creating the skill with it when `skill` is new; the skill's latest version becomes this one. */
  addVersion(skill: BetaSkill, version: BetaSkillVersion, files: SkillFile[]): void {
    this.db.transaction(() => {
      this.db.prepare('INSERT INTO skills (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body').run(skill.id, JSON.stringify(skill));
      this.db.prepare('INSERT INTO skill_versions (skill_id, version, body, files) VALUES (?, ?, ?, ?)').run(skill.id, version.id, JSON.stringify(version), JSON.stringify(files));
    })();
  }

  version(skillId: string, version: string): SkillVersionRow | undefined {
    const r = this.db.prepare('SELECT seq, body, files FROM skill_versions WHERE skill_id = ? AND version = ?').get(skillId, version) as RawVersion | undefined;
    return r && parseVersion(r);
  }

  /** The newest version, or undefined when the skill has none. */
  latest(skillId: string): SkillVersionRow | undefined {
    const r = this.db.prepare('SELECT seq, body, files FROM skill_versions WHERE skill_id = ? ORDER BY seq DESC LIMIT 1').get(skillId) as RawVersion | undefined;
    return r && parseVersion(r);
  }

  /** The version a reference loads: the pinned one, or the newest for `latest` (or none given). */
  resolve(skillId: string, version?: string | null): SkillVersionRow | undefined {
    return version && version !== 'latest' ? this.version(skillId, version) : this.latest(skillId);
  }

  versions(skillId: string, limit: number, pageToken?: string | null): PageResult<SkillVersionRow> {
    const res = page<RawVersion>(this.db, { select: 'seq, body, files', from: 'FROM skill_versions WHERE skill_id = ?', params: [skillId], order: 'desc', limit, page: pageToken });
    return { ...res, rows: res.rows.map(parseVersion) };
  }

  /** Removes a version; the skill's latest becomes the newest one left (`skill` is its new body). */
  deleteVersion(skill: BetaSkill, version: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM skill_versions WHERE skill_id = ? AND version = ?').run(skill.id, version);
      this.db.prepare('UPDATE skills SET body = ? WHERE id = ?').run(JSON.stringify(skill), skill.id);
    })();
  }

  /** Removes a skill that has no versions left. */
  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM skills WHERE id = ? AND NOT EXISTS (SELECT 1 FROM skill_versions WHERE skill_id = ?)').run(id, id).changes === 1;
  }
}
