// Keeping sandboxes away from this host and its site: iptables rules for a sandbox bridge (INPUT for
// what is addressed to this host, Docker's DOCKER-USER chain for what is forwarded), and the addresses
// the egress proxy must never connect to whatever a policy allows.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BlockList } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';
import { block, cidrOf, hostNameservers, interfaceSubnets, PRIVATE_V4, PRIVATE_V6, within } from './host-net.ts';
import { SANDBOX_RANGE } from './subnets.ts';

const run = promisify(execFile);

/** Every sandbox bridge Dockhand creates is named `dh-` + 12 hex digits (15 characters: Linux's limit for an interface name). */
export const BRIDGE_PREFIX = 'dh-';

/** One rule: its chain, then its iptables arguments. */
export type Rule = readonly string[];
/** The chains Dockhand puts rules in (reapRules looks there). */
const CHAINS = ['INPUT', 'DOCKER-USER'];

/** Drops everything arriving on a sandbox bridge: its containers cannot reach any service of this host. */
export const dropAll = (bridge: string): Rule => ['INPUT', '-i', bridge, '-j', 'DROP'];

/** Lets a sandbox bridge reach the egress proxy's port (inserted above its dropAll). */
export const allowProxy = (bridge: string, proxy: { address: string; port: number }): Rule => [
  'INPUT',
  ...['-i', bridge, '-d', proxy.address, '-p', 'tcp', '--dport', String(proxy.port), '-j', 'ACCEPT'],
];

/** A destination an unrestricted sandbox may reach although it is private: an address or subnet, on one port or all. */
export interface OpenHost {
  cidr: string;
  port?: number;
}

/**
 * The rules of an unrestricted sandbox's bridge, in the order to insert them (each goes on top, so
 * the last is evaluated first): this host closed (except replies to connections this host opened),
 * private ranges and this host's own LANs dropped when forwarded, then what opens them again: the
 * host's DNS servers on port 53 (Docker's embedded DNS forwards a sandbox's lookups to them from the
 * sandbox's own address) and the environment's open hosts.
 */
export function unrestrictedRules(bridge: string, open: readonly OpenHost[]): Rule[] {
  const privateBlocks = PRIVATE_V4.map((c) => block(c)!);
  // A LAN outside the private ranges (a site on public addresses) is as much the site's.
  const lans = interfaceSubnets(['lo', BRIDGE_PREFIX, 'docker', 'br-', 'veth']).filter((s) => !privateBlocks.some((p) => within(s, p)));
  const blocked = [...PRIVATE_V4, ...lans.map(cidrOf)];
  const accept = (chain: string, cidr: string, port?: number): Rule[] =>
    port === undefined
      ? [[chain, '-i', bridge, '-d', cidr, '-j', 'ACCEPT']]
      : ['tcp', 'udp'].map((p) => [chain, '-i', bridge, '-d', cidr, '-p', p, '--dport', String(port), '-j', 'ACCEPT']);
  return [
    dropAll(bridge),
    ['INPUT', '-i', bridge, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'ACCEPT'],
    ['DOCKER-USER', '-i', bridge, '-d', blocked.join(','), '-j', 'DROP'],
    ...hostNameservers()
      .filter((ns) => !ns.startsWith('127.')) // a local stub is asked from this host's side, not the sandbox's
      .flatMap((ns) => accept('DOCKER-USER', ns, 53)),
    // An open host may be this host itself (its LAN address): open it on INPUT as well.
    ...open.flatMap((h) => [...accept('DOCKER-USER', h.cidr, h.port), ...accept('INPUT', h.cidr, h.port)]),
  ];
}

/**
 * Parses an environment's open hosts: IPv4 addresses or subnets, each with an optional port, separated
 * by commas or spaces (`192.168.1.20:8080, 10.0.0.0/24`). Throws on anything else, naming it.
 */
export function parseOpenHosts(text: string): OpenHost[] {
  return text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => {
      const m = /^([\d./]+?)(?::(\d{1,5}))?$/.exec(entry);
      const b = m ? block(m[1]!) : undefined;
      const port = m?.[2] === undefined ? undefined : Number(m[2]);
      if (!b || (port !== undefined && (port < 1 || port > 65535)))
        throw new Error(`"${entry}" is not an IPv4 address or subnet with an optional port (192.168.1.20:8080, 10.0.0.0/24)`);
      return { cidr: cidrOf(b), port };
    });
}

