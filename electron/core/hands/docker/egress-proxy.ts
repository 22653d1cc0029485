// The egress proxy of a `limited` sandbox: an HTTP proxy (CONNECT tunnels for https and anything
// else over TCP, absolute-form requests for plain http) that lets through only what the policy
// allows, never to this host's own addresses, and to a private address only when the policy names it.
// One proxy serves one sandbox, so its limits (connections, timeouts) are that sandbox's.
import { lookup as dnsLookup } from 'node:dns/promises';
import { createServer as createHttpServer, request, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer as createTcpServer, isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { forwardGit, GIT_HOST, substitute, type ProxyCredentials } from './credential-injection.ts';
import type { EgressPolicy } from './egress-policy.ts';
import { forbiddenAddresses, privateAddresses } from './firewall.ts';

/** Resolves a name to its addresses (the system resolver by default). */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

export interface EgressProxy {
  /** The address and port it listens on. */
  readonly address: string;
  readonly port: number;
  /** Stops listening and cuts every open connection and tunnel. */
  close(): Promise<void>;
}

export interface ProxyLimits {
  /** Connections from the sandbox open at once (each tunnel is one); the next is answered 503. */
  maxConnections: number;
  /** How long resolving and connecting to a destination may take (504 after). */
  connectTimeoutMs: number;
  /** A connection or tunnel with no traffic either way for this long is closed. */
  idleTimeoutMs: number;
}

export const DEFAULT_PROXY_LIMITS: ProxyLimits = { maxConnections: 256, connectTimeoutMs: 15_000, idleTimeoutMs: 300_000 };

export interface EgressProxyOptions {
  /** The address to listen on (the sandbox bridge's gateway); the port is chosen by the system. */
  listen: string;
  policy: EgressPolicy;
  resolve?: Resolve;
  limits?: Partial<ProxyLimits>;
  /** What the proxy adds on the host's side: git's route to the session's repositories, credential substitution. */
  credentials?: ProxyCredentials;
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

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 403: 'Forbidden', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout' };
const errorResponse = (status: number, message: string) =>
  `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n${message}\n`;

// Headers for the proxy itself or for this one hop, never passed upstream.
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade'];

function upstreamHeaders(h: IncomingHttpHeaders): IncomingHttpHeaders {
  const drop = new Set([...HOP_BY_HOP, ...String(h.connection ?? '').toLowerCase().split(',').map((s) => s.trim())]);
  return Object.fromEntries(Object.entries(h).filter(([k]) => !drop.has(k)));
}

/** `work`, or a Refused 504 once `ms` have passed. */
function deadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Refused(504, `${what} timed out after ${ms} ms`)), ms)));
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const readAll = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });

