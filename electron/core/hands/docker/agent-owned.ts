// Host directories the sandbox's user (the image's uid 1000) writes in: a session's outputs and its clones.
// When Dockhand runs as root they are given to that uid; when it runs as that uid they are its own already;
// either way nobody else may write in them. Only when Dockhand runs as another user can the agent get in
// solely by a write permission for everyone: then the owner-only data directory above keeps others out.
import { chmodSync, lchownSync, lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The sandbox's user (exec.ts runs every tool as it). */
export const AGENT_UID = 1000;

/** Makes `path` (and, with `recursive`, all inside it) the agent's to write in, and no one else's. */
export function handToAgent(path: string, { recursive = false } = {}): void {
  const uid = process.getuid?.();
  if (uid === undefined) return; // Windows: Docker Desktop maps ownership itself
  const paths = recursive ? [path, ...readdirSync(path, { recursive: true, encoding: 'utf8' }).map((e) => join(path, e))] : [path];
  for (const p of paths) {
    const st = lstatSync(p);
    if (uid === 0) lchownSync(p, AGENT_UID, AGENT_UID);
    if (st.isSymbolicLink()) continue;
    const mode = st.mode & 0o7777;
    const next = uid === 0 || uid === AGENT_UID ? mode & ~0o022 : mode | (st.isDirectory() ? 0o777 : 0o666);
    if (next !== mode) chmodSync(p, next);
  }
}
