// `unrestricted` networking against the real engine and the host's firewall: the sandbox reaches the
// stand-in internet (network-rig.ts: a network namespace on this host) but not this host's services,
// the site's private ranges (LAN, CGNAT, link-local) or another bridge, unless the environment opens an
// address; the rules go with the network.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { managedLabels } from '../../electron/core/hands/docker/engine.ts';
import { networkFor, type SandboxNetwork } from '../../electron/core/hands/docker/network.ts';
import { bridgeOf, buildImage, canBuild, hasIp, isRoot, networkExists, removeImage, rulesOf, runIn, startLan, startServer, type Lan } from './network-rig.ts';
import { docker } from './sandbox-rig.ts';

const SESSION = `sesn_unrestricted${process.pid}`;
const ready = canBuild && isRoot && hasIp;

/** A shell line that prints `<label>=<what wget got, or "blocked">`, in the background (a blocked one waits 3 s). */
const probe = (label: string, url: string) => `(echo "${label}=$(timeout 3 wget -qO- ${url} 2>/dev/null || echo blocked)") &`;
/** The `label=value` lines of a probe run. */
const results = (out: string) => Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

/** The subnets of this host's physical interfaces that lie outside the private ranges. */
function publicLans(): string[] {
  const priv = /^(10\.|100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\.|169\.254\.|172\.(1[6-9]|2\d|3[01])\.|192\.168\.)/;
  return Object.entries(networkInterfaces()).flatMap(([name, addrs]) =>
    /^(lo|dh-|docker|br-|veth)/.test(name)
      ? []
      : (addrs ?? []).flatMap((a) => {
          if (a.family !== 'IPv4' || a.internal || priv.test(a.address)) return [];
          const prefix = Number(a.cidr!.split('/')[1]);
          const n = a.address.split('.').reduce((x, o) => x * 256 + Number(o), 0);
          const first = n - (n % 2 ** (32 - prefix));
          return [`${[24, 16, 8, 0].map((s) => (first >>> s) & 255).join('.')}/${prefix}`];
        }),
  );
}

