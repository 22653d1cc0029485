// A sandbox container: how it is made (hardened, limited, labelled) and how it is taken away.
import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import { isNotFound, managedLabels, MANAGED_LABEL, SESSION_LABEL } from './engine.ts';
import { AGENT_USER, execIn, WORKDIR } from './exec.ts';

/** Marks a sandbox container (other Dockhand containers, an egress proxy or a test server, are not reaped here). */
export const SANDBOX_LABEL = 'dockhand.sandbox';
/** The process that made the container, `host:pid`: a start-up reap removes only those whose process is gone. */
export const OWNER_LABEL = 'dockhand.owner';
/** Where the session's outputs are mounted, from the host's data directory: they outlive the container. */
export const OUTPUTS_DIR = '/mnt/session/outputs';

export interface Limits {
  memoryBytes: number;
  /** CPUs, fractions allowed. */
  cpus: number;
  /** Processes and threads, all users together. */
  pids: number;
  /** Open files per process (RLIMIT_NOFILE, soft and hard); the engine's default is its own (often 1M or more). */
  openFiles: number;
  /** The container's own filesystem (its writable layer: /workspace, /tmp; not the mounts), where the engine can hold it: see createSandbox. */
  diskBytes: number;
}

export const DEFAULT_LIMITS: Limits = { memoryBytes: 2 * 1024 ** 3, cpus: 1, pids: 512, openFiles: 4096, diskBytes: 10 * 1024 ** 3 };

/** A host path mounted in the sandbox (a session's file or repository): read-only unless `writable`. */
export interface Mount {
  source: string;
  target: string;
  writable?: boolean;
}

export interface ContainerSpec {
  name: string;
  image: string;
  sessionId?: string;
  /** Host directory mounted at /mnt/session/outputs. */
  outputsDir: string;
  mounts: readonly Mount[];
  env: Record<string, string>;
  /** From the network policy: at least NetworkMode. */
  network: { NetworkMode: string };
  limits: Limits;
  /** Ask the storage driver to hold the writable layer to limits.diskBytes (see createSandbox). */
  diskQuota?: boolean;
}

const owner = () => `${hostname()}:${process.pid}`;

/** Makes the container's init stop every process of the agent (see INIT). */
export const RESET_SIGNAL = 'SIGUSR1';
/** Where the init counts the resets it has done. */
const RESETS_FILE = '/tmp/dockhand-resets';

// The container's first process: bash as init, holding a `sleep` and reaping orphans. On RESET_SIGNAL it kills
// every other process of the container's user with the builtin kill, which needs no new process: so it works
// with the process table full (a fork bomb), where `docker exec` cannot start anything. Then it counts the reset.
const INIT = `n=0; trap 'kill -KILL -1; n=$((n + 1)); echo $n > ${RESETS_FILE}' ${RESET_SIGNAL}; while :; do sleep infinity & wait; done`;

// The resets done so far and the forks refused at the pids limit (cgroup v2, else v1), as "resets refused".
const COUNTERS = String.raw`read -r n < ${RESETS_FILE} || n=0
f=/sys/fs/cgroup/pids.events; [ -r $f ] || f=/sys/fs/cgroup/pids/pids.events
m=0; if [ -r $f ]; then while read -r k v; do [ "$k" = max ] && m=$v; done < $f; fi
echo "$n $m"`;

export interface Reset {
  /** Resets the container has had, this one included. */
  resets: number;
  /** The container's count of forks refused at its pids limit, ever. */
  pidsLimitHits: number;
}

/**
 * Stops every process of the agent in the container (shells, what they started, a fork bomb) and resolves
 * once that is done: when the init's reset count has passed `resetsBefore`. Rejects when it does not happen.
 */
