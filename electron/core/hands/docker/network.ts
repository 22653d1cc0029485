// A sandbox's network, from its environment's `networking` policy.
//
//   no policy, or `limited` allowing nothing  -> NetworkMode none: no interface but lo.
//   `unrestricted`                            -> a bridge network of its own (NAT to the world, like `docker run`),
//                                                closed to this host, its LANs and private ranges (below).
//   `limited`                                 -> an `--internal` bridge of its own whose only way out is an
//                                                egress proxy that lets through what the policy allows.
//
// How `limited` is enforced, and why this way:
// - The egress proxy runs in Dockhand's own process, listening only on the sandbox bridge's gateway address.
//   No image to build or ship (a proxy container would need a Node image made from this machine's binary,
//   which inside Electron is Electron itself), nothing to start, and it ends with the process that owns the
//   sessions (whose sandboxes are reaped at the next start anyway).
// - `--internal` keeps Docker from forwarding the bridge anywhere; the bridge is named (`dh-…`) so the host's
//   INPUT chain can drop everything arriving on it except TCP to the proxy's port (`--internal` alone still
//   reaches the host's services). The proxy checks the name against the policy and every address the name
//   resolves to against this host's own addresses, so an allowed name cannot lead back to the host either.
// - The sandbox resolves no names itself (dns.ts): the engine's embedded DNS would carry them out.
// - One network and proxy per session, not per environment: sessions never share a network (no traffic
//   between sandboxes), and the network's lifetime is the session's. The cost is a Docker network (~0.1 s)
//   and a listening socket.
//
// `unrestricted` keeps the official meaning (the internet) without what a workstation holds besides: the
// bridge's INPUT is dropped (this host's services), and Docker's DOCKER-USER chain drops what it would
// forward to private ranges (RFC 1918, CGNAT, link-local with cloud metadata) and to this host's own LANs.
// The host's DNS servers stay open on port 53 (the embedded DNS asks them from the sandbox's address), and
// the environment's metadata key `dockhand.allowed_private_hosts` opens more: IPv4 addresses or subnets
// with an optional port, `192.168.1.20:8080, 10.0.0.0/24` (an address of this host opens that host).
//
// Both need a local engine and root or CAP_NET_ADMIN for iptables. Without them networkFor rejects: it
// fails closed rather than hand out a network that reaches the host. Each network has a /28 of Dockhand's
// own range (subnets.ts), so thousands can exist at once.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type Dockerode from 'dockerode';
import type { BetaCloudConfig } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { credentialEnv, hasCredentials, type ProxyCredentials } from './credential-injection.ts';
import { egressPolicy, type EgressPolicy } from './egress-policy.ts';
import { isNotFound, managedLabels, MANAGED_LABEL } from './engine.ts';
import { startEgressProxy, type EgressProxy, type ProxyLimits, type Resolve } from './egress-proxy.ts';
import { assertDnsContained, NO_DNS } from './dns.ts';
import { allowProxy, BRIDGE_PREFIX, deleteRules, dropAll, insertRules, parseOpenHosts, reapRules, unrestrictedRules, type Rule } from './firewall.ts';
import { withFreeSubnet } from './subnets.ts';

export type Networking = BetaCloudConfig['networking'];

export interface SandboxNetwork {
  /** What the policy came to. */
  readonly mode: 'none' | 'limited' | 'unrestricted';
  /** To merge into the container's HostConfig. */
  readonly hostConfig: { NetworkMode: string; Dns?: string[] };
  /** To merge into the container's environment: under `limited`, the egress proxy (HTTP(S)_PROXY, both cases). */
  readonly env: Record<string, string>;
  /** Removes the network (disconnecting any container still on it), stops the proxy, deletes the firewall rules. Safe to call twice. */
  cleanup(): Promise<void>;
}

