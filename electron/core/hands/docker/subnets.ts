// Sandbox networks get a small subnet each from one range Dockhand manages (explicit IPAM), not from
// Docker's default address pools, which hold about 30 networks at a time (31 bridges and the 32nd
// session's sandbox got "driver not found").
//
// The range is 10.213.0.0/16 cut into /28s: 4096 networks of 14 addresses (the gateway and a sandbox
// need two). It lies outside Docker's default pools (172.17-31.0.0/16, 192.168.0.0/16) and the ranges
// Kubernetes (10.42, 10.43, 10.96, 10.244) and Podman (10.88, 10.89) default to. Docker does not check
// an explicit subnet against the host's routes, so a subnet is skipped when it overlaps any network of
// the engine, any route of the host (a LAN or VPN that uses the range) or the host's DNS servers.
// Another process may take the same subnet between the check and the create: the engine then refuses
// it ("Pool overlaps") and the next one is tried.
import { randomInt } from 'node:crypto';
import type Dockerode from 'dockerode';
import { block, hostNameservers, hostRoutes, overlaps, toIp, type Block } from './host-net.ts';

export const SANDBOX_RANGE = '10.213.0.0/16';
const SUBNET_PREFIX = 28;
/** Engine refusals (taken subnets) tolerated before giving up: races are rare, a stuck engine is not. */
const MAX_RACES = 32;

/** Every IPv4 subnet the engine's networks use (any driver, any owner). */
async function engineSubnets(docker: Dockerode): Promise<Block[]> {
  const nets = await docker.listNetworks();
  return nets.flatMap((n) => (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet ? (block(c.Subnet) ?? []) : [])));
}

/** Subnets this process is creating a network on right now (the engine does not know them yet). */
const pending = new Set<number>();

const isOverlapRefusal = (e: unknown): boolean => /overlaps/i.test((e as Error | null)?.message ?? '');

/** A network's IPAM config: the gateway (this host's address on the bridge) is the subnet's first address. */
export interface IpamConfig {
  Subnet: string;
  Gateway: string;
}

/**
 * Calls `create` with a free subnet of the sandbox range (`10.213.x.y/28`) until the engine takes one,
 * and returns what it returns. Starts at a random subnet so that processes allocating at once rarely
 * meet; an engine refusal because the subnet was taken meanwhile moves on to the next.
 */
export async function withFreeSubnet<T>(docker: Dockerode, create: (ipam: IpamConfig) => Promise<T>): Promise<T> {
  const range = block(SANDBOX_RANGE)!;
  const size = 2 ** (32 - SUBNET_PREFIX);
  const count = (range.last - range.first + 1) / size;
  const taken = [...(await engineSubnets(docker)), ...hostRoutes(), ...hostNameservers().map((ip) => block(ip)!)];
  const start = randomInt(count);
  let races = 0;
  for (let i = 0; i < count; i++) {
    const first = range.first + ((start + i) % count) * size;
    const candidate = { first, last: first + size - 1 };
    if (pending.has(first) || taken.some((t) => overlaps(t, candidate))) continue;
    pending.add(first);
    try {
      return await create({ Subnet: `${toIp(first)}/${SUBNET_PREFIX}`, Gateway: toIp(first + 1) });
    } catch (e) {
      if (!isOverlapRefusal(e) || ++races > MAX_RACES) throw e;
      taken.push(candidate);
    } finally {
      pending.delete(first);
    }
  }
  throw new Error(`no free subnet left for a sandbox network in ${SANDBOX_RANGE} (${count} networks of /${SUBNET_PREFIX})`);
}