const suite = ready ? 'unrestricted networking (real Docker engine, iptables)' : 'unrestricted networking (SKIPPED: needs Docker, busybox, root and iproute2)';
describe.skipIf(!ready)(suite, () => {
  let lan: Lan;
  let hostServer: Server;
  let hostPort: number;
  let otherNet: Dockerode.Network;
  let other: { container: Dockerode.Container; ip: string };
  const nets: SandboxNetwork[] = [];

  beforeAll(async () => {
    await buildImage();
    lan = await startLan();
    // A service of this host's own, on every address.
    hostServer = createServer((_req, res) => res.end('host-service\n'));
    await new Promise<void>((r) => hostServer.listen(0, '0.0.0.0', r));
    hostPort = (hostServer.address() as AddressInfo).port;
    // Another Docker bridge with a server on it.
    const name = `dockhand-unrestricted-other-${process.pid}`;
    otherNet = await docker.createNetwork({ Name: name, Labels: managedLabels(SESSION) });
    other = await startServer(SESSION, name, 'other-bridge');
  });

  afterAll(async () => {
    await other?.container.remove({ force: true });
    await otherNet?.remove();
    for (const n of nets) await n.cleanup();
    await lan?.close();
    await new Promise((r) => hostServer?.close(r));
    await removeImage();
    const filters = { label: [`dockhand.session=${SESSION}`] };
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
  });

  const make = async (openHosts?: string) => {
    const net = await networkFor(docker, SESSION, { type: 'unrestricted' }, { openHosts });
    nets.push(net);
    return net;
  };

  it("reaches the internet but not this host's services, the site's private ranges or another bridge", async () => {
    const net = await make();
    const { gateway } = await bridgeOf(net.hostConfig.NetworkMode);
    // The stand-in internet and the other bridge's server answer this host (so "blocked" below is the sandbox's firewall).
    expect(await (await fetch(`http://${lan.public}:${lan.port}/`)).text()).toContain(`lan ${lan.public}`);
    expect(await (await fetch(`http://${other.ip}:8080/`)).text()).toBe('other-bridge\n');
    const { out } = await runIn(
      SESSION,
      net,
      [
        probe('internet', `http://${lan.public}:${lan.port}/`),
        probe('host-gateway', `http://${gateway}:${hostPort}/`),
        probe('host-lan-address', `http://${lan.hostSide}:${hostPort}/`),
        probe('lan', `http://${lan.private}:${lan.port}/`),
        probe('cgnat', `http://${lan.cgnat}:${lan.port}/`),
        probe('link-local', `http://${lan.linkLocal}:${lan.port}/`),
        probe('other-bridge', `http://${other.ip}:8080/`),
      ].join(' ') + ' wait',
    );
    expect(results(out)).toEqual({
      internet: `lan ${lan.public} host=${lan.public}:${lan.port}`,
      'host-gateway': 'blocked',
      'host-lan-address': 'blocked',
      lan: 'blocked',
      cgnat: 'blocked',
      'link-local': 'blocked',
      'other-bridge': 'blocked',
    });
  });

  it("opens the environment's allowed private hosts, on their port only, and this host by its own address", async () => {
    const net = await make(`${lan.private}:${lan.port}, ${lan.cgnat} ${lan.hostSide}:${hostPort}`);
    const { out } = await runIn(
      SESSION,
      net,
      [
        probe('lan', `http://${lan.private}:${lan.port}/`),
        probe('lan-other-port', `http://${lan.private}:${lan.echoPort}/`),
        probe('cgnat', `http://${lan.cgnat}:${lan.port}/`),
        probe('host', `http://${lan.hostSide}:${hostPort}/`),
        probe('link-local', `http://${lan.linkLocal}:${lan.port}/`),
      ].join(' ') + ' wait',
    );
    expect(results(out)).toEqual({
      lan: `lan ${lan.private} host=${lan.private}:${lan.port}`,
      'lan-other-port': 'blocked',
      cgnat: `lan ${lan.cgnat} host=${lan.cgnat}:${lan.port}`,
      host: 'host-service',
      'link-local': 'blocked',
    });
  });

  it('refuses an environment whose allowed private hosts do not parse, naming the entry, and leaves nothing behind', async () => {
    const before = (await docker.listNetworks({ filters: { label: [`dockhand.session=${SESSION}`] } })).length;
    await expect(networkFor(docker, SESSION, { type: 'unrestricted' }, { openHosts: '192.168.1.20:8080, nas.local' })).rejects.toThrow(
      /dockhand\.allowed_private_hosts: "nas\.local" is not an IPv4 address or subnet/,
    );
    expect((await docker.listNetworks({ filters: { label: [`dockhand.session=${SESSION}`] } })).length).toBe(before);
  });

  it("keys its rules on the sandbox's bridge, keeps the host's DNS servers open on port 53, and removes the rules with the network", async () => {
    const net = await make(`${lan.private}:${lan.port}`);
    const { bridge } = await bridgeOf(net.hostConfig.NetworkMode);
    const input = await rulesOf('INPUT');
    const forward = await rulesOf('DOCKER-USER');
    expect(input).toContain(`-A INPUT -i ${bridge} -j DROP`);
    for (const range of ['10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16'])
      expect(forward).toContain(`-A DOCKER-USER -d ${range} -i ${bridge} -j DROP`);
    // The host's own LANs on public addresses too (this machine's eth0 is on one).
    for (const lanNet of publicLans()) expect(forward).toContain(`-A DOCKER-USER -d ${lanNet} -i ${bridge} -j DROP`);
    // The accepts come before the drops.
    expect(forward.indexOf(`-A DOCKER-USER -d ${lan.private}/32 -i ${bridge} -p tcp -m tcp --dport ${lan.port} -j ACCEPT`)).toBeLessThan(
      forward.indexOf(`-i ${bridge} -j DROP`),
    );
    for (const ns of [...readFileSync('/etc/resolv.conf', 'utf8').matchAll(/^nameserver\s+(\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!))
      if (!ns.startsWith('127.')) expect(forward).toContain(`-A DOCKER-USER -d ${ns}/32 -i ${bridge} -p udp -m udp --dport 53 -j ACCEPT`);

    await net.cleanup();
    expect(await networkExists(net.hostConfig.NetworkMode)).toBe(false);
    expect(await rulesOf('INPUT')).not.toContain(bridge);
    expect(await rulesOf('DOCKER-USER')).not.toContain(bridge);
  });
});
