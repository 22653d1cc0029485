// A sandbox holds what runs in it: a non-root user with no capabilities, no Docker socket, limits the
// kernel enforces (a fork bomb, a memory hog), read-only resources; and a container that dies mid-tool is
// one failed call, the next one getting a fresh container.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, DEFAULT_LIMITS, removeContainer, type DiskQuota } from '../../electron/core/hands/docker/container.ts';
import { baseImage, containersOf, docker, engineUp, expectNoneLeft, newSessionId, rig, toolError, type Rig } from './sandbox-rig.ts';

const LIMITS = { memoryBytes: 256 * 1024 ** 2, cpus: 0.5, pids: 100, openFiles: 256, diskBytes: 64 * 1024 ** 2 };

/** Whether this engine's storage driver holds a container to a disk quota: asked once, before the tests are collected. */
async function diskQuotaHere(): Promise<DiskQuota> {
  const quota: DiskQuota = {};
  const outputsDir = mkdtempSync(join(tmpdir(), 'dockhand-quota-probe-'));
  const spec = { name: `dockhand-quota-probe-${process.pid}`, image: await baseImage(), outputsDir, mounts: [], env: {}, network: { NetworkMode: 'none' }, limits: DEFAULT_LIMITS };
  await removeContainer(await createSandbox(docker, spec, quota));
  rmSync(outputsDir, { recursive: true, force: true });
  return quota;
}
const quota = engineUp ? await diskQuotaHere() : {};

