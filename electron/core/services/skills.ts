// Skills: folders of instructions and files an agent loads when a task needs them. Each upload is a new
// immutable version, unpacked into its own folder (mounted read-only in sandboxes, see hands/docker);
// SKILL.md's name and description are what the model is shown (brain/skills-prompt.ts).
import type { BetaSkill } from '@anthropic-ai/sdk/resources/beta/skills/skills';
import type { BetaSkillVersion } from '@anthropic-ai/sdk/resources/beta/skills/versions';
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { Services } from '../api/contract.ts';
import { invalid, notFound } from '../api/errors.ts';
import { FileContent, type Upload } from '../api/payloads.ts';
import { createReadStream } from 'node:fs';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import type { SkillShelf } from '../store/skill-shelf.ts';
import type { SkillVersionRow } from '../store/skills.ts';
import { pageSize } from './metadata.ts';
import { unpackSkill, type SkillLimits } from './skill-package.ts';

type SkillServices = Pick<
  Services,
  'skills.create' | 'skills.retrieve' | 'skills.list' | 'skills.delete' | 'skills.versions.create' | 'skills.versions.retrieve' | 'skills.versions.list' | 'skills.versions.delete' | 'skills.versions.download'
>;

export interface SkillOptions {
  shelf?: SkillShelf;
  limits?: SkillLimits;
}

/** Epoch microseconds, strictly increasing within this process (two uploads in one millisecond differ). */
let lastVersion = 0;
function newVersionId(): string {
  lastVersion = Math.max(Date.now() * 1000, lastVersion + 1);
  return String(lastVersion);
}

/** Refuses an agent's custom skills that do not exist (or pinned versions that do not). */
export function checkSkills(store: Store, skills: BetaManagedAgentsAgent['skills']): void {
  for (const s of skills) {
    if (s.type !== 'custom') continue;
    if (!store.skills.get(s.skill_id)) throw invalid(`skills: custom skill ${s.skill_id} not found (upload it with skills.create first)`, 'skill_not_found');
    if (!store.skills.resolve(s.skill_id, s.version)) throw invalid(`skills: skill ${s.skill_id} has no version ${s.version}`, 'skill_version_not_found');
  }
}

export function skillServices(store: Store, { shelf, limits = { maxBytes: 30_000_000, maxFiles: 1000 } }: SkillOptions = {}): SkillServices {
  const shelfOrRefuse = (): SkillShelf => {
    if (!shelf) throw invalid('skills are kept in a data directory, and this Dockhand runs without one');
    return shelf;
  };
  const load = (id: string): BetaSkill => {
    const s = store.skills.get(id);
    if (!s) throw notFound('skill', id);
    return s;
  };
  const loadVersion = (skillId: string, version: string): SkillVersionRow => {
    load(skillId);
    const v = store.skills.version(skillId, version);
    if (!v) throw notFound(`version ${version} of skill`, skillId);
    return v;
  };

  /** Unpacks an upload as a new version of `skill` (a new skill when it has no id yet). */
  async function addVersion(files: readonly Upload[], existing: BetaSkill | undefined, displayName?: string | null): Promise<{ skill: BetaSkill; version: BetaSkillVersion }> {
    const s = shelfOrRefuse();
    const stage = s.stage();
    try {
      const pkg = await unpackSkill(files, stage, limits);
      const first = existing && store.skills.latest(existing.id);
      if (first && first.version.name !== pkg.name)
        throw invalid(`this skill is named ${first.version.name}; the upload's SKILL.md names ${pkg.name} (a skill's name never changes: create a new skill instead)`, 'skill_name_mismatch');
      const at = now();
      const skillId = existing?.id ?? newId('skill');
      const version: BetaSkillVersion = { id: newVersionId(), type: 'skill_version', skill_id: skillId, name: pkg.name, description: pkg.description, created_at: at };
      const skill: BetaSkill = existing
        ? { ...existing, latest_version_id: version.id, updated_at: at }
        : { id: skillId, type: 'skill', display_name: displayName || pkg.name, latest_version_id: version.id, source: { type: 'custom' }, created_at: at, updated_at: at };
      s.keep(pkg.root, skillId, version.id, pkg.name);
      try {
        store.skills.addVersion(skill, version, pkg.files);
      } catch (err) {
        s.remove(skillId, version.id);
        throw err;
      }
      return { skill, version };
    } finally {
      // What was not moved into place (a refused upload): parts left behind are the server's to remove.
      s.discard(stage);
    }
  }

  return {
    async 'skills.create'({ files, display_name }) {
      return (await addVersion(files, undefined, display_name)).skill;
    },

    async 'skills.retrieve'({ skill_id }) {
      return load(skill_id);
    },

    async 'skills.list'({ limit, page, source }) {
      // Anthropic's own skills are not published to a local install: that filter finds none.
      if (source === 'anthropic') return { data: [], next_page: null };
      const res = store.skills.list(pageSize(limit), page);
      return { data: res.rows, next_page: res.next_page };
    },

    async 'skills.delete'({ skill_id }) {
      load(skill_id);
      if (store.skills.latest(skill_id)) throw invalid(`skill ${skill_id} still has versions: delete them first (skills.versions.delete)`, 'skill_has_versions');
      store.skills.delete(skill_id);
      shelf?.remove(skill_id);
      return { id: skill_id, type: 'skill_deleted' };
    },

    async 'skills.versions.create'({ skill_id, files }) {
      return (await addVersion(files, load(skill_id))).version;
    },

    async 'skills.versions.retrieve'({ skill_id, version }) {
      return loadVersion(skill_id, version).version;
    },

    async 'skills.versions.list'({ skill_id, limit, page }) {
      load(skill_id);
      const res = store.skills.versions(skill_id, pageSize(limit), page);
      return { data: res.rows.map((r) => r.version), next_page: res.next_page };
    },

    async 'skills.versions.delete'({ skill_id, version }) {
      const skill = load(skill_id);
      loadVersion(skill_id, version);
      const left = store.skills.versions(skill_id, 2, null).rows.filter((r) => r.version.id !== version);
      const users = store.agents.usingSkill(skill_id).filter((a) =>
        a.skills.some((s) => s.skill_id === skill_id && (s.version === version || ((s.version ?? 'latest') === 'latest' && left.length === 0))),
      );
      if (users.length)
        throw invalid(`version ${version} of skill ${skill_id} is loaded by ${users.map((a) => `${a.name} (${a.id})`).join(', ')}: change or archive those agents first`, 'skill_in_use');
      const newest = skill.latest_version_id === version ? left[0]?.version.id : skill.latest_version_id;
      store.skills.deleteVersion({ ...skill, latest_version_id: newest ?? skill.latest_version_id, updated_at: now() }, version);
      shelf?.remove(skill_id, version);
      return { id: version, type: 'skill_version_deleted' };
    },

    async 'skills.versions.download'({ skill_id, version }) {
      const v = loadVersion(skill_id, version);
      const zip = await shelfOrRefuse().zip(skill_id, version, v.version.name, v.files);
      return new FileContent(`${v.version.name}.zip`, 'application/zip', zip.size, () => createReadStream(zip.path));
    },
  };
}