export interface NetworkOptions {
  /** The agent's MCP server URLs: reachable when the policy has `allow_mcp_servers`. */
  mcpServerUrls?: readonly string[];
  /** How the egress proxy resolves names (the system resolver by default). */
  resolve?: Resolve;
  /** The egress proxy's limits (DEFAULT_PROXY_LIMITS by default). */
  proxyLimits?: Partial<ProxyLimits>;
  /** The environment's `dockhand.allowed_private_hosts`: private addresses an unrestricted sandbox may reach. */
  openHosts?: string;
  /** What the host adds to the sandbox's traffic (the session's repositories and environment_variable credentials). */
  credentials?: ProxyCredentials;
}

/** The environment metadata key that opens private addresses to unrestricted sandboxes. */
export const OPEN_HOSTS_KEY = 'dockhand.allowed_private_hosts';

const NONE: SandboxNetwork = { mode: 'none', hostConfig: { NetworkMode: 'none' }, env: {}, cleanup: async () => {} };

/** Marks a sandbox network, with its mode. */
const NETWORK_LABEL = 'dockhand.network';
/** Marks who made a network, so a start-up reap removes only networks whose process is gone. */
const OWNER = 'dockhand.owner';
const owner = () => `${hostname()}:${process.pid}`;

/**
 * The network a session's sandbox gets under `networking` (the environment's resolved config; absent
 * means nothing is allowed). Each call makes a new network: call `cleanup()` when the sandbox is released.
 */
export async function networkFor(
  docker: Dockerode,
  sessionId: string,
  networking: Networking | null | undefined,
  opts: NetworkOptions = {},
): Promise<SandboxNetwork> {
  // Credentials the host adds (git's route, substitutions) need the proxy: a sandbox with none gets a network whose only way out is it.
  const needsProxy = hasCredentials(opts.credentials);
  if (!networking) return needsProxy ? limited(docker, sessionId, NOTHING, opts) : NONE;
  if (networking.type === 'unrestricted') return unrestricted(docker, sessionId, opts);
  const policy = egressPolicy(networking, opts.mcpServerUrls);
  return policy.empty && !needsProxy ? NONE : limited(docker, sessionId, policy, opts);
}

const NOTHING: EgressPolicy = { empty: true, allows: () => false };
const EVERYTHING: EgressPolicy = { empty: false, allows: () => true };

/** Inserts the rules (all or none), keeping them in `inserted` for the cleanup to delete. */
async function insertAll(rules: readonly Rule[], inserted: Rule[]): Promise<void> {
  await insertRules(rules);
  inserted.push(...rules);
}

async function unrestricted(docker: Dockerode, sessionId: string, opts: NetworkOptions): Promise<SandboxNetwork> {
  let open;
  try {
    open = parseOpenHosts(opts.openHosts ?? '');
  } catch (e) {
    throw new Error(`the environment's ${OPEN_HOSTS_KEY}: ${(e as Error).message}`);
  }
  const { network, name, bridge, gateway } = await createBridge(docker, sessionId, 'unrestricted');
  const rules: Rule[] = [];
  let proxy: EgressProxy | undefined;
  const cleanup = once(async () => {
    await proxy?.close();
    await removeNetwork(network);
    await deleteRules(rules);
  });
  try {
    await insertAll(unrestrictedRules(bridge, open), rules);
    // The host's credential proxy: git's route always; HTTP(S)_PROXY only when a placeholder needs substituting.
    if (hasCredentials(opts.credentials)) {
      proxy = await startEgressProxy({ listen: gateway, policy: EVERYTHING, resolve: opts.resolve, limits: opts.proxyLimits, credentials: opts.credentials });
      await insertAll([allowProxy(bridge, proxy)], rules);
    }
  } catch (e) {
    await cleanup().catch(() => undefined);
    throw new Error(
      `unrestricted networking could not be set up (closing a sandbox to this host and its LANs needs a local Docker engine with its iptables chains, and root for iptables): ${(e as Error).message}`,
      { cause: e },
    );
  }
  const url = proxy && `http://${proxy.address}:${proxy.port}`;
  const env = url && opts.credentials ? { ...credentialEnv(opts.credentials, url), ...(opts.credentials.substitutions.length ? proxyEnv(url) : {}) } : {};
  return { mode: 'unrestricted', hostConfig: { NetworkMode: name }, env, cleanup };
}

