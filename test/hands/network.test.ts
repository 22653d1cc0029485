// Sandbox networking against the real Docker engine: `none`, `unrestricted`, and `limited` (an internal
// bridge whose only way out is the egress proxy). Every target is on this machine: an HTTP server
// container on a bridge the test owns (the "allowed host"), and an HTTP server the test runs on the host.
import { execFile, spawn } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Dockerode from 'dockerode';
import { managedLabels } from '../../electron/core/hands/docker/engine.ts';
import { docker, engineUp, neededInCi } from './sandbox-rig.ts';
import { egressPolicy, PACKAGE_REGISTRIES } from '../../electron/core/hands/docker/egress-policy.ts';
import { networkFor, reapNetworks, type SandboxNetwork } from '../../electron/core/hands/docker/network.ts';

const run = promisify(execFile);
const BUSYBOX = '/bin/busybox';
const canBuild = neededInCi(await run('test', ['-x', BUSYBOX]).then(() => true, () => false), `${BUSYBOX} is missing (busybox-static)`) && engineUp;
const isRoot = neededInCi(process.getuid?.() === 0, 'the tests do not run as root (iptables)');
const IMAGE = 'dockhand-test/net-busybox:1';
/** The docker group's id: its members use the engine without being root. */
const dockerGid = (await run('getent', ['group', 'docker']).catch(() => ({ stdout: '' }))).stdout.split(':')[2];
neededInCi(Boolean(dockerGid), 'there is no docker group');
const SESSION = `sesn_nettest${process.pid}`;

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

/** A throwaway image: Debian's static busybox (sh, wget, nc, httpd) and nothing else. */
async function buildImage(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'dockhand-nettest-'));
  try {
    mkdirSync(join(root, 'bin'));
    mkdirSync(join(root, 'tmp'));
    chmodSync(join(root, 'tmp'), 0o1777);
    copyFileSync(BUSYBOX, join(root, 'bin/busybox'));
    for (const applet of ['sh', 'cat', 'ls', 'wget', 'nc', 'httpd', 'printf', 'echo', 'sleep', 'timeout', 'mkdir'])
      symlinkSync('busybox', join(root, 'bin', applet));
    const tar = spawn('tar', ['-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const stream = await docker.importImage(tar.stdout, { repo: IMAGE.split(':')[0], tag: IMAGE.split(':')[1] });
    await new Promise((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve(undefined))));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Runs `script` in a hardened throwaway container on `net`; its exit code and output (stdout + stderr). */
async function runIn(net: SandboxNetwork, script: string, env: Record<string, string> = net.env): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', script],
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    User: '1000',
    Tty: true,
    Labels: managedLabels(SESSION),
    HostConfig: { ...net.hostConfig, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] },
  });
  try {
    await c.start();
    const { StatusCode } = await c.wait();
    // A tty turns every \n into \r\n (and HTTP's \r\n into \r\r\n): back to plain lines.
    const out = (await c.logs({ stdout: true, stderr: true })).toString().replace(/\r+\n/g, '\n');
    return { code: StatusCode, out };
  } finally {
    await c.remove({ force: true });
  }
}

/** The egress proxy's URL, from a limited network's env. */
const proxyOf = (net: SandboxNetwork) => new URL(net.env.HTTP_PROXY!);

/** The host's INPUT chain, as `iptables -S` prints it. */
async function inputRules(): Promise<string> {
  return (await run('iptables', ['-w', '-S', 'INPUT'])).stdout;
}

/** A sandbox network's bridge interface and gateway (this host's address on it), as the engine reports them. */
async function bridgeOf(name: string): Promise<{ info: Dockerode.NetworkInspectInfo; bridge: string; gateway: string }> {
  const info = await docker.getNetwork(name).inspect();
  return { info, bridge: info.Options!['com.docker.network.bridge.name']!, gateway: info.IPAM!.Config![0]!.Gateway! };
}

