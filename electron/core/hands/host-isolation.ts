// What keeps the host hands' tools away from Dockhand itself: bubblewrap (`bwrap`, Debian's `bubblewrap`)
// gives them a process namespace of their own, so no process of Dockhand's is in their /proc (not its
// environment, not its command line: where its API keys are), and hides the data directory (the store,
// other sessions' workspaces) and the user's runtime directory (the keyring's and D-Bus's sockets).
// The rest of the machine stays theirs, as this user: the Docker hands are the sandbox.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface HostIsolation {
  /** The bwrap to run tools in, or null when they run as plain processes. */
  bwrap: string | null;
  /** One line for the user: what the tools can reach. */
  summary: string;
}

/** Mount and namespace options; later mounts go over earlier ones. */
function namespaceArgs(hidden: readonly string[]): string[] {
  return [
    '--die-with-parent',
    '--new-session',
    '--unshare-pid',
    '--unshare-ipc',
    '--bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    ...hidden.flatMap((dir) => ['--tmpfs', dir]),
  ];
}

/** The bwrap arguments that run `command` with `workdir` (and nothing else of `hidden`) reachable. */
export function bwrapArgs(workdir: string, hidden: readonly string[], command: readonly string[]): string[] {
  return [...namespaceArgs(hidden), '--bind', workdir, workdir, '--chdir', workdir, '--', ...command];
}

/** Directories host tools never see: Dockhand's data and the user's runtime directory. */
export function hiddenDirs(dataDir: string): string[] {
  const runtime = process.env.XDG_RUNTIME_DIR || (process.getuid ? `/run/user/${process.getuid()}` : undefined);
  // Only what exists: bwrap would make a missing mount point on the real filesystem.
  return [dataDir, ...(runtime ? [runtime] : [])].filter((dir) => existsSync(dir));
}

const UNISOLATED = "Tools run on this machine WITHOUT isolation: an agent's commands can read everything this user can, Dockhand's API keys included";
const ISOLATED =
  "Tools run on this machine in bubblewrap: they cannot see Dockhand's processes (so not its API keys) or its data directory, but the rest of the machine is theirs, as this user";

let probed: HostIsolation | undefined;

/** bubblewrap when it is installed and can make a process namespace here (user namespaces may be turned off); probed once. */
export function hostIsolation(): HostIsolation {
  return (probed ??= probe());
}

function probe(): HostIsolation {
  const run = spawnSync('bwrap', [...namespaceArgs([]), '--', 'true'], { encoding: 'utf8', timeout: 10_000 });
  if (run.status === 0) return { bwrap: 'bwrap', summary: `${ISOLATED}.` };
  const why = (run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'bubblewrap is not installed' : `bubblewrap cannot run here: ${(run.stderr || run.error?.message || `exit ${run.status}`).trim()}`;
  return { bwrap: null, summary: `${UNISOLATED} (${why}; install bubblewrap or use --hands docker).` };
}
