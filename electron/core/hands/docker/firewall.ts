// Keeping sandboxes away from this host: iptables rules on the host's INPUT chain for a sandbox
// bridge, and the addresses the egress proxy must never connect to whatever a policy allows.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { BlockList } from 'node:net';
import { networkInterfaces } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every sandbox bridge Dockhand creates is named `dh-` + 12 hex digits (15 characters: Linux's limit for an interface name). */
export const BRIDGE_PREFIX = 'dh-';

/** One INPUT rule, as iptables arguments after the chain. */
export type Rule = string[];

/** Drops everything arriving on a sandbox bridge: its containers cannot reach any service of this host. */
export const dropAll = (bridge: string): Rule => ['-i', bridge, '-j', 'DROP'];

/** Lets a sandbox bridge reach the egress proxy's port (inserted above its dropAll). */
export const allowProxy = (bridge: string, proxy: { address: string; port: number }): Rule =>
  ['-i', bridge, '-d', proxy.address, '-p', 'tcp', '--dport', String(proxy.port), '-j', 'ACCEPT'];

async function iptables(args: string[]): Promise<void> {
  // -w waits for the xtables lock, which dockerd takes too.
  await run('iptables', ['-w', ...args]);
}

/** Inserts a rule at the top of INPUT. Needs root (CAP_NET_ADMIN); rejects otherwise, and the caller fails closed. */
export async function insertRule(rule: Rule): Promise<void> {
  await iptables(['-I', 'INPUT', ...rule]);
}

/** Deletes the rules (last inserted first); a rule that is already gone is not an error. */
export async function deleteRules(rules: readonly Rule[]): Promise<void> {
  for (const r of [...rules].reverse()) await iptables(['-D', 'INPUT', ...r]).catch(() => undefined);
}

/**
 * Deletes the INPUT rules left for sandbox bridges that no longer exist (their network was removed while
 * Dockhand was not running to clean up). Rules of a bridge that still exists stay: it may be live.
 */
export async function reapRules(): Promise<void> {
  const { stdout } = await run('iptables', ['-w', '-S', 'INPUT']);
  for (const line of stdout.split('\n')) {
    const args = line.trim().split(/\s+/);
    const bridge = args[args.indexOf('-i') + 1];
    if (args[0] !== '-A' || !args.includes('-i') || !bridge?.startsWith(BRIDGE_PREFIX)) continue;
    if (existsSync(`/sys/class/net/${bridge}`)) continue;
    await iptables(['-D', ...args.slice(1)]).catch(() => undefined);
  }
}

/**
 * Addresses a sandbox must never reach through its proxy, whatever its allowed_hosts say (a name may
 * resolve anywhere): this host itself (loopback and every address of its interfaces), link-local (cloud
 * metadata services), multicast, and the whole subnet of every sandbox bridge (other sessions' sandboxes).
 * Computed per connection: bridges come and go.
 */
export function forbiddenAddresses(): BlockList {
  const b = new BlockList();
  b.addSubnet('0.0.0.0', 8, 'ipv4');
  b.addSubnet('127.0.0.0', 8, 'ipv4');
  b.addSubnet('169.254.0.0', 16, 'ipv4');
  b.addSubnet('224.0.0.0', 4, 'ipv4');
  b.addAddress('255.255.255.255', 'ipv4');
  b.addAddress('::', 'ipv6');
  b.addAddress('::1', 'ipv6');
  b.addSubnet('fe80::', 10, 'ipv6');
  b.addSubnet('ff00::', 8, 'ipv6');
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
