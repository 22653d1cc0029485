// A session's resources in its sandbox. A repository is cloned on the host under the data directory
// (its token stays on the host) and mounted read-write at its mount path; the clone lives as long as the
// session. A file would be mounted read-only, but Dockhand has no Files API yet, so no `file_id` names a
// file it holds: such a session's sandbox is refused, with the reason, at its first tool call.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Mount } from './container.ts';
import { cloneRepository } from './git.ts';

type Resource = BetaManagedAgentsSession['resources'][number];

/** Where a session's clones are kept on the host. */
export const resourcesDir = (dataDir: string, sessionId: string): string => join(dataDir, 'resources', sessionId);

export interface SessionMounts {
  mounts: Mount[];
  /** Makes every mount's source ready on the host (clones what is not cloned yet); rejects with a message for the model. */
  prepare(): Promise<void>;
}

/** The mounts of a session's resources; `tokenOf` gives a repository's token (from the keychain, never stored). */
export function sessionMounts(dataDir: string, sessionId: string, resources: readonly Resource[], tokenOf: (resourceId: string) => Promise<string | undefined>): SessionMounts {
  const dir = resourcesDir(dataDir, sessionId);
  const repos = resources.flatMap((r) => (r.type === 'github_repository' ? [{ ...r, source: join(dir, r.id) }] : []));
  const files = resources.flatMap((r) => (r.type === 'file' ? [r] : []));
  return {
    mounts: repos.map((r) => ({ source: r.source, target: r.mount_path, writable: true })),
    async prepare() {
      const f = files[0];
      if (f) throw new Error(`the file resource ${f.file_id} cannot be mounted at ${f.mount_path}: Dockhand has no Files API yet, so it holds no file ${f.file_id}`);
      for (const r of repos) await cloneRepository({ url: r.url, checkout: r.checkout, token: await tokenOf(r.id) }, r.source);
    },
  };
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