/** A busybox HTTP server container on `network` answering `body` on port 8080; the container and its address there. */
async function startServer(network: string, body: string): Promise<{ container: Dockerode.Container; ip: string }> {
  const container = await docker.createContainer({
    Image: IMAGE,
    Cmd: ['sh', '-c', `mkdir -p /tmp/www && echo ${body} > /tmp/www/index.html && exec httpd -f -p 8080 -h /tmp/www`],
    User: '1000',
    Labels: managedLabels(SESSION),
    HostConfig: { NetworkMode: network, CapDrop: ['ALL'] },
  });
  await container.start();
  return { container, ip: (await container.inspect()).NetworkSettings.Networks[network]!.IPAddress };
}

async function networkExists(name: string): Promise<boolean> {
  return docker
    .getNetwork(name)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

const suite = canBuild ? 'sandbox networks (real Docker engine)' : 'sandbox networks (SKIPPED: no Docker engine or no /bin/busybox to build the test image)';
describe.skipIf(!canBuild)(suite, () => {
  let hostServer: Server;
  let hostPort: number;
  let serverNet: Dockerode.Network;
  let server: Dockerode.Container;
  let serverIp: string;

  beforeAll(async () => {
    await buildImage();
    // A service of the host's own, on every address: what a sandbox must not reach under `limited`.
    hostServer = createServer((_req, res) => res.end('host-service\n'));
    await new Promise<void>((r) => hostServer.listen(0, '0.0.0.0', r));
    hostPort = (hostServer.address() as AddressInfo).port;
    // The "allowed host": an HTTP server container on a bridge of the test's own (not a sandbox bridge).
    const name = `dockhand-nettest-${process.pid}`;
    serverNet = await docker.createNetwork({ Name: name, Driver: 'bridge', Labels: managedLabels(SESSION) });
    ({ container: server, ip: serverIp } = await startServer(name, 'allowed-server'));
  });

  afterAll(async () => {
    await server?.remove({ force: true });
    await serverNet?.remove();
    await new Promise((r) => hostServer?.close(r));
    await docker.getImage(IMAGE).remove({ force: true }).catch(() => undefined);
    const filters = { label: [`dockhand.session=${SESSION}`] };
    expect(await docker.listContainers({ all: true, filters })).toEqual([]);
    expect(await docker.listNetworks({ filters })).toEqual([]);
  });

  it('the test servers answer (so a refusal below is the policy, not a dead server)', async () => {
    const res = await fetch(`http://127.0.0.1:${hostPort}/`);
    expect(await res.text()).toBe('host-service\n');
    const viaBridge = await fetch(`http://${serverIp}:8080/`);
    expect(await viaBridge.text()).toBe('allowed-server\n');
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
      const { code, out } = await runIn(nothing, `ls /sys/class/net; timeout 3 wget -qO- http://${serverIp}:8080/ 2>/dev/null || echo unreachable`);
      expect(code).toBe(0);
      expect(out.split(/\s+/).filter(Boolean)).toEqual(['lo', 'unreachable']);
      await nothing.cleanup();
    });
  });

  describe('unrestricted', () => {
    it('is a bridge of its own that reaches the host directly, removed by cleanup', async () => {
      const net = await networkFor(docker, SESSION, { type: 'unrestricted' });
      expect(net.mode).toBe('unrestricted');
      const { info, gateway } = await bridgeOf(net.hostConfig.NetworkMode);
      expect(info.Internal).toBe(false);
      expect(info.Labels).toMatchObject({ 'dockhand.managed': '1', 'dockhand.session': SESSION });
      const { out } = await runIn(net, `timeout 5 wget -qO- http://${gateway}:${hostPort}/`);
      expect(out).toContain('host-service');
      await net.cleanup();
      expect(await networkExists(net.hostConfig.NetworkMode)).toBe(false);
    });
  });

  describe.skipIf(!isRoot)(isRoot ? 'limited' : 'limited (SKIPPED: iptables needs root)', () => {
    let net: SandboxNetwork;
    let bridge: string;
    let gateway: string;
    const names: Record<string, () => string> = {
      // Both names lead to the same server: only the policy tells them apart.
      'allowed.test': () => serverIp,
      'api.wild.test': () => serverIp,
      'denied.test': () => serverIp,
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
          allowed_hosts: ['allowed.test:8080', '*.wild.test', 'localhost', 'host.test', '127.0.0.1', 'other.test'],
          allow_package_managers: false,
          allow_mcp_servers: false,
        },
        // The test's names; anything else (localhost) through the system resolver.
        { resolve: async (host) => (names[host] ? [{ address: names[host](), family: 4 }] : lookup(host, { all: true })) },
      );
      const found = await bridgeOf(net.hostConfig.NetworkMode);
      ({ bridge, gateway } = found);
      expect(found.info.Internal).toBe(true);
      expect(bridge).toMatch(/^dh-[0-9a-f]{12}$/);
      expect(found.info.Labels).toMatchObject({ 'dockhand.managed': '1', 'dockhand.session': SESSION });
      const otherNet = await networkFor(docker, SESSION, { type: 'unrestricted' });
      other = { net: otherNet, ...(await startServer(otherNet.hostConfig.NetworkMode, 'other-sandbox')) };
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
      const plain = await runIn(net, 'wget -qO- http://allowed.test:8080/ && wget -qO- http://api.wild.test:8080/');
      expect(plain.out).toBe('allowed-server\nallowed-server\n');
      const tunnel = await runIn(net, viaProxy('CONNECT allowed.test:8080 HTTP/1.1\nHost: allowed.test:8080\n\nGET / HTTP/1.0\n\n'));
      expect(tunnel.out).toMatch(/^HTTP\/1.1 200 Connection Established/);
      expect(tunnel.out).toContain('allowed-server');
    });

    it('refuses a name that is not allowed, and an allowed name on another port', async () => {
      const denied = await runIn(net, `${viaProxy('GET http://denied.test:8080/ HTTP/1.0\n\n')}; ${viaProxy('CONNECT denied.test:8080 HTTP/1.1\n\n')}`);
      expect(denied.out.match(/HTTP\/1.1 403/g)).toHaveLength(2);
      expect(denied.out).toContain('not allowed by this environment');
      expect(denied.out).not.toContain('allowed-server');
      const port = await runIn(net, viaProxy('CONNECT allowed.test:9090 HTTP/1.1\n\n'));
      expect(port.out).toMatch(/^HTTP\/1.1 403/);
      const wget = await runIn(net, 'wget -qO- http://denied.test:8080/; echo rc=$?');
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
      const { out } = await runIn(net, `timeout 3 wget -qO- http://${serverIp}:8080/; echo rc=$?`, {});
      expect(out).not.toContain('allowed-server');
      expect(out).toMatch(/rc=(1|143)/);
    });

    it('keeps the host closed with iptables rules on the named bridge, removed with the network by cleanup', async () => {
      const rules = await inputRules();
      const drop = `-A INPUT -i ${bridge} -j DROP`;
      const accept = `-A INPUT -d ${gateway}/32 -i ${bridge} -p tcp -m tcp --dport ${proxyOf(net).port} -j ACCEPT`;
      expect(rules).toContain(drop);
      // The proxy's port is let through before everything else on the bridge is dropped.
      expect(rules.indexOf(accept)).toBeGreaterThanOrEqual(0);
      expect(rules.indexOf(accept)).toBeLessThan(rules.indexOf(drop));
      await net.cleanup();
      await net.cleanup(); // twice is fine
      expect(await networkExists(net.hostConfig.NetworkMode)).toBe(false);
      expect(await inputRules()).not.toContain(bridge);
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

    it('removes the network and firewall rules a crashed Dockhand process left behind', async () => {
      // The child sets up a limited network and dies without cleaning up.
      const { stdout } = await node(limitedChild(`console.log((await networkFor(dockerClient(), ${JSON.stringify(SESSION)}, limited)).hostConfig.NetworkMode); process.exit(0);`));
      const name = stdout.trim();
      const { bridge } = await bridgeOf(name);
      expect(await inputRules()).toContain(`-i ${bridge} -j DROP`);

      await reapNetworks(docker);
      expect(await networkExists(name)).toBe(false);
      expect(await inputRules()).not.toContain(bridge);
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