export async function startEgressProxy(opts: EgressProxyOptions): Promise<EgressProxy> {
  const resolve = opts.resolve ?? systemResolve;
  const limits = { ...DEFAULT_PROXY_LIMITS, ...opts.limits };
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
    const type = (a: { family: number }) => (a.family === 6 ? 'ipv6' : 'ipv4');
    const never = forbiddenAddresses();
    if (addrs.some((a) => never.check(a.address, type(a))))
      throw new Refused(403, `${host} resolves to an address a sandbox may not reach (this host or a sandbox network)`);
    // An allowed literal address is the policy's word for that address; a name proves nothing about where it leads.
    if (!family && addrs.some((a) => privateAddresses.check(a.address, type(a))))
      throw new Refused(403, `${host} resolves to a private address (LAN, CGNAT, link-local or a Docker network): allow that address itself to reach it`);
    return addrs[0]!.address;
  }

  /** Resolves and checks host:port, then connects, all within the connect timeout. */
  async function connectTo(host: string, port: number): Promise<Socket> {
    let up: Socket | undefined;
    const connecting = destination(host, port).then(
      (address) =>
        new Promise<Socket>((resolveSocket, reject) => {
          const s = (up = connect({ host: address, port }));
          track(s);
          s.once('connect', () => (s.off('error', reject), resolveSocket(s)));
          s.once('error', reject);
        }),
    );
    try {
      const s = await deadline(connecting, limits.connectTimeoutMs, `connecting to ${host}:${port}`);
      s.setTimeout(limits.idleTimeoutMs, () => s.destroy());
      return s;
    } catch (e) {
      up?.destroy(); // a connect that timed out must not land later
      connecting.catch(() => undefined);
      throw e;
    }
  }

  // CONNECT host:port: a raw TCP tunnel once the destination passes.
  async function onConnect(req: IncomingMessage, client: Duplex, head: Buffer) {
    client.on('error', () => client.destroy());
    try {
      const u = new URL(`http://${req.url}`);
      const up = await connectTo(u.hostname, Number(u.port));
      if (client.destroyed) return void up.destroy(); // the sandbox gave up while we connected
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.on('error', () => client.destroy());
      client.on('close', () => up.destroy());
      up.on('close', () => client.destroy());
      up.pipe(client).pipe(up);
    } catch (e) {
      const { status, message } = e instanceof Refused ? e : new Refused(502, `cannot connect: ${(e as Error).message}`);
      client.end(errorResponse(status, message));
    }
  }

  // GET http://host/path (absolute form): forwarded once the destination passes, to the URL's host
  // under the URL's Host (a client's own Host header could name a host the policy never allowed).
  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const fail = (e: unknown) => {
      const { status, message } = e instanceof Refused ? e : new Refused(502, `upstream failed: ${(e as Error).message}`);
      if (res.headersSent) return void res.destroy();
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`${message}\n`);
    };
    try {
      const u = /^http:\/\//i.test(req.url ?? '') ? new URL(req.url!) : undefined;
      if (!u) throw new Refused(400, 'this is a proxy: send absolute http:// requests, or CONNECT for anything else');
      if (u.hostname === GIT_HOST) {
        if (opts.credentials && forwardGit(opts.credentials, req, res, u, track)) return;
        throw new Refused(404, `${u.pathname} is not a repository of this session`);
      }
      const port = Number(u.port || 80);
      const socket = await connectTo(u.hostname, port);
      const plain = { ...upstreamHeaders(req.headers), host: u.host };
      // Placeholders become credentials only here, after the destination passed, and only for their allowed hosts.
      const given: { headers: IncomingHttpHeaders; body?: Buffer } = opts.credentials ? await substitute(opts.credentials, u.hostname, plain, () => readAll(req)) : { headers: plain };
      const up = request({ createConnection: () => socket, method: req.method, path: `${u.pathname}${u.search}`, headers: given.headers });
      up.on('response', (r) => {
        res.writeHead(r.statusCode ?? 502, upstreamHeaders(r.headers));
        r.pipe(res);
      });
      up.on('error', fail);
      res.on('close', () => socket.destroy());
      if (given.body) up.end(given.body);
      else req.pipe(up);
    } catch (e) {
      fail(e);
    }
  }

  const http = createHttpServer((req, res) => void onRequest(req, res));
  http.on('connect', (req, socket, head) => void onConnect(req, socket, head));
  http.on('clientError', (_err, socket) => socket.destroy());
  // Keep-alive connections idle past the limit are closed like tunnels.
  http.keepAliveTimeout = Math.min(http.keepAliveTimeout, limits.idleTimeoutMs);
  http.headersTimeout = Math.min(http.headersTimeout, limits.idleTimeoutMs);

  // Connections are counted before HTTP sees them, so the one over the cap gets an answer, not a reset.
  let connections = 0;
  const server = createTcpServer((socket) => {
    track(socket);
    socket.on('error', () => socket.destroy());
    if (connections >= limits.maxConnections) {
      socket.end(errorResponse(503, `too many connections: this sandbox may have ${limits.maxConnections} open at once`));
      return;
    }
    connections++;
    socket.once('close', () => connections--);
    socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
    http.emit('connection', socket);
  });
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
