// When sandbox containers come and go: the warm pool, eager provisioning, release (outputs stay on the
// host), and the start-up reap of what a crashed Dockhand process left behind.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { OWNER_LABEL, SANDBOX_LABEL } from '../../electron/core/hands/docker/container.ts';
import { SESSION_LABEL } from '../../electron/core/hands/docker/engine.ts';
import { networkFor } from '../../electron/core/hands/docker/network.ts';
import type { SessionEnvironment } from '../../electron/core/hands/docker/provider.ts';
import { baseImage, containersOf, docker, engineUp, expectNoneLeft, mine, newSessionId, rig, type Rig } from './sandbox-rig.ts';

const gone = (id: string) =>
  docker
    .getContainer(id)
    .inspect()
    .then(
      () => false,
      (e: { statusCode?: number }) => e.statusCode === 404,
    );

describe.skipIf(!engineUp)('sandbox lifecycle (skipped: no Docker engine answers)', () => {
  const rigs: Rig[] = [];
  const newRig = (opts?: Parameters<typeof rig>[0]) => {
    const r = rig(opts);
    rigs.push(r);
    return r;
  };

  beforeAll(async () => {
    await baseImage();
  });
  afterAll(async () => {
    for (const r of rigs) await r.close();
    await expectNoneLeft();
  });

  it('the warm pool hands a session a container started before its first tool call, and starts the next one', async () => {
    const r = newRig({ warmPool: 1 });
    const pooled = async () => (await mine()).filter((c) => c.Labels[SESSION_LABEL] === undefined && c.Names[0]!.startsWith('/dockhand-pool-'));
    const session = newSessionId();
    await r.provider.warm(session);
    const [ready, ...more] = await pooled();
    expect(more).toEqual([]);
    expect(ready!.State).toBe('running');

    const box = r.provider.forSession(session);
    expect(await box.execute('bash', { command: 'hostname' })).toBe(ready!.Id.slice(0, 12));
    // Taken: renamed for its session, and a new one is starting in its place.
    expect((await docker.getContainer(ready!.Id).inspect()).Name).toMatch(new RegExp(`^/dockhand-${session}-`));
    await vi.waitFor(async () => expect(await pooled()).toHaveLength(1), { timeout: 30_000, interval: 200 });
    const [next] = await pooled();
    expect(next!.Id).not.toBe(ready!.Id);

    // Its outputs directory became the session's.
    await box.execute('write', { file_path: '/mnt/session/outputs/from-pool.txt', content: 'pooled' });
    expect(readFileSync(join(r.provider.outputsDir(session), 'from-pool.txt'), 'utf8')).toBe('pooled');

    // Release removes it although it carries no session label.
    await r.provider.release(session);
    expect(await gone(ready!.Id)).toBe(true);
  });

  it('eager provisioning starts the container before any tool call', async () => {
    const r = newRig();
    const session = newSessionId();
    await r.provider.provision(session);
    const [c] = await containersOf(session);
    expect(c!.State).toBe('running');
    expect(await r.provider.forSession(session).execute('bash', { command: 'hostname' })).toBe(c!.Id.slice(0, 12));
  });

  it('release removes the container; what the agent wrote to /mnt/session/outputs stays on the host', async () => {
    const r = newRig();
    const session = newSessionId();
    const box = r.provider.forSession(session);
    await box.execute('write', { file_path: '/mnt/session/outputs/report.md', content: '# Done\n' });
    await box.execute('bash', { command: 'mkdir -p /mnt/session/outputs/data && seq 3 > /mnt/session/outputs/data/n.txt && echo scratch > /workspace/tmp.txt' });
    const [c] = await containersOf(session);

    await r.provider.release(session);
    expect(await containersOf(session)).toEqual([]);
    expect(await gone(c!.Id)).toBe(true);
    const dir = r.provider.outputsDir(session);
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toBe('# Done\n');
    expect(readFileSync(join(dir, 'data', 'n.txt'), 'utf8')).toBe('1\n2\n3\n');
    expect(readdirSync(dir).sort()).toEqual(['data', 'report.md']);
  });

  it('the start-up reap removes the sandboxes of a Dockhand process that died, and leaves live ones alone', async () => {
    const r = newRig();
    const live = newSessionId();
    await r.provider.provision(live);
    const [liveContainer] = await containersOf(live);

    // Another Dockhand process, with a session's sandbox and a warm one, killed without a chance to clean up.
    const orphan = newSessionId();
    const root = resolve(import.meta.dirname, '../..');
    const code = `
      const { DockerProvider } = await import(${JSON.stringify(join(root, 'electron/core/hands/docker/provider.ts'))});
      const { dockerClient } = await import(${JSON.stringify(join(root, 'electron/core/hands/docker/engine.ts'))});
      const p = new DockerProvider({ docker: dockerClient(), dataDir: ${JSON.stringify(r.dataDir)}, environmentOf: () => ({ id: 'env_orphan', config: {} }), warmPool: 1 });
      await p.warm(${JSON.stringify(orphan)});
      await p.forSession(${JSON.stringify(orphan)}).execute('write', { file_path: '/mnt/session/outputs/kept.txt', content: 'kept' });
      await p.warm(${JSON.stringify(orphan)});
      console.log('ready');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && res());
      child.once('exit', (c) => rej(new Error(`the orphan maker exited with ${c}`)));
    });
    const owned = { all: true, filters: { label: [SANDBOX_LABEL, `${OWNER_LABEL}=${hostname()}:${child.pid}`] } };
    const left = await docker.listContainers(owned);
    expect(left).toHaveLength(2); // the session's, and a warm one
    child.kill('SIGKILL');
    await new Promise((res) => child.once('exit', res));

    const pid = child.pid;
    expect(readdirSync(join(r.dataDir, 'outputs')).filter((d) => d.startsWith(`.pool-${pid}-`))).toHaveLength(1);
    expect(await r.provider.reap()).toBeGreaterThanOrEqual(2);
    expect(await docker.listContainers(owned)).toEqual([]);
    for (const c of left) expect(await gone(c.Id)).toBe(true);
    // The dead process's empty pool directory is gone; its session's outputs stay.
    expect(readdirSync(join(r.dataDir, 'outputs')).filter((d) => d.startsWith(`.pool-${pid}-`))).toEqual([]);
    expect(readFileSync(join(r.provider.outputsDir(orphan), 'kept.txt'), 'utf8')).toBe('kept');
    // This process's sandbox is untouched.
    expect((await docker.getContainer(liveContainer!.Id).inspect()).State.Running).toBe(true);
    expect(existsSync(r.provider.outputsDir(live))).toBe(true);
  });

  it('gives the sandbox the network its environment asks for, and takes it down on release', async () => {
    const nets = ['none', 'unrestricted', 'limited'] as const;
    const networking: Record<(typeof nets)[number], SessionEnvironment['config']['networking']> = {
      none: undefined,
      unrestricted: { type: 'unrestricted' },
      limited: { type: 'limited', allowed_hosts: ['allowed.test'], allow_package_managers: false, allow_mcp_servers: false },
    };
    const envs = new Map<string, (typeof nets)[number]>();
    const r = newRig({ networkFor, environmentOf: (id) => ({ id: `env_${envs.get(id)}`, config: { networking: networking[envs.get(id)!] } }) });
    for (const kind of nets) {
      const session = newSessionId();
      envs.set(session, kind);
      const box = r.provider.forSession(session);
      const seen = await box.execute('bash', { command: 'ls /sys/class/net | tr "\n" " "; echo "proxy=${HTTPS_PROXY:-}"' });
      const [c] = await containersOf(session);
      const mode = c!.HostConfig.NetworkMode;
      if (kind === 'none') {
        expect(seen).toBe('lo proxy=');
        expect(mode).toBe('none');
      } else {
        expect(seen).toMatch(kind === 'limited' ? /^eth0 lo proxy=http:\/\/[\d.]+:\d+$/ : /^eth0 lo proxy=$/);
        expect(mode).toMatch(new RegExp(`^dockhand-${session}-`));
        await r.provider.release(session);
        expect(await docker.listNetworks({ filters: { name: [mode] } })).toEqual([]);
      }
    }
  });

  it('close removes every sandbox and warm container of the provider', async () => {
    const others = new Set((await mine()).map((c) => c.Id));
    const r = newRig({ warmPool: 1 });
    const session = newSessionId();
    await r.provider.forSession(session).execute('bash', { command: 'true' });
    await r.provider.warm(session);
    const ids = (await mine()).map((c) => c.Id).filter((id) => !others.has(id));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    await r.close();
    for (const id of ids) expect(await gone(id)).toBe(true);
  });
});
