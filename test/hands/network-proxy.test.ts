// The egress proxy on its own, driven from this process: what it forwards (the URL's host, never the
// client's Host header), which addresses it refuses, and its per-sandbox limits. The proxy listens on
// loopback; its upstreams are the stand-in world of network-rig.ts (a network namespace on this host).
// Names resolve through a hosts-style table passed as the proxy's resolver, so "a name that resolves to
// a private address" needs no DNS server: the refusal happens before any connection is attempted.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { egressPolicy } from '../../electron/core/hands/docker/egress-policy.ts';
import { startEgressProxy, type EgressProxy, type ProxyLimits, type Resolve } from '../../electron/core/hands/docker/egress-proxy.ts';
import { hasIp, isRoot, startLan, type Lan } from './network-rig.ts';

/** Sends raw bytes to the proxy and reads until it closes or `until` matches what came back. */
function talk(proxy: EgressProxy, request: string, until?: RegExp): Promise<{ text: string; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, proxy.address);
    let text = '';
    const done = () => resolve({ text, socket });
    socket.on('data', (d) => {
      text += d.toString();
      if (until?.test(text)) done();
    });
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(request.replaceAll('\n', '\r\n'));
  });
}

const closed = (s: Socket) => new Promise<void>((r) => (s.destroyed ? r() : s.once('close', () => r())));

