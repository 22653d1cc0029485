// Sandbox networking against the real Docker engine: `none`, and `limited` (an internal bridge whose only
// way out is the egress proxy). Every target is on this machine: the stand-in internet of network-rig.ts
// (a network namespace of the test's own), an HTTP server the test runs on the host, and another sandbox.
// `unrestricted` is in network-unrestricted.test.ts, the proxy alone in network-proxy.test.ts.
import { execFile } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { egressPolicy, PACKAGE_REGISTRIES } from '../../electron/core/hands/docker/egress-policy.ts';
import { networkFor, reapNetworks, type SandboxNetwork } from '../../electron/core/hands/docker/network.ts';
import { bridgeOf, buildImage, canBuild, hasIp, isRoot, networkExists, removeImage, rulesOf, runIn as runInAs, startLan, startServer, type Lan } from './network-rig.ts';
import { docker, neededInCi } from './sandbox-rig.ts';

const run = promisify(execFile);
/** The docker group's id: its members use the engine without being root. */
const dockerGid = (await run('getent', ['group', 'docker']).catch(() => ({ stdout: '' }))).stdout.split(':')[2];
neededInCi(Boolean(dockerGid), 'there is no docker group');
const SESSION = `sesn_nettest${process.pid}`;
const runIn = (net: SandboxNetwork, script: string, env?: Record<string, string>) => runInAs(SESSION, net, script, { env });
/** The egress proxy's URL, from a limited network's env. */
const proxyOf = (net: SandboxNetwork) => new URL(net.env.HTTP_PROXY!);

describe('egress policy', () => {
  const limited = (allowed_hosts: string[], more: { pm?: boolean; mcp?: boolean } = {}) =>
    ({ type: 'limited', allowed_hosts, allow_package_managers: more.pm ?? false, allow_mcp_servers: more.mcp ?? false }) as const;

  it('allows exact names on any port, case- and root-dot-insensitively, and nothing else', () => {
    const p = egressPolicy(limited(['api.example.com']));
    expect(p.allows('api.example.com', 443)).toBe(true);
    expect(p.allows('API.Example.com.', 8080)).toBe(true);
    expect(p.allows('example.com', 443)).toBe(false);
    expect(p.allows('api.example.com.evil.net', 443)).toBe(false);
    expect(p.allows('xapi.example.com', 443)).toBe(false);
  });

  it('matches *.suffix against names under it, not the suffix itself', () => {
    const p = egressPolicy(limited(['*.example.com']));
    expect(p.allows('a.example.com', 443)).toBe(true);
    expect(p.allows('a.b.example.com', 80)).toBe(true);
    expect(p.allows('example.com', 443)).toBe(false);
    expect(p.allows('badexample.com', 443)).toBe(false);
    // An address is allowed only by itself, never by a wildcard that happens to end like it.
    expect(egressPolicy(limited(['*.0.1'])).allows('10.0.0.1', 80)).toBe(false);
  });

  it('holds a host to its port when one is given', () => {
    const p = egressPolicy(limited(['example.com:8443', '10.1.2.3:80']));
    expect(p.allows('example.com', 8443)).toBe(true);
    expect(p.allows('example.com', 443)).toBe(false);
    expect(p.allows('10.1.2.3', 80)).toBe(true);
    expect(p.allows('10.1.2.3', 22)).toBe(false);
  });

  it('opens the package registries only with allow_package_managers', () => {
    expect(egressPolicy(limited([])).allows('registry.npmjs.org', 443)).toBe(false);
    const p = egressPolicy(limited([], { pm: true }));
    for (const host of PACKAGE_REGISTRIES) expect(p.allows(host, 443)).toBe(true);
    expect(p.allows('deb.debian.org', 80)).toBe(true);
    expect(p.allows('github.com', 443)).toBe(false);
  });

  it('opens the MCP servers only with allow_mcp_servers, at their own port', () => {
    const urls = ['https://mcp.example.com/sse', 'http://tools.example.org:8000/mcp'];
    expect(egressPolicy(limited([]), urls).empty).toBe(true);
    const p = egressPolicy(limited([], { mcp: true }), urls);
    expect(p.allows('mcp.example.com', 443)).toBe(true);
    expect(p.allows('mcp.example.com', 80)).toBe(false);
    expect(p.allows('tools.example.org', 8000)).toBe(true);
  });

  it('is empty when nothing is allowed', () => {
    expect(egressPolicy(limited([])).empty).toBe(true);
    expect(egressPolicy(limited([], { mcp: true })).empty).toBe(true);
    expect(egressPolicy(limited(['a.example.com'])).empty).toBe(false);
  });
});