async function iptables(args: string[]): Promise<void> {
  // -w waits for the xtables lock, which dockerd takes too.
  await run('iptables', ['-w', ...args]);
}

/** Applies `-I`/`-D` lines to the filter table in one go: all of them or none (one process, not one per rule). */
function restore(lines: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile('iptables-restore', ['-w', '--noflush'], (err) => (err ? reject(err) : resolve()));
    child.stdin?.end(`*filter\n${lines.join('\n')}\nCOMMIT\n`);
  });
}

/**
 * Inserts the rules, each at the top of its chain (so the last is evaluated first), all or none. Needs
 * root (CAP_NET_ADMIN); rejects otherwise, and the caller fails closed.
 */
export async function insertRules(rules: readonly Rule[]): Promise<void> {
  await restore(rules.map((r) => ['-I', ...r].join(' ')));
}

/** Deletes the rules (last inserted first); a rule that is already gone is not an error. */
export async function deleteRules(rules: readonly Rule[]): Promise<void> {
  const reversed = [...rules].reverse();
  // One batch when every rule is there (the usual case); rule by rule when some are gone.
  await restore(reversed.map((r) => ['-D', ...r].join(' '))).catch(async () => {
    for (const r of reversed) await iptables(['-D', ...r]).catch(() => undefined);
  });
}

/**
 * Deletes the rules left for sandbox bridges that no longer exist (their network was removed while
 * Dockhand was not running to clean up). Rules of a bridge that still exists stay: it may be live.
 */
export async function reapRules(): Promise<void> {
  for (const chain of CHAINS) {
    const listed = await run('iptables', ['-w', '-S', chain]).catch(() => undefined);
    for (const line of listed?.stdout.split('\n') ?? []) {
      const args = line.trim().split(/\s+/);
      const bridge = args[args.indexOf('-i') + 1];
      if (args[0] !== '-A' || !args.includes('-i') || !bridge?.startsWith(BRIDGE_PREFIX)) continue;
      if (existsSync(`/sys/class/net/${bridge}`)) continue;
      await iptables(['-D', ...args.slice(1)]).catch(() => undefined);
    }
  }
}

/**
 * Addresses a sandbox must never reach through its proxy, whatever its allowed_hosts say (a name may
 * resolve anywhere): this host itself (loopback and every address of its interfaces), multicast, and
 * other sessions' sandboxes (the sandbox range, and the subnet of every sandbox bridge). Computed per
 * connection: interfaces come and go.
 */
export function forbiddenAddresses(): BlockList {
  const b = new BlockList();
  b.addSubnet('0.0.0.0', 8, 'ipv4');
  b.addSubnet('127.0.0.0', 8, 'ipv4');
  b.addSubnet('224.0.0.0', 4, 'ipv4');
  b.addAddress('255.255.255.255', 'ipv4');
  b.addAddress('::', 'ipv6');
  b.addAddress('::1', 'ipv6');
  b.addSubnet('ff00::', 8, 'ipv6');
  const [range, bits] = SANDBOX_RANGE.split('/');
  b.addSubnet(range!, Number(bits), 'ipv4');
  // Every address of the interfaces that are up, and the whole subnet of a sandbox bridge (older ones lie outside the range).
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) {
      const family = a.family === 'IPv4' ? 'ipv4' : 'ipv6';
      const prefix = Number(a.cidr?.split('/')[1]);
      if (name.startsWith(BRIDGE_PREFIX) && Number.isInteger(prefix)) b.addSubnet(a.address, prefix, family);
      else b.addAddress(a.address, family);
    }
  }
  return b;
}

/**
 * Private addresses (a LAN, Docker's other bridges, CGNAT, link-local cloud metadata): the proxy
 * reaches one only when the policy names that very address.
 */
export const privateAddresses = new BlockList();
for (const [list, family] of [[PRIVATE_V4, 'ipv4'], [PRIVATE_V6, 'ipv6']] as const)
  for (const c of list) privateAddresses.addSubnet(c.split('/')[0]!, Number(c.split('/')[1]), family);

