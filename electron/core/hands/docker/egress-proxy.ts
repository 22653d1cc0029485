// The egress proxy of a `limited` sandbox: an HTTP proxy (CONNECT tunnels for https and anything
// else over TCP, absolute-form requests for plain http) that lets through only what the policy
// allows, and never to this host's own addresses.
import { lookup as dnsLookup } from 'node:dns/promises';
import { createServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { EgressPolicy } from './egress-policy.ts';
import { forbiddenAddresses } from './firewall.ts';

/** Resolves a name to its addresses (the system resolver by default). */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export interface EgressProxy {
  /** The address and port it listens on. */
  readonly address: string;
  readonly port: number;
  /** Stops listening and cuts every open connection and tunnel. */
  close(): Promise<void>;
}

export interface EgressProxyOptions {
  /** The address to listen on (the sandbox bridge's gateway); the port is chosen by the system. */
  listen: string;
  policy: EgressPolicy;
  resolve?: Resolve;
}

const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Why a destination is refused, as the HTTP status and text the sandbox's client shows. */
class Refused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const CONNECT_TIMEOUT_MS = 15_000;

// Headers for the proxy itself or for this one hop, never passed upstream.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade'];

function upstreamHeaders(h: IncomingHttpHeaders): IncomingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...String(h.connection ?? '').toLowerCase().split(',').map((s) => s.trim())]);
  return Object.fromEntries(Object.entries(h).filter(([k]) => !drop.has(k)));
}

export async function startEgressProxy(opts: EgressProxyOptions): Promise<EgressProxy> {
  const resolve = opts.resolve ?? systemResolve;
  const open = new Set<Duplex>();
  const track = (s: Duplex) => (open.add(s), s.once('close', () => open.delete(s)));

  /** The address to connect to for host:port, or a Refused. Every address a name has must be fine. */
  async function destination(rawHost: string, port: number): Promise<string> {
    const host = rawHost.replace(/^\[(.*)\]$/, '$1');
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Refused(400, `bad port ${port}`);
    if (!opts.policy.allows(host, port)) throw new Refused(403, `${host}:${port} is not allowed by this environment's networking policy`);
    const family = isIP(host);
    const addrs = family ? [{ address: host, family }] : await resolve(host).catch(() => []);
    if (addrs.length === 0) throw new Refused(502, `cannot resolve ${host}`);
    const blocked = forbiddenAddresses();
    if (addrs.some((a) => blocked.check(a.address, a.family === 6 ? 'ipv6' : 'ipv4')))
      throw new Refused(403, `${host} resolves to an address a sandbox may not reach (this host, link-local, or a sandbox network)`);
    return addrs[0]!.address;
  }

  function connectTo(address: string, port: number): Promise<Socket> {
    return new Promise((resolveSocket, reject) => {
      const up = connect({ host: address, port });
      track(up);
      up.setTimeout(CONNECT_TIMEOUT_MS, () => up.destroy(new Error('connect timeout')));
      up.once('connect', () => (up.setTimeout(0), up.off('error', reject), resolveSocket(up)));
      up.once('error', reject);
    });
  }

  // CONNECT host:port: a raw TCP tunnel once the destination passes.
  async function onConnect(req: IncomingMessage, client: Duplex, head: Buffer) {
    track(client);
    client.on('error', () => client.destroy());
    try {
      const u = new URL(`http://${req.url}`);
      const up = await connectTo(await destination(u.hostname, Number(u.port)), Number(u.port));
      if (client.destroyed) return void up.destroy(); // the sandbox gave up while we connected
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.on('error', () => client.destroy());
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
      up.pipe(client).pipe(up);
    } catch (e) {
      const { status, message } = e instanceof Refused ? e : new Refused(502, `cannot connect: ${(e as Error).message}`);
      client.end(`HTTP/1.1 ${status} ${status === 403 ? 'Forbidden' : status === 400 ? 'Bad Request' : 'Bad Gateway'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`);
    }
  }

  // GET http://host/path (absolute form): forwarded once the destination passes.
  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const fail = (e: unknown) => {
      const { status, message } = e instanceof Refused ? e : new Refused(502, `upstream failed: ${(e as Error).message}`);
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${message}\n`);
    };
    try {
      const u = /^http:\/\//i.test(req.url ?? '') ? new URL(req.url!) : undefined;
      if (!u) throw new Refused(400, 'this is a proxy: send absolute http:// requests, or CONNECT for anything else');
      const port = Number(u.port || 80);
      const address = await destination(u.hostname, port);
      const up = request({ host: address, port, method: req.method, path: `${u.pathname}${u.search}`, headers: upstreamHeaders(req.headers), agent: false });
      up.setTimeout(CONNECT_TIMEOUT_MS, () => up.destroy(new Error('timeout')));
      up.on('socket', (s) => track(s));
      up.on('response', (r) => {
        up.setTimeout(0);
        res.writeHead(r.statusCode ?? 502, upstreamHeaders(r.headers));
        r.pipe(res);
      });
      up.on('error', fail);
      req.pipe(up);
    } catch (e) {
      fail(e);
    }
  }

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('connect', (req, socket, head) => void onConnect(req, socket, head));
  server.on('connection', (s) => track(s));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, opts.listen, () => (server.off('error', reject), resolveListen()));
  });
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new Error('egress proxy did not bind a TCP port');

  return {
    address: bound.address,
    port: bound.port,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of open) s.destroy();
      await closed;
    },
  };
}
