// The Docker engine the hands benchmarks run on, and the sweep that leaves nothing of theirs behind: every
// container and network Dockhand makes is labelled with the process that made it (`dockhand.owner=host:pid`),
// so the benchmark removes exactly its own (this process's and its serve children's), never another run's.
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import { OWNER_LABEL } from '../electron/core/hands/docker/container.ts';
import { assertEngine, dockerClient, MANAGED_LABEL } from '../electron/core/hands/docker/engine.ts';

export const ownerOf = (pid: number) => `${hostname()}:${pid}`;

/** The engine, or why the hands rows cannot be measured (no engine answers). */
export async function handsEngine(): Promise<{ docker: Dockerode } | { skipped: string }> {
  const docker = dockerClient();
  try {
    await assertEngine(docker);
    return { docker };
  } catch (err) {
    return { skipped: (err as Error).message };
  }
}

const filters = (pid: number) => ({ label: [`${MANAGED_LABEL}=1`, `${OWNER_LABEL}=${ownerOf(pid)}`] });

/** What the processes `pids` made and is still on the engine, as "container …" / "network …" lines. */
export async function leftovers(docker: Dockerode, pids: readonly number[]): Promise<string[]> {
  const found: string[] = [];
  for (const pid of pids) {
    for (const c of await docker.listContainers({ all: true, filters: filters(pid) })) found.push(`container ${c.Names[0] ?? c.Id}`);
    for (const n of await docker.listNetworks({ filters: filters(pid) })) found.push(`network ${n.Name}`);
  }
  return found;
}

/** Polls until the processes `pids` have nothing left on the engine (a deleted session's sandbox goes in the background). */
export async function untilGone(docker: Dockerode, pids: readonly number[], timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let left = await leftovers(docker, pids); left.length; left = await leftovers(docker, pids)) {
    if (Date.now() > deadline) throw new Error(`still on the Docker engine after ${timeoutMs} ms: ${left.join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * For an exit handler (which cannot wait for promises): removes, through the docker CLI, the containers
 * and networks of the processes `pids`. Without the CLI, Dockhand's next start reaps them (their owners are gone).
 */
export function sweepSync(pids: readonly number[]): void {
  const docker = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  for (const pid of pids) {
    const label = ['--filter', `label=${MANAGED_LABEL}=1`, '--filter', `label=${OWNER_LABEL}=${ownerOf(pid)}`];
    try {
      const containers = docker(['ps', '-aq', ...label]).split('\n').filter(Boolean);
      if (containers.length) docker(['rm', '-f', '-v', ...containers]);
      const networks = docker(['network', 'ls', '-q', ...label]).split('\n').filter(Boolean);
      if (networks.length) docker(['network', 'rm', ...networks]);
    } catch {
      // No CLI, or the engine went away: nothing more can be done from here.
    }
  }
}