describe.skipIf(!engineUp)('sandbox hardening and limits (skipped: no Docker engine answers)', () => {
  let r: Rig;
  const resources = mkdtempSync(join(tmpdir(), 'dockhand-resource-'));

  beforeAll(async () => {
    await baseImage();
    mkdirSync(join(resources, 'repo'));
    writeFileSync(join(resources, 'repo', 'README.md'), 'read me, do not change me\n');
    r = rig({ limits: LIMITS, environmentOf: () => ({ id: 'env_limits', config: {}, mounts: [{ source: join(resources, 'repo'), target: '/workspace/repo' }] }) });
  });
  afterAll(async () => {
    await r?.close();
    rmSync(resources, { recursive: true, force: true });
    await expectNoneLeft();
  });

  it('runs tools as uid 1000 with no capabilities, no-new-privileges and no Docker socket', async () => {
    const box = r.provider.forSession(newSessionId());
    expect(await box.execute('bash', { command: 'id -u; id -un' })).toBe('1000\nagent');
    const status = await box.execute('bash', { command: 'grep -E "^(Cap(Inh|Prm|Eff|Bnd|Amb)|NoNewPrivs):" /proc/self/status' });
    expect(status.split('\n').map((l) => l.replace(/\s+/g, ' '))).toEqual([
      'CapInh: 0000000000000000',
      'CapPrm: 0000000000000000',
      'CapEff: 0000000000000000',
      'CapBnd: 0000000000000000',
      'CapAmb: 0000000000000000',
      'NoNewPrivs: 1',
    ]);
    expect(await box.execute('bash', { command: 'ls -d /var/run/docker.sock /run/docker.sock 2>&1; env | grep -ci docker || true' })).toMatch(
      /^ls: cannot access '\/var\/run\/docker\.sock': No such file or directory\nls: cannot access '\/run\/docker\.sock': No such file or directory\n0$/,
    );
    // The limits as the kernel holds them (cgroup v2 path, else v1).
    const pidsMax = 'cat /sys/fs/cgroup/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids/pids.max';
    const memMax = 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes';
    expect(await box.execute('bash', { command: `${pidsMax}; ${memMax}` })).toBe(`${LIMITS.pids}\n${LIMITS.memoryBytes}`);
  });

  it('holds each process to its open-file limit, which the agent cannot raise', async () => {
    const box = r.provider.forSession(newSessionId());
    expect(await box.execute('bash', { command: 'ulimit -Sn; ulimit -Hn' })).toBe(`${LIMITS.openFiles}\n${LIMITS.openFiles}`);
    expect(await toolError(box.execute('bash', { command: 'ulimit -n 100000' }))).toMatch(/ulimit: open files: cannot modify limit: Operation not permitted/);
    // Opening files until the kernel refuses: it does at the limit (less the few the shell holds).
    const opened = await box.execute('bash', { command: '( n=0; while exec {fd}</dev/null; do n=$((n + 1)); done 2>/dev/null; echo $n )' });
    expect(Number(opened)).toBeGreaterThan(LIMITS.openFiles - 16);
    expect(Number(opened)).toBeLessThan(LIMITS.openFiles);
  });

  it.skipIf(quota.enforced !== true)(
    "holds a sandbox's own disk to its quota (skipped: this engine's storage driver enforces no per-container size, e.g. overlay2 on ext4)",
    async () => {
      const box = r.provider.forSession(newSessionId());
      expect(await toolError(box.execute('bash', { command: 'head -c 100m /dev/zero > /workspace/big' }))).toMatch(/No space left on device/);
      expect(r.provider.stats().diskQuota).toEqual({ enforced: true, bytes: LIMITS.diskBytes });
    },
  );

  it.skipIf(quota.enforced !== false)("where the storage driver enforces no disk quota, sandboxes are made without one and the provider says why", async () => {
    const box = r.provider.forSession(newSessionId());
    expect(await box.execute('bash', { command: 'echo made' })).toBe('made');
    expect(r.provider.stats().diskQuota).toEqual({ enforced: false, reason: quota.reason, bytes: LIMITS.diskBytes });
    expect(quota.reason).toMatch(/storage-opt/);
  });

  it('mounts resources read-only', async () => {
    const box = r.provider.forSession(newSessionId());
    expect(await box.execute('read', { file_path: 'repo/README.md' })).toBe('     1\tread me, do not change me');
    expect(await toolError(box.execute('write', { file_path: 'repo/README.md', content: 'changed' }))).toMatch(/Read-only file system/);
    expect(await toolError(box.execute('bash', { command: 'rm repo/README.md' }))).toMatch(/Read-only file system/);
    expect(readFileSync(join(resources, 'repo', 'README.md'), 'utf8')).toBe('read me, do not change me\n');
  });

  it('contains a fork bomb at the pids limit: its processes are stopped and the sandbox answers the next call', async () => {
    const session = newSessionId();
    const box = r.provider.forSession(session);
    const [first] = await Promise.allSettled([box.execute('bash', { command: ':(){ :|:& };:; sleep 2', timeout_ms: 5_000 })]);
    // A call after it forks (a program, not a builtin): it works, in a shell the bomb no longer crowds.
    const next = await box.execute('bash', { command: '/bin/echo alive; ls /proc | grep -c "^[0-9]"' });
    const said = [first.status === 'fulfilled' ? first.value : String((first as PromiseRejectedResult).reason?.message), next].join('\n');
    expect(said).toMatch(new RegExp(`process (limit|table) \\(${LIMITS.pids} processes\\)`));
    const [alive, processes] = next.split('\n').filter((l) => !l.startsWith('['));
    expect(alive).toBe('alive');
    // init, sleep, the shell and this command's few: the bomb is gone.
    expect(Number(processes)).toBeLessThan(10);
    expect(await containersOf(session)).toHaveLength(1);
  });

  it('kills a memory hog (OOM) and says so; the sandbox keeps answering', async () => {
    const box = r.provider.forSession(newSessionId());
    const msg = await toolError(box.execute('bash', { command: 'head -c 600m /dev/zero | tail > /dev/null' }));
    expect(msg).toMatch(/Killed/);
    expect(msg).toMatch(/\[The sandbox ran out of memory \(limit 256 MiB\): the kernel killed 1 process\.\]\n\n\[exit code 137\]$/);
    expect(await box.execute('bash', { command: 'echo still here' })).toBe('still here');
  });

  it('a container killed mid-tool is a tool error, and the next call gets a fresh container', async () => {
    const session = newSessionId();
    const box = r.provider.forSession(session);
    const first = await box.execute('bash', { command: 'hostname' });
    const running = toolError(box.execute('bash', { command: 'echo working; sleep 60' }));
    await new Promise((res) => setTimeout(res, 500));
    const [c] = await containersOf(session);
    await docker.getContainer(c!.Id).kill();
    expect(await running).toMatch(
      /^bash failed: the sandbox stopped while the tool ran \(exited, exit code 137\)\. The next tool call starts a fresh sandbox; files outside \/mnt\/session\/outputs are gone\.$/,
    );
    const second = await box.execute('bash', { command: 'hostname; pwd' });
    expect(second).toMatch(/^\w{12}\n\/workspace$/);
    expect(second.split('\n')[0]).not.toBe(first);
    // The dead one was removed, not left beside the new one.
    const now = await containersOf(session);
    expect(now.map((x) => x.Id.slice(0, 12))).toEqual([second.split('\n')[0]]);
  });
});
