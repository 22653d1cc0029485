// Sandbox networks take small subnets from Dockhand's own range, so far more of them fit than Docker's
// default address pools allow (about 30). Real engine; every network here is the test's own.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { managedLabels } from '../../electron/core/hands/docker/engine.ts';
import { networkFor, type SandboxNetwork } from '../../electron/core/hands/docker/network.ts';
import { SANDBOX_RANGE, withFreeSubnet } from '../../electron/core/hands/docker/subnets.ts';
import { docker, engineUp, neededInCi } from './sandbox-rig.ts';

const run = promisify(execFile);
const isRoot = neededInCi(process.getuid?.() === 0, 'the tests do not run as root (a host route)');
const SESSION = `sesn_subnets${process.pid}`;
const mineFilter = { label: [`dockhand.session=${SESSION}`] };

/** The IPv4 subnet of a network, as the engine reports it. */
const subnetOf = async (name: string) => (await docker.getNetwork(name).inspect()).IPAM!.Config![0]!.Subnet!;
const toInt = (ip: string) => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const range = (cidr: string) => {
  const [ip, bits] = cidr.split('/');
  const first = toInt(ip!);
  return [first, first + 2 ** (32 - Number(bits)) - 1] as const;
};

describe.skipIf(!engineUp)(engineUp ? 'sandbox subnets (real Docker engine)' : 'sandbox subnets (SKIPPED: no Docker engine)', () => {
  const nets: SandboxNetwork[] = [];
  const rivals: string[] = [];
  // A route of the host's own (a LAN or VPN using part of the range); Docker does not check routes for an explicit subnet.
  const ROUTED = '10.213.64.0/18';
  let routed = false;

  afterAll(async () => {
    await Promise.all(nets.map((n) => n.cleanup()));
    for (const r of rivals) await docker.getNetwork(r).remove().catch(() => undefined);
    if (routed) await run('ip', ['route', 'del', 'blackhole', ROUTED]);
    expect(await docker.listNetworks({ filters: mineFilter })).toEqual([]);
  });

  it.skipIf(!isRoot)(
    isRoot ? 'gives 45 networks made at once a /28 each, clear of taken subnets, and cleanup removes them all' : '45 networks at once (SKIPPED: a host route needs root)',
    async () => {
      // Half the range is taken: a quarter by another network of the engine, a quarter by a route of the host.
      const rival = `dockhand-subnets-rival-${process.pid}`;
      await docker.createNetwork({ Name: rival, IPAM: { Config: [{ Subnet: '10.213.0.0/18' }] }, Labels: managedLabels(SESSION) });
      rivals.push(rival);
      await run('ip', ['route', 'add', 'blackhole', ROUTED]);
      routed = true;

      // Docker's default pools hold about 30 networks: 45 at once did not fit before.
      nets.push(...(await Promise.all(Array.from({ length: 45 }, () => networkFor(docker, SESSION, { type: 'unrestricted' })))));
      const subnets = await Promise.all(nets.map((n) => subnetOf(n.hostConfig.NetworkMode)));
      expect(new Set(subnets).size).toBe(45);
      const [lo, hi] = range(SANDBOX_RANGE);
      for (const s of subnets) {
        expect(s).toMatch(/\/28$/);
        const [first, last] = range(s);
        expect(first >= lo && last <= hi).toBe(true);
        // Not in the taken half, 10.213.0.0/17.
        expect(first).toBeGreaterThanOrEqual(toInt('10.213.128.0'));
      }

      await Promise.all(nets.map((n) => n.cleanup()));
      const left = await docker.listNetworks({ filters: { label: [...mineFilter.label, 'dockhand.network'] } });
      expect(left).toEqual([]);
    },
  );

  it('moves on to the next subnet when another process takes the chosen one first', async () => {
    const rival = `dockhand-subnets-race-${process.pid}`;
    const tried: string[] = [];
    const name = await withFreeSubnet(docker, async (ipam) => {
      tried.push(ipam.Subnet);
      // Another process creates a network on this very subnet between the check and the create.
      if (tried.length === 1) {
        await docker.createNetwork({ Name: rival, IPAM: { Config: [ipam] }, Labels: managedLabels(SESSION) });
        rivals.push(rival);
      }
      const mine = `dockhand-subnets-raced-${process.pid}`;
      await docker.createNetwork({ Name: mine, IPAM: { Config: [ipam] }, Labels: managedLabels(SESSION) });
      rivals.push(mine);
      return mine;
    });
    expect(tried).toHaveLength(2);
    expect(tried[1]).not.toBe(tried[0]);
    expect(await subnetOf(name)).toBe(tried[1]);
    expect(await subnetOf(rival)).toBe(tried[0]);
  });
});
