// Which destinations a `limited` sandbox may reach through its egress proxy. Pure: no I/O.
import { isIP } from 'node:net';
import type { BetaLimitedNetwork } from '@anthropic-ai/sdk/resources/beta/environments/environments';

/**
 * The public package registries `allow_package_managers` opens, one list for every manager the
 * environment's `packages` support: apt (Debian's mirror), npm, pip (index + files), cargo (the sparse
 * index and downloads), gem (the API and the compact index), go (module proxy + checksum database).
 */
export const PACKAGE_REGISTRIES = [
  'deb.debian.org',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  'crates.io',
  'index.crates.io',
  'static.crates.io',
  'rubygems.org',
  'index.rubygems.org',
  'proxy.golang.org',
  'sum.golang.org',
] as const;

interface Rule {
  /** Lower-case name or IPv4 literal; for a wildcard, the suffix after `*.`. */
  host: string;
  wildcard: boolean;
  /** Only this port when given; any port otherwise. */
  port?: number;
}

export interface EgressPolicy {
  /** True when nothing at all is allowed: the sandbox then gets no network. */
  readonly empty: boolean;
  allows(host: string, port: number): boolean;
}

/** `Example.COM.` and `example.com` are one host: compare lower-case, without the root dot. */
export const normalizeHost = (host: string): string => host.trim().toLowerCase().replace(/\.$/, '');

/** Parses `api.example.com`, `*.example.com`, `example.com:8443` (the shapes the API accepts). */
function parseRule(entry: string): Rule | undefined {
  const m = /^(\*\.)?([^:]+)(?::(\d{1,5}))?$/.exec(entry.trim());
  if (!m) return undefined;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { host: normalizeHost(m[2]!), wildcard: m[1] !== undefined, port };
}

/**
 * `*.example.com` matches any name under example.com (a.example.com, a.b.example.com) but not example.com
 * itself, and never an address (`*.0.1` does not match 10.0.0.1): an address is allowed only by itself.
 */
function matches(rule: Rule, host: string, port: number): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  return rule.wildcard ? !isIP(host) && host.endsWith(`.${rule.host}`) : host === rule.host;
}

/** The host:port an MCP server URL connects to (its scheme's default port when none is written). */
function mcpRule(url: string): string | undefined {
  try {
    const u = new URL(url);
    const port = u.port || (u.protocol === 'http:' ? '80' : u.protocol === 'https:' ? '443' : '');
    return port ? `${u.hostname}:${port}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The policy of a `limited` environment: its `allowed_hosts`, plus the package registries when
 * `allow_package_managers`, plus the agent's MCP server endpoints when `allow_mcp_servers`.
 */
export function egressPolicy(networking: BetaLimitedNetwork, mcpServerUrls: readonly string[] = []): EgressPolicy {
  const entries = [
    ...networking.allowed_hosts,
    ...(networking.allow_package_managers ? PACKAGE_REGISTRIES : []),
    ...(networking.allow_mcp_servers ? mcpServerUrls.map(mcpRule) : []),
  ];
  const rules = entries.flatMap((e) => (e === undefined ? [] : (parseRule(e) ?? [])));
  return {
    empty: rules.length === 0,
    allows: (host, port) => rules.some((r) => matches(r, normalizeHost(host), port)),
  };
}