export async function resetProcesses(container: Dockerode.Container, resetsBefore: number, timeoutMs = 10_000): Promise<Reset> {
  await container.kill({ signal: RESET_SIGNAL });
  const deadline = Date.now() + timeoutMs;
  do {
    // An exec that started before the reset may be killed by it: ask again.
    const r = await execIn(container, ['bash', '-c', COUNTERS], { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
    const [resets, hits] = (r?.stdout.trim().split(' ') ?? []).map(Number);
    if (resets! > resetsBefore) return { resets: resets!, pidsLimitHits: hits! };
    await new Promise((res) => setTimeout(res, 50));
  } while (Date.now() < deadline);
  throw new Error(`they were still running ${timeoutMs} ms after the reset signal`);
}

/**
 * The container's settings. It runs as the image's uid 1000, with every capability dropped and
 * no-new-privileges (setuid programs cannot raise it), memory without swap, CPU, pids and open-file limits,
 * and only the mounts listed here: never the Docker socket.
 */
export function createOptions(spec: ContainerSpec): Dockerode.ContainerCreateOptions {
  return {
    name: spec.name,
    Image: spec.image,
    Entrypoint: ['bash', '-c', INIT],
    Cmd: [],
    User: AGENT_USER,
    WorkingDir: WORKDIR,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: { ...managedLabels(spec.sessionId), [SANDBOX_LABEL]: '1', [OWNER_LABEL]: owner() },
    HostConfig: {
      ...spec.network,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges:true'],
      Memory: spec.limits.memoryBytes,
      MemorySwap: spec.limits.memoryBytes,
      NanoCpus: Math.round(spec.limits.cpus * 1e9),
      PidsLimit: spec.limits.pids,
      Ulimits: [{ Name: 'nofile', Soft: spec.limits.openFiles, Hard: spec.limits.openFiles }],
      ...(spec.diskQuota ? { StorageOpt: { size: String(spec.limits.diskBytes) } } : {}),
      Mounts: [
        { Type: 'bind', Source: spec.outputsDir, Target: OUTPUTS_DIR, ReadOnly: false },
        ...spec.mounts.map((m) => ({ Type: 'bind' as const, Source: m.source, Target: m.target, ReadOnly: !m.writable })),
      ],
    },
  };
}

/** Whether the engine holds a sandbox's disk to limits.diskBytes: unknown until its first sandbox is made. */
export interface DiskQuota {
  enforced?: boolean;
  /** Why not, in the engine's words. */
  reason?: string;
}

/**
 * Makes a sandbox container, with a disk quota unless the engine already refused one. Only some storage
 * drivers enforce a size per container: overlay2 on xfs mounted with `pquota`, btrfs, zfs, devicemapper.
 * Overlay2 on ext4, the common case (Docker Desktop, most Linux installs, this project's CI), refuses the
 * create ("--storage-opt is supported only for overlay over xfs with 'pquota' mount option"): then the
 * sandbox is made without one, `quota` says so, and its disk is bounded only by the host's. The outputs
 * and resource mounts are host directories: no quota covers them.
 */
export async function createSandbox(docker: Dockerode, spec: ContainerSpec, quota: DiskQuota): Promise<Dockerode.Container> {
  if (quota.enforced !== false) {
    try {
      const container = await docker.createContainer(createOptions({ ...spec, diskQuota: true }));
      quota.enforced = true;
      return container;
    } catch (err) {
      const message = (err as { json?: { message?: string } }).json?.message ?? (err as Error).message;
      if (!/storage-?opt|quota/i.test(message)) throw err;
      Object.assign(quota, { enforced: false, reason: message });
    }
  }
  return docker.createContainer(createOptions({ ...spec, diskQuota: false }));
}

/**
 * True while the container runs; false when it stopped or is gone. With a grace period, a container seen
 * running is watched that long (a process of it was just killed: the container may be on its way down).
 */
export async function isRunning(container: Dockerode.Container, graceMs = 0): Promise<boolean> {
  const deadline = Date.now() + graceMs;
  for (;;) {
    try {
      if (!(await container.inspect()).State.Running) return false;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
    if (Date.now() >= deadline) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How a stopped container ended, for the model ("exit code 137, out of memory"). */
export async function howItEnded(container: Dockerode.Container): Promise<string> {
  try {
    const s = (await container.inspect()).State;
    return `${s.Status}, exit code ${s.ExitCode}${s.OOMKilled ? ', out of memory' : ''}`;
  } catch (err) {
    if (isNotFound(err)) return 'removed';
    throw err;
  }
}

/** Removes a container and its anonymous volumes; one already gone is fine. */
export async function removeContainer(container: Dockerode.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (err) {
    // 409: removal already in progress.
    if (!isNotFound(err) && (err as { statusCode?: number }).statusCode !== 409) throw err;
  }
}

/** True when no process `pid` runs on this machine. */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Sandbox containers, optionally only a session's. */
export async function listSandboxes(docker: Dockerode, sessionId?: string): Promise<Dockerode.ContainerInfo[]> {
  const label = [`${MANAGED_LABEL}=1`, SANDBOX_LABEL];
  if (sessionId) label.push(`${SESSION_LABEL}=${sessionId}`);
  return docker.listContainers({ all: true, filters: { label } });
}

/**
 * Start-up reap: removes the sandbox containers (and their anonymous volumes) left by a Dockhand process of
 * this machine that is no longer running. Those of live processes (another window, a test run) stay.
 */
export async function reapSandboxes(docker: Dockerode): Promise<number> {
  let removed = 0;
  for (const c of await listSandboxes(docker)) {
    const [host, pid] = (c.Labels[OWNER_LABEL] ?? '').split(':');
    if (host !== hostname() || !processGone(Number(pid))) continue;
    await removeContainer(docker.getContainer(c.Id));
    removed++;
  }
  return removed;
}