const suite = canBuild ? 'sandbox networks (real Docker engine)' : 'sandbox networks (SKIPPED: no Docker engine or no /bin/busybox to build the test image)';
describe.skipIf(!canBuild)(suite, () => {
  let hostServer: Server;
  let hostPort: number;
  let lan: Lan | undefined;

  beforeAll(async () => {
    await buildImage();
    // A service of the host's own, on every address: what a sandbox must not reach under `limited`.
    hostServer = createServer((_req, res) => res.end('host-service\n'));
    await new Promise<void>((r) => hostServer.listen(0, '0.0.0.0', r));
    hostPort = (hostServer.address() as AddressInfo).port;
    // The stand-in internet, where the "allowed hosts" live.
    if (isRoot && hasIp) lan = await startLan();
  });

  afterAll(async () => {
    await lan?.close();
    await new Promise((r) => hostServer?.close(r));
    await removeImage();
    const filters = { label: [`dockhand.session=${SESSION}`] };
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
  });

  describe('none', () => {
    it('is what a missing policy and a limited one that allows nothing come to, and has no interface but lo', async () => {
      const absent = await networkFor(docker, SESSION, undefined);
      const nothing = await networkFor(docker, SESSION, { type: 'limited', allowed_hosts: [], allow_package_managers: false, allow_mcp_servers: true });
      for (const n of [absent, nothing]) {
        expect(n.mode).toBe('none');
        expect(n.hostConfig).toEqual({ NetworkMode: 'none' });
        expect(n.env).toEqual({});
      }
      const { code, out } = await runIn(nothing, `ls /sys/class/net; timeout 3 wget -qO- http://127.0.0.1:${hostPort}/ 2>/dev/null || echo unreachable`);
      expect(code).toBe(0);
      expect(out.split(/\s+/).filter(Boolean)).toEqual(['lo', 'unreachable']);
      await nothing.cleanup();
    });
  });

  const limitedReady = isRoot && hasIp;
  describe.skipIf(!limitedReady)(limitedReady ? 'limited' : 'limited (SKIPPED: iptables and a network namespace need root and iproute2)', () => {
    let net: SandboxNetwork;
    let bridge: string;
    let gateway: string;
    const names: Record<string, () => string> = {
      // These names lead to the same server: only the policy tells them apart.
      'allowed.test': () => lan!.public,
      'api.wild.test': () => lan!.public,
      'denied.test': () => lan!.public,
      // A name that resolves to this host (its address on the sandbox bridge).
      'host.test': () => gateway,
      // Another session's sandbox (set up below).
      'other.test': () => other.ip,
    };
    let other: { net: SandboxNetwork; container: Dockerode.Container; ip: string };

    beforeAll(async () => {
      net = await networkFor(
        docker,
        SESSION,
        {
          type: 'limited',
          // The host, by every route a policy could name it: its gateway address, localhost, a name resolving to it.
          allowed_hosts: [`allowed.test:${lan!.port}`, '*.wild.test', 'localhost', 'host.test', '127.0.0.1', 'other.test'],
          allow_package_managers: false,
          allow_mcp_servers: false,
        },
        // The test's names, a hosts-style table; anything else (localhost) through the system resolver.
        { resolve: async (host) => (names[host] ? [{ address: names[host](), family: 4 }] : lookup(host, { all: true })) },
      );
      const found = await bridgeOf(net.hostConfig.NetworkMode);
      ({ bridge, gateway } = found);
      expect(found.info.Internal).toBe(true);
      expect(bridge).toMatch(/^dh-[0-9a-f]{12}$/);
      expect(found.info.Labels).toMatchObject({ 'dockhand.managed': '1', 'dockhand.session': SESSION });
      const otherNet = await networkFor(docker, SESSION, { type: 'unrestricted' });
      other = { net: otherNet, ...(await startServer(SESSION, otherNet.hostConfig.NetworkMode, 'other-sandbox')) };
    });
    afterAll(async () => {
      await other?.container.remove({ force: true });
      await other?.net.cleanup();
      await net?.cleanup();
    });

    const viaProxy = (request: string) => {
      const { hostname, port } = proxyOf(net);
      return `(printf '${request.replaceAll('\n', '\\r\\n')}'; sleep 1) | timeout 5 nc ${hostname} ${port}`;
    };

    it('gives the sandbox the proxy on the bridge gateway, in both spellings of the proxy variables', () => {
      expect(net.mode).toBe('limited');
      const url = `http://${gateway}:${proxyOf(net).port}`;
      expect(net.env).toMatchObject({ HTTP_PROXY: url, HTTPS_PROXY: url, http_proxy: url, https_proxy: url });
    });

    it('reaches an allowed host through the proxy, by plain http and through a CONNECT tunnel', async () => {
      const { port } = lan!;
      const plain = await runIn(net, `wget -qO- http://allowed.test:${port}/ && wget -qO- http://api.wild.test:${port}/`);
      expect(plain.out).toBe(`lan ${lan!.public} host=allowed.test:${port}\nlan ${lan!.public} host=api.wild.test:${port}\n`);
      const tunnel = await runIn(net, viaProxy(`CONNECT allowed.test:${port} HTTP/1.1\nHost: allowed.test:${port}\n\nGET / HTTP/1.0\n\n`));
      expect(tunnel.out).toMatch(/^HTTP\/1.1 200 Connection Established/);
      expect(tunnel.out).toContain(`lan ${lan!.public}`);
    });

    it('refuses a name that is not allowed, and an allowed name on another port', async () => {
      const { port } = lan!;
      const denied = await runIn(net, `${viaProxy(`GET http://denied.test:${port}/ HTTP/1.0\n\n`)}; ${viaProxy(`CONNECT denied.test:${port} HTTP/1.1\n\n`)}`);
      expect(denied.out.match(/HTTP\/1.1 403/g)).toHaveLength(2);
      expect(denied.out).toContain('not allowed by this environment');
      expect(denied.out).not.toContain('lan ');
      const otherPort = await runIn(net, viaProxy(`CONNECT allowed.test:${lan!.echoPort} HTTP/1.1\n\n`));
      expect(otherPort.out).toMatch(/^HTTP\/1.1 403/);
      const wget = await runIn(net, `wget -qO- http://denied.test:${port}/; echo rc=$?`);
      expect(wget.out).toContain('rc=1');
    });

    it("never reaches the host's own services: not directly, not through the proxy under any allowed name", async () => {
      const direct = await runIn(net, `timeout 3 wget -qO- http://${gateway}:${hostPort}/; echo rc=$?`, {});
      expect(direct.out).not.toContain('host-service');
      expect(direct.out).toMatch(/rc=(1|143)/);
      // Allowed names and addresses that are this host: refused for where they lead.
      const proxied = await runIn(
        net,
        [`GET http://localhost:${hostPort}/ HTTP/1.0\n\n`, `CONNECT host.test:${hostPort} HTTP/1.1\n\n`, `CONNECT 127.0.0.1:${hostPort} HTTP/1.1\n\n`]
          .map(viaProxy)
          .join('; '),
      );
      expect(proxied.out).not.toContain('host-service');
      expect(proxied.out.match(/HTTP\/1.1 403/g)).toHaveLength(3);
      expect(proxied.out.match(/resolves to an address a sandbox may not reach/g)).toHaveLength(3);
      // The gateway's address is not in allowed_hosts: refused by the policy.
      const literal = await runIn(net, viaProxy(`CONNECT ${gateway}:${hostPort} HTTP/1.1\n\n`));
      expect(literal.out).toMatch(/^HTTP\/1.1 403/);
      expect(literal.out).not.toContain('host-service');
    });

    it("never reaches another session's sandbox, even under an allowed name", async () => {
      const { out } = await runIn(net, viaProxy('CONNECT other.test:8080 HTTP/1.1\n\nGET / HTTP/1.0\n\n'));
      expect(out).toMatch(/^HTTP\/1.1 403/);
      expect(out).toContain('resolves to an address a sandbox may not reach');
      expect(out).not.toContain('other-sandbox');
      // The other sandbox does answer (from this host, by its address): the refusal is the proxy's.
      expect(await (await fetch(`http://${other.ip}:8080/`)).text()).toBe('other-sandbox\n');
    });

    it('has no way out that bypasses the proxy', async () => {
      // The allowed server by its address, with no proxy: the internal bridge forwards nowhere.
      const { out } = await runIn(net, `timeout 3 wget -qO- http://${lan!.public}:${lan!.port}/; echo rc=$?`, {});
      expect(out).not.toContain('lan ');
      expect(out).toMatch(/rc=(1|143)/);
    });

    it('keeps the host closed with iptables rules on the named bridge, removed with the network by cleanup', async () => {
      const rules = await rulesOf('INPUT');
      const drop = `-A INPUT -i ${bridge} -j DROP`;
      const accept = `-A INPUT -d ${gateway}/32 -i ${bridge} -p tcp -m tcp --dport ${proxyOf(net).port} -j ACCEPT`;
      expect(rules).toContain(drop);
      // The proxy's port is let through before everything else on the bridge is dropped.
      expect(rules.indexOf(accept)).toBeGreaterThanOrEqual(0);
      expect(rules.indexOf(accept)).toBeLessThan(rules.indexOf(drop));
      await net.cleanup();
      await net.cleanup(); // twice is fine
      expect(await networkExists(net.hostConfig.NetworkMode)).toBe(false);
      expect(await rulesOf('INPUT')).not.toContain(bridge);
    });
  });

  describe.skipIf(!isRoot)(isRoot ? 'lifecycle' : 'lifecycle (SKIPPED: iptables needs root)', () => {
    /** Node code run in a child process (TypeScript through tsx) that sets up a limited network, then `then`. */
    const limitedChild = (then: string) => `
      const { dockerClient } = await import(${JSON.stringify(new URL('../../electron/core/hands/docker/engine.ts', import.meta.url).pathname)});
      const { networkFor } = await import(${JSON.stringify(new URL('../../electron/core/hands/docker/network.ts', import.meta.url).pathname)});
      const limited = { type: 'limited', allowed_hosts: ['a.test'], allow_package_managers: false, allow_mcp_servers: false };
      ${then}`;
    /** Runs `code` in a child Node, optionally under a wrapper command (`setpriv ...`). */
    const node = (code: string, wrapper: string[] = []) => {
      const [cmd, ...args] = [...wrapper, process.execPath, '--import', 'tsx', '--input-type=module', '-e', code];
      return run(cmd!, args, { env: { ...process.env, HOME: tmpdir() } });
    };

    it('removes the networks and firewall rules a crashed Dockhand process left behind', async () => {
      // The child sets up a limited and an unrestricted network and dies without cleaning up.
      const { stdout } = await node(
        limitedChild(`
          for (const n of [limited, { type: 'unrestricted' }]) console.log((await networkFor(dockerClient(), ${JSON.stringify(SESSION)}, n)).hostConfig.NetworkMode);
          process.exit(0);`),
      );
      const [limitedName, unrestrictedName] = stdout.trim().split('\n') as [string, string];
      const limitedBridge = (await bridgeOf(limitedName)).bridge;
      const unrestrictedBridge = (await bridgeOf(unrestrictedName)).bridge;
      expect(await rulesOf('INPUT')).toContain(`-i ${limitedBridge} -j DROP`);
      expect(await rulesOf('INPUT')).toContain(`-i ${unrestrictedBridge} -j DROP`);
      expect(await rulesOf('DOCKER-USER')).toContain(`-i ${unrestrictedBridge} -j DROP`);

      await reapNetworks(docker);
      for (const name of [limitedName, unrestrictedName]) expect(await networkExists(name)).toBe(false);
      for (const chain of ['INPUT', 'DOCKER-USER']) {
        expect(await rulesOf(chain)).not.toContain(limitedBridge);
        expect(await rulesOf(chain)).not.toContain(unrestrictedBridge);
      }
    });

    it.skipIf(!dockerGid)(
      dockerGid ? 'fails closed for a user who may use Docker but not iptables: refused, nothing left behind' : 'fails closed without iptables (SKIPPED: no docker group)',
      async () => {
        // How a desktop user runs Dockhand: not root, in the docker group.
        const code = limitedChild(`try { await networkFor(dockerClient(), ${JSON.stringify(SESSION)}, limited); console.log('set up'); } catch (e) { console.log(e.message); }`);
        const { stdout } = await node(code, ['setpriv', '--reuid=nobody', '--regid=nogroup', `--groups=${dockerGid}`]);
        expect(stdout).toContain('limited networking could not be set up');
        expect(await docker.listNetworks({ filters: { label: [`dockhand.session=${SESSION}`, 'dockhand.network'] } })).toEqual([]);
      },
    );

    it('leaves the networks of a live process alone', async () => {
      const net = await networkFor(docker, SESSION, { type: 'unrestricted' });
      await reapNetworks(docker);
      expect(await networkExists(net.hostConfig.NetworkMode)).toBe(true);
      await net.cleanup();
    });
  });
});