const suite = isRoot && hasIp ? 'egress proxy' : 'egress proxy (SKIPPED: a network namespace needs root and iproute2)';
describe.skipIf(!(isRoot && hasIp))(suite, () => {
  let lan: Lan;
  const proxies: EgressProxy[] = [];
  let hosts: Record<string, string>;
  const resolve: Resolve = async (host) => (hosts[host] ? [{ address: hosts[host], family: hosts[host].includes(':') ? 6 : 4 }] : []);
  const start = async (allowed: string[], limits?: Partial<ProxyLimits>) => {
    const policy = egressPolicy({ type: 'limited', allowed_hosts: allowed, allow_package_managers: false, allow_mcp_servers: false });
    const p = await startEgressProxy({ listen: '127.0.0.1', policy, resolve, limits });
    proxies.push(p);
    return p;
  };

  beforeAll(async () => {
    lan = await startLan();
    hosts = {
      'public.test': lan.public,
      'lan.test': lan.private,
      'cgnat.test': lan.cgnat,
      'linklocal.test': lan.linkLocal,
      'metadata.test': '169.254.169.254',
      'rfc1918-10.test': '10.1.2.3',
      'rfc1918-192.test': '192.168.1.1',
      'docker0.test': '172.17.0.2', // a container on Docker's default bridge
      'ula.test': 'fd00::1',
      'mapped.test': '::ffff:10.1.2.3',
      'evil.example': lan.private,
      'blackhole.test': lan.blackhole,
    };
  });
  afterAll(async () => {
    for (const p of proxies) await p.close();
    await lan?.close();
  });

  it('reaches the stand-in internet by an allowed name (so the refusals below are the policy)', async () => {
    const p = await start(['public.test']);
    const { text } = await talk(p, `GET http://public.test:${lan.port}/ HTTP/1.1\nHost: public.test:${lan.port}\nConnection: close\n\n`);
    expect(text).toMatch(/^HTTP\/1.1 200/);
    expect(text).toContain(`lan ${lan.public} host=public.test:${lan.port}`);
  });

  it("sends a plain-http request upstream under the URL's host, never the client's Host header", async () => {
    const p = await start(['public.test']);
    // Domain fronting: the URL names an allowed host, the Host header another one.
    const { text } = await talk(p, `GET http://public.test:${lan.port}/ HTTP/1.1\nHost: evil.example\nConnection: close\n\n`);
    expect(text).toContain(`host=public.test:${lan.port}`);
    expect(text).not.toContain('evil.example');
    // The default port is not written out, as a browser would send it.
    const bare = await talk(p, `GET http://public.test/ HTTP/1.1\nHost: evil.example\nConnection: close\n\n`);
    expect(bare.text).not.toContain('evil.example');
  });

  it('refuses allowed names that resolve to private, CGNAT, link-local or Docker bridge addresses, before connecting', async () => {
    const names = ['lan.test', 'cgnat.test', 'linklocal.test', 'metadata.test', 'rfc1918-10.test', 'rfc1918-192.test', 'docker0.test', 'ula.test', 'mapped.test'];
    const p = await start(names);
    for (const name of names) {
      for (const req of [`CONNECT ${name}:${lan.port} HTTP/1.1\n\n`, `GET http://${name}:${lan.port}/ HTTP/1.1\nHost: ${name}\n\n`]) {
        const { text } = await talk(p, req);
        expect(text, `${name}: ${req}`).toMatch(/^HTTP\/1.1 403/);
        expect(text).toContain(`${name} resolves to a private address`);
        expect(text).not.toContain('lan ');
      }
    }
  });

  it('reaches a private address that the policy names itself, and only on the allowed port', async () => {
    const p = await start([`${lan.private}:${lan.port}`, lan.cgnat]);
    const viaConnect = await talk(p, `CONNECT ${lan.private}:${lan.port} HTTP/1.1\n\nGET / HTTP/1.0\n\n`);
    expect(viaConnect.text).toMatch(/^HTTP\/1.1 200 Connection Established/);
    expect(viaConnect.text).toContain(`lan ${lan.private}`);
    const plain = await talk(p, `GET http://${lan.cgnat}:${lan.port}/ HTTP/1.1\nHost: x\nConnection: close\n\n`);
    expect(plain.text).toContain(`lan ${lan.cgnat} host=${lan.cgnat}:${lan.port}`);
    const otherPort = await talk(p, `CONNECT ${lan.private}:22 HTTP/1.1\n\n`);
    expect(otherPort.text).toMatch(/^HTTP\/1.1 403/);
  });

  it('never reaches this host, even by a literal address the policy names', async () => {
    const p = await start([lan.hostSide, '127.0.0.1']);
    for (const host of [lan.hostSide, '127.0.0.1']) {
      const { text } = await talk(p, `CONNECT ${host}:${p.port} HTTP/1.1\n\n`);
      expect(text).toMatch(/^HTTP\/1.1 403/);
      expect(text).toContain('this host or a sandbox network');
    }
  });

  it('holds a sandbox to its connection cap, with an answer that says so, and lets the next in once one closes', async () => {
    const p = await start(['public.test'], { maxConnections: 2 });
    const tunnel = () => talk(p, `CONNECT public.test:${lan.port} HTTP/1.1\n\n`, /\r\n\r\n/);
    const [a, b] = await Promise.all([tunnel(), tunnel()]);
    expect(a.text).toMatch(/^HTTP\/1.1 200/);
    expect(b.text).toMatch(/^HTTP\/1.1 200/);
    const third = await talk(p, `CONNECT public.test:${lan.port} HTTP/1.1\n\n`);
    expect(third.text).toMatch(/^HTTP\/1.1 503/);
    expect(third.text).toContain('too many connections: this sandbox may have 2 open at once');
    a.socket.destroy();
    await closed(a.socket);
    // The proxy sees the close a moment later: ask until the freed slot is there.
    let next = await tunnel();
    while (/^HTTP\/1.1 503/.test(next.text)) next = await tunnel();
    expect(next.text).toMatch(/^HTTP\/1.1 200/);
    b.socket.destroy();
    next.socket.destroy();
  });

  it('closes a tunnel that stays idle past the idle timeout, and keeps one that talks', async () => {
    // The upstream is an echo server with no timeout of its own: only the proxy can end these tunnels.
    const p = await start(['public.test'], { idleTimeoutMs: 400 });
    const tunnel = () => talk(p, `CONNECT public.test:${lan.echoPort} HTTP/1.1\n\n`, /\r\n\r\n/);
    const idle = await tunnel();
    expect(idle.text).toMatch(/^HTTP\/1.1 200/);
    await closed(idle.socket); // nothing sent: the proxy ends it
    const busy = await tunnel();
    let echoed = '';
    busy.socket.on('data', (d) => (echoed += d.toString()));
    // A line per 100 ms keeps it open over several idle timeouts, each echoed.
    for (let i = 0; i < 12; i++) {
      busy.socket.write(`ping${i}\n`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(busy.socket.destroyed).toBe(false);
    await closed(busy.socket);
    expect(echoed).toContain('ping0\n');
    expect(echoed).toContain('ping10\n');
  });

  it('gives up connecting to a host that never answers after the connect timeout (504)', async () => {
    const p = await start(['blackhole.test'], { connectTimeoutMs: 500 });
    const { text } = await talk(p, `CONNECT blackhole.test:${lan.port} HTTP/1.1\n\n`);
    expect(text).toMatch(/^HTTP\/1.1 504/);
    expect(text).toContain(`connecting to blackhole.test:${lan.port} timed out after 500 ms`);
  });
});
