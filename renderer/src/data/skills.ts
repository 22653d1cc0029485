// Skills: the live list, each skill's versions (loaded when its screen or a picker asks, reloaded when
// the feed says the skill changed), and the calls that change them. Uploads travel inline (base64) in
// the one contract call, so IPC and the RPC path carry them alike.
import { useEffect } from 'react';
import { create } from 'zustand';
import { createChildLists, type ChildList } from './child-lists.ts';
import { createCollection } from './collection.ts';
import { client } from './connection.ts';
import { dropDetail, noteDetail } from './detail-cache.ts';
import { DockhandError } from './errors.ts';
import type { Skill, SkillVersion } from './types.ts';

export const useSkills = createCollection<Skill, Record<string, never>>({
  query: {},
  list: (c, _q, page, limit) => c.call('skills.list', { limit, page }),
  matches: () => true,
});

/** One file of an upload: its path under the skill's folder (or the zip's name) and its bytes in base64. */
export interface UploadFile {
  path: string;
  base64: string;
}

const inline = (files: readonly UploadFile[]) => files.map((f) => ({ type: 'inline' as const, filename: f.path, data: f.base64 }));

export async function createSkill(files: readonly UploadFile[], displayName?: string): Promise<Skill> {
  const skill = await client().call('skills.create', { files: inline(files), display_name: displayName || undefined });
  useSkills.getState().upsert(skill);
  return skill;
}

export async function createSkillVersion(skillId: string, files: readonly UploadFile[]): Promise<SkillVersion> {
  const version = await client().call('skills.versions.create', { skill_id: skillId, files: inline(files) });
  await refreshSkill(skillId);
  return version;
}

export async function deleteSkillVersion(skillId: string, version: string): Promise<void> {
  await client().call('skills.versions.delete', { skill_id: skillId, version });
  await refreshSkill(skillId);
}

export async function deleteSkill(skillId: string): Promise<void> {
  await client().call('skills.delete', { skill_id: skillId });
  removeSkill(skillId);
}

export const retrieveSkill = (skill_id: string) => client().call('skills.retrieve', { skill_id });

/** A version as `<name>.zip` (base64, from core). */
export const readSkillVersion = (skill_id: string, version: string) => client().call('skills.versions.download', { skill_id, version });

// Versions, per skill (a skill has a handful: loaded whole, newest first).
export type VersionsOf = ChildList<SkillVersion>;

const versions = createChildLists<SkillVersion>((skill_id, page) => client().call('skills.versions.list', { skill_id, limit: 1000, page }));

/** A skill created or changed (a version added or deleted), from a call here or the change feed. */
export function upsertSkill(skill: Skill): void {
  forgetLatest(skill.id);
  useSkills.getState().upsert(skill);
  noteDetail(skill);
  if (versions.shown(skill.id)) void versions.reload(skill.id);
}

export function removeSkill(skillId: string): void {
  forgetLatest(skillId);
  useSkills.getState().remove(skillId);
  dropDetail(skillId);
  versions.forget(skillId);
}

/** Reloads the versions on screen (the change feed lost track). */
export const reloadShownVersions = () => versions.reloadShown();

async function refreshSkill(skillId: string): Promise<void> {
  upsertSkill(await retrieveSkill(skillId));
}

/** A skill's versions, loaded on first use (null id: none). */
export const useSkillVersions = (skillId: string | null): VersionsOf => versions.use(skillId);

// Each listed skill's latest version (its SKILL.md name), asked once per skill and version; null when
// the skill has none left (its latest_version_id then names a deleted one).
const useLatestStore = create<{ byKey: Readonly<Record<string, SkillVersion | null>> }>()(() => ({ byKey: {} }));
const asked = new Set<string>();

function forgetLatest(skillId: string): void {
  for (const key of [...asked]) if (key.startsWith(`${skillId}/`)) asked.delete(key);
  useLatestStore.setState((s) => ({ byKey: Object.fromEntries(Object.entries(s.byKey).filter(([key]) => !key.startsWith(`${skillId}/`))) }));
}

/** The skill's latest version: undefined while it loads, null when there is none. */
export function useLatestVersion(skill: Skill): SkillVersion | null | undefined {
  const key = `${skill.id}/${skill.latest_version_id}`;
  const value = useLatestStore((s) => s.byKey[key]);
  useEffect(() => {
    if (asked.has(key)) return;
    asked.add(key);
    client()
      .call('skills.versions.retrieve', { skill_id: skill.id, version: skill.latest_version_id })
      .then(
        (v) => v,
        (err) => (err instanceof DockhandError && err.status === 404 ? null : (asked.delete(key), undefined)),
      )
      .then((v) => v !== undefined && useLatestStore.setState((s) => ({ byKey: { ...s.byKey, [key]: v } })));
  }, [key, skill.id, skill.latest_version_id]);
  return value;
}
