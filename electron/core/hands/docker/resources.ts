// A session's resources in its sandbox. A repository is cloned on the host under the data directory
// (its token stays on the host) and mounted read-write at its mount path; the clone lives as long as the
// session. A file (from the Files API) is mounted read-only at its mount path, straight from its blob; so
// is each of the agent's skills, from its version's folder.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Mount } from './container.ts';
import { cloneRepository } from './git.ts';
import type { BetaManagedAgentsSessionAgent as SessionAgent } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { SKILLS_DIR } from '../contract.ts';
import type { Store } from '../../store/index.ts';
import type { SkillShelf } from '../../store/skill-shelf.ts';

type Resource = BetaManagedAgentsSession['resources'][number];

/** Where a session's clones are kept on the host. */
export const resourcesDir = (dataDir: string, sessionId: string): string => join(dataDir, 'resources', sessionId);

export interface SessionMounts {
  mounts: Mount[];
  /** Makes every mount's source ready on the host (clones what is not cloned yet); rejects with a message for the model. */
  prepare(): Promise<void>;
}

export interface MountSources {
  /** A repository's token (from the keychain, never stored). */
  tokenOf: (resourceId: string) => Promise<string | undefined>;
  /** Where a file's bytes are on the host, or undefined when the file is gone. */
  fileOf: (fileId: string) => string | undefined;
}

/** The mounts of a session's resources. */
export function sessionMounts(dataDir: string, sessionId: string, resources: readonly Resource[], { tokenOf, fileOf }: MountSources): SessionMounts {
  const dir = resourcesDir(dataDir, sessionId);
  const repos = resources.flatMap((r) => (r.type === 'github_repository' ? [{ ...r, source: join(dir, r.id) }] : []));
  const files = resources.flatMap((r) => (r.type === 'file' ? [{ ...r, source: fileOf(r.file_id) }] : []));
  return {
    mounts: [
      ...repos.map((r) => ({ source: r.source, target: r.mount_path, writable: true })),
      ...files.flatMap((f) => (f.source ? [{ source: f.source, target: f.mount_path }] : [])),
    ],
    async prepare() {
      const gone = files.find((f) => !f.source);
      if (gone) throw new Error(`the file resource ${gone.file_id} cannot be mounted at ${gone.mount_path}: the file was deleted (remove the resource from the session, or add the file again)`);
      // Clones of repositories removed from the session (and half-made ones) go: no container mounts them now.
      const kept = new Set(repos.map((r) => r.id));
      for (const d of existsSync(dir) ? readdirSync(dir) : []) if (!kept.has(d)) rmSync(join(dir, d), { recursive: true, force: true });
      for (const r of repos) await cloneRepository({ url: r.url, checkout: r.checkout, token: await tokenOf(r.id) }, r.source);
    },
  };
}

/** The agent's custom skills, each version's folder mounted read-only at SKILLS_DIR/<name>; a version gone since is named. */
export function skillMounts(store: Store, shelf: SkillShelf, skills: SessionAgent['skills']): { mounts: Mount[]; missing: string[] } {
  const mounts: Mount[] = [];
  const missing: string[] = [];
  for (const ref of skills) {
    if (ref.type !== 'custom') continue;
    const v = store.skills.resolve(ref.skill_id, ref.version);
    if (v && shelf.has(ref.skill_id, v.version.id)) mounts.push({ source: join(shelf.folder(ref.skill_id, v.version.id), v.version.name), target: `${SKILLS_DIR}/${v.version.name}` });
    else missing.push(`${ref.skill_id} (version ${ref.version ?? 'latest'})`);
  }
  return { mounts, missing };
}

/** Removes the clones of a session (when it is deleted). */
export function removeResources(dataDir: string, sessionId: string): void {
  rmSync(resourcesDir(dataDir, sessionId), { recursive: true, force: true });
}

/** Start-up reap: removes the clones of sessions that no longer exist. */
export function reapResources(dataDir: string, exists: (sessionId: string) => boolean): void {
  const root = join(dataDir, 'resources');
  for (const id of existsSync(root) ? readdirSync(root) : []) if (!exists(id)) removeResources(dataDir, id);
}
