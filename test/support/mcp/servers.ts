// A real MCP server from the npm registry (@modelcontextprotocol/server-everything) as a child process on
// loopback, a small auth front before it that refuses any request without an accepted bearer token, and an
// OAuth token endpoint that hands out new access tokens for a refresh token.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const EVERYTHING = join(require.resolve('@modelcontextprotocol/server-everything/package.json'), '..', 'dist', 'index.js');

const listening = async (server: Server): Promise<number> => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
};
const closing = (server: Server) => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())));

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listening(s);
  await closing(s);
  return port;
}

export interface Child {
  url: string;
  close(): Promise<void>;
}

/** server-everything over `streamableHttp` (at /mcp) or `sse` (at /sse), with `env` added to its environment (its get-env tool shows it). */
export async function everything(mode: 'streamableHttp' | 'sse', env: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', pathToFileURL(join(import.meta.dirname, 'loopback.mjs')).href, EVERYTHING, mode], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let said = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${said}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      said += d.toString();
      if (/listening on port|running on port/i.test(said)) (clearTimeout(timer), resolve());
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`server-everything exited with ${code}: ${said}`))));
  });
  return {
    url: `http://127.0.0.1:${port}${mode === 'sse' ? '/sse' : '/mcp'}`,
    close: async () => {
      if (child.exitCode === null) {
        child.kill();
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

export interface AuthFront {
  /** The front's origin; paths are passed on to the upstream as they are. */
  origin: string;
  /** Bearer tokens let through. */
  accepted: Set<string>;
  /** The Authorization header of every request, in order. */
  seen: (string | undefined)[];
  /** Requests refused (401). */
  refused: () => number;
  close(): Promise<void>;
}

/** Passes a request to `upstream` only with `Authorization: Bearer <an accepted token>`; the upstream never sees the token. */
export async function authFront(upstream: string): Promise<AuthFront> {
  const target = new URL(upstream);
  const accepted = new Set<string>();
  const seen: (string | undefined)[] = [];
  let refused = 0;
  const server = createServer((req: IncomingMessage, res) => {
    const auth = req.headers.authorization;
    seen.push(auth);
    if (!auth?.startsWith('Bearer ') || !accepted.has(auth.slice(7))) {
      refused++;
      res.writeHead(401, { 'www-authenticate': 'Bearer realm="test"', 'content-type': 'application/json' }).end('{"error":"invalid_token"}');
      return;
    }
    const { authorization: _, host: __, ...headers } = req.headers;
    const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  const port = await listening(server);
  return { origin: `http://127.0.0.1:${port}`, accepted, seen, refused: () => refused, close: () => closing(server) };
}

export interface TokenEndpoint {
  url: string;
  /** Refresh tokens it honours, and what it requires with them. */
  refreshTokens: Set<string>;
  clientSecret: string;
  /** Successful refreshes. */
  issued: string[];
  /** Every form it was sent. */
  forms: URLSearchParams[];
  close(): Promise<void>;
}

/** A token endpoint (client_secret_post): a new access token, accepted by `front`, for a known refresh token. */
export async function tokenEndpoint(front: AuthFront, clientSecret: string): Promise<TokenEndpoint> {
  const refreshTokens = new Set<string>();
  const issued: string[] = [];
  const forms: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const form = new URLSearchParams(body);
      forms.push(form);
      const json = (status: number, v: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
      if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(form.get('refresh_token') ?? '')) return json(400, { error: 'invalid_grant' });
      if (form.get('client_secret') !== clientSecret) return json(401, { error: 'invalid_client' });
      const token = `refreshed-${randomBytes(12).toString('hex')}`;
      front.accepted.add(token);
      issued.push(token);
      json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
    });
  });
  const port = await listening(server);
  return { url: `http://127.0.0.1:${port}/token`, refreshTokens, clientSecret, issued, forms, close: () => closing(server) };
}
