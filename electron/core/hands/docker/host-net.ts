// What this host's IPv4 network looks like from Node: its routes, its DNS servers, the subnets of its
// interfaces, and the ranges that are private to a site (a LAN, a carrier's NAT, link-local cloud metadata).
import { readFileSync } from 'node:fs';
import { isIPv4 } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Addresses that lead into a site rather than to the internet: RFC 1918 (LANs, Docker's own bridges),
 * CGNAT (RFC 6598: a carrier's or a VPN's), link-local (169.254.169.254 is cloud metadata).
 */
export const PRIVATE_V4 = ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'] as const;
/** The same for IPv6: unique local (fc00::/7) and link-local. */
export const PRIVATE_V6 = ['fc00::/7', 'fe80::/10'] as const;

/** An IPv4 block as its first and last address, as unsigned 32-bit numbers. */
export interface Block {
  first: number;
  last: number;
}

export const toInt = (ip: string): number => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
export const toIp = (n: number): string => [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join('.');

/** `a.b.c.d/n` (or one address) as a block; undefined when it is not IPv4 CIDR. */
export function block(cidr: string): Block | undefined {
  const [ip, bits, ...rest] = cidr.split('/');
  const prefix = bits === undefined ? 32 : Number(bits);
  if (rest.length || !ip || !isIPv4(ip) || !/^\d{1,2}$/.test(bits ?? '32') || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = toInt(ip) - (toInt(ip) % size);
  return { first, last: first + size - 1 };
}

/** A block in CIDR notation. */
export const cidrOf = (b: Block): string => `${toIp(b.first)}/${32 - Math.log2(b.last - b.first + 1)}`;

export const overlaps = (a: Block, b: Block): boolean => a.first <= b.last && b.first <= a.last;
export const within = (inner: Block, outer: Block): boolean => inner.first >= outer.first && inner.last <= outer.last;

/**
 * The host's IPv4 routes (Linux's main table; none elsewhere, where the engine runs in a VM of its own)
 * except the default route, which covers everything.
 */
export function hostRoutes(): Block[] {
  let text: string;
  try {
    text = readFileSync('/proc/net/route', 'utf8');
  } catch {
    return [];
  }
  // Destination and Mask are little-endian hex.
  const le = (hex: string) => toIp(Buffer.from(hex, 'hex').readUInt32LE(0));
  return text
    .split('\n')
    .slice(1)
    .flatMap((line) => {
      const f = line.trim().split(/\s+/);
      if (f.length < 8 || !/^[0-9A-F]{8}$/i.test(f[1]!) || !/^[0-9A-F]{8}$/i.test(f[7]!)) return [];
      const prefix = toInt(le(f[7]!)).toString(2).replaceAll('0', '').length;
      return prefix === 0 ? [] : (block(`${le(f[1]!)}/${prefix}`) ?? []);
    });
}

/**
 * The IPv4 DNS servers of this host, as Docker's embedded DNS finds them: /etc/resolv.conf, and
 * systemd-resolved's upstream list when that file only names its local stub.
 */
export function hostNameservers(): string[] {
  const found = new Set<string>();
  for (const file of ['/etc/resolv.conf', '/run/systemd/resolve/resolv.conf']) {
    try {
      for (const m of readFileSync(file, 'utf8').matchAll(/^\s*nameserver\s+(\S+)/gm)) if (isIPv4(m[1]!)) found.add(m[1]!);
    } catch {
      // absent: nothing to add
    }
  }
  return [...found];
}

/** The IPv4 subnet of every interface of this host whose name does not start with one of `skip`. */
export function interfaceSubnets(skip: readonly string[] = []): Block[] {
  return Object.entries(networkInterfaces()).flatMap(([name, addrs]) =>
    skip.some((p) => name.startsWith(p)) ? [] : (addrs ?? []).flatMap((a) => (a.family === 'IPv4' && !a.internal && a.cidr ? (block(a.cidr) ?? []) : [])),
  );
}