async function limited(docker: Dockerode, sessionId: string, policy: EgressPolicy, opts: NetworkOptions): Promise<SandboxNetwork> {
  await assertDnsContained(docker);
  const { network, name, bridge, gateway } = await createBridge(docker, sessionId, 'limited');
  let proxy: EgressProxy | undefined;
  const rules: Rule[] = [];
  const cleanup = once(async () => {
    await proxy?.close();
    await removeNetwork(network);
    // Only once the bridge is gone: until then its DROP rule is what keeps the host closed.
    await deleteRules(rules);
  });
  try {
    // The host is closed before anything listens on the bridge; the proxy's port is then opened above the DROP.
    await insertAll([dropAll(bridge)], rules);
    proxy = await startEgressProxy({ listen: gateway, policy, resolve: opts.resolve, limits: opts.proxyLimits, credentials: opts.credentials });
    await insertAll([allowProxy(bridge, proxy)], rules);
  } catch (e) {
    await cleanup().catch(() => undefined);
    throw new Error(`limited networking could not be set up (it needs a local Docker engine and root for iptables): ${(e as Error).message}`, { cause: e });
  }
  const url = `http://${proxy.address}:${proxy.port}`;
  return {
    mode: 'limited',
    hostConfig: { NetworkMode: name, ...NO_DNS },
    env: { ...proxyEnv(url), ...(hasCredentials(opts.credentials) ? credentialEnv(opts.credentials, url) : {}) },
    cleanup,
  };
}

const NO_PROXY = 'localhost,127.0.0.1,::1';
const proxyEnv = (url: string) => ({ HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url, NO_PROXY, no_proxy: NO_PROXY });

async function createBridge(docker: Dockerode, sessionId: string, mode: 'limited' | 'unrestricted') {
  const bridge = `${BRIDGE_PREFIX}${randomBytes(6).toString('hex')}`;
  const name = `dockhand-${sessionId}-${bridge.slice(BRIDGE_PREFIX.length)}`;
  const network = await withFreeSubnet(docker, (ipam) =>
    docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Internal: mode === 'limited',
      IPAM: { Driver: 'default', Config: [ipam] },
      Options: { 'com.docker.network.bridge.name': bridge },
      Labels: { ...managedLabels(sessionId), [NETWORK_LABEL]: mode, [OWNER]: owner() },
    }),
  );
  const gateway: string | undefined = (await network.inspect()).IPAM?.Config?.[0]?.Gateway;
  if (!gateway) {
    await removeNetwork(network);
    throw new Error(`docker network ${name} has no gateway address`);
  }
  return { network, name, bridge, gateway };
}

/** Removes a network, first disconnecting whatever is still on it (a sandbox that outlived its release). */
async function removeNetwork(network: Dockerode.Network): Promise<void> {
  try {
    const info = await network.inspect();
    for (const id of Object.keys(info.Containers ?? {})) await network.disconnect({ Container: id, Force: true }).catch(() => undefined);
    await network.remove();
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Start-up reap: removes the sandbox networks left by a Dockhand process of this machine that is no
 * longer running (its proxies died with it), then the firewall rules of bridges that are gone. Networks
 * of live processes (another window, a test run) are left alone. Reap the containers first: a network
 * is removed only after its containers are disconnected.
 */
export async function reapNetworks(docker: Dockerode): Promise<void> {
  const nets = await docker.listNetworks({ filters: { label: [`${MANAGED_LABEL}=1`, NETWORK_LABEL] } });
  for (const n of nets) {
    const [host, pid] = (n.Labels?.[OWNER] ?? '').split(':');
    if (host === hostname() && processGone(Number(pid))) await removeNetwork(docker.getNetwork(n.Id)).catch(() => undefined);
  }
  // Without iptables (not root, not Linux) there are no rules of ours to reap.
  await reapRules().catch(() => undefined);
}
