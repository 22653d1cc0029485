// What the egress proxy adds to a sandbox's traffic on the host's side, so no credential is ever in the sandbox:
// - git: the sandbox's git reaches a session's repository at `http://git.dockhand.internal/<resource id>.git`
//   (git's `url.<base>.insteadOf`, set in the container's environment, rewrites the repository's own URL to
//   it); the proxy sends git's smart-HTTP requests on to the repository with its token.
// - environment_variable credentials: the sandbox holds a placeholder in the variable; the proxy puts the real
//   value in place of the placeholder in requests to the credential's allowed hosts only (plain-HTTP requests:
//   HTTPS travels in a CONNECT tunnel the proxy cannot read).
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The name the sandbox's git uses for the proxy's repository route; never resolved by DNS. */
export const GIT_HOST = 'git.dockhand.internal';
/** The smart-HTTP endpoints of a repository: nothing else is passed on. */
const GIT_PATH = /^\/([A-Za-z0-9_]+)\.git\/(info\/refs|git-upload-pack|git-receive-pack)$/;
/** The largest request body searched for placeholders. */
const MAX_SUBSTITUTED_BODY = 16 * 1024 * 1024;

export interface RepositoryRoute {
  /** The session resource's id: its path on GIT_HOST. */
  id: string;
  url: string;
  token: () => Promise<string | undefined>;
}

export interface Substitution {
  /** The environment variable the sandbox finds the placeholder in. */
  name: string;
  placeholder: string;
  value: () => Promise<string | undefined>;
  /** Whether the credential may go to this host (its networking). */
  allows: (host: string) => boolean;
  header: boolean;
  body: boolean;
}

export interface ProxyCredentials {
  repositories: RepositoryRoute[];
  substitutions: Substitution[];
}

export const hasCredentials = (c: ProxyCredentials | undefined): c is ProxyCredentials => !!c && (c.repositories.length > 0 || c.substitutions.length > 0);

/** A placeholder no real value looks like: what the sandbox sees instead of a credential. */
export const placeholderFor = (credentialId: string) => `dockhand-placeholder-${credentialId}`;

/** Container environment: git's rewrite of each repository's URL to the proxy route, via the proxy; the placeholders. */
export function credentialEnv(c: ProxyCredentials, proxyUrl: string): Record<string, string> {
  const entries: [string, string][] = [[`http.http://${GIT_HOST}/.proxy`, proxyUrl]];
  for (const r of c.repositories) entries.push([`url.http://${GIT_HOST}/${r.id}.git.insteadOf`, r.url]);
  const env: Record<string, string> = Object.fromEntries(c.substitutions.map((s) => [s.name, s.placeholder]));
  env.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach(([k, v], i) => ((env[`GIT_CONFIG_KEY_${i}`] = k), (env[`GIT_CONFIG_VALUE_${i}`] = v)));
  return env;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'upgrade', 'host']);

/** Forwards a git request for GIT_HOST to its repository with the token. False when the URL is not a route. */
export function forwardGit(c: ProxyCredentials, req: IncomingMessage, res: ServerResponse, url: URL, onSocket: (s: import('node:net').Socket) => void): boolean {
  const m = GIT_PATH.exec(url.pathname);
  const repo = m && c.repositories.find((r) => r.id === m[1]);
  if (!m || !repo) return false;
  void (async () => {
    const upstream = new URL(`${repo.url.replace(/\/+$/, '')}/${m[2]}${url.search}`);
    const headers: IncomingHttpHeaders = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !HOP_BY_HOP.has(k) && k !== 'authorization'));
    const token = await repo.token().catch(() => undefined);
    if (token) headers.authorization = `Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
    const send = upstream.protocol === 'https:' ? httpsRequest : httpRequest;
    const up = send(upstream, { method: req.method, headers, agent: false }, (r) => {
      res.writeHead(r.statusCode ?? 502, Object.fromEntries(Object.entries(r.headers).filter(([k]) => !HOP_BY_HOP.has(k))));
      r.pipe(res);
    });
    up.on('socket', onSocket);
    up.on('error', (e) => (res.headersSent ? res.destroy() : res.writeHead(502, { 'content-type': 'text/plain' }).end(`git upstream failed: ${e.message}\n`)));
    req.pipe(up);
  })();
  return true;
}

/** Headers (and the body, when a substitution asks) with the placeholders of credentials allowed to `host` replaced. */
export async function substitute(c: ProxyCredentials, host: string, headers: IncomingHttpHeaders, body: () => Promise<Buffer>): Promise<{ headers: IncomingHttpHeaders; body?: Buffer }> {
  const active = c.substitutions.filter((s) => s.allows(host));
  if (!active.length) return { headers };
  const values = await Promise.all(active.map(async (s) => ({ s, value: await s.value().catch(() => undefined) })));
  const replace = (text: string) => values.reduce((t, { s, value }) => (value && s.header && t.includes(s.placeholder) ? t.split(s.placeholder).join(value) : t), text);
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) out[k] = Array.isArray(v) ? v.map(replace) : v === undefined ? v : replace(v);
  if (!active.some((s) => s.body)) return { headers: out };
  let raw = await body();
  if (raw.length > MAX_SUBSTITUTED_BODY) return { headers: out, body: raw };
  for (const { s, value } of values) if (value && s.body) raw = replaceAll(raw, Buffer.from(s.placeholder), Buffer.from(value));
  if (out['content-length'] !== undefined) out['content-length'] = String(raw.length);
  return { headers: out, body: raw };
}

function replaceAll(buf: Buffer, find: Buffer, by: Buffer): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = buf.indexOf(find); at >= 0; at = buf.indexOf(find, from)) {
    parts.push(buf.subarray(from, at), by);
    from = at + find.length;
  }
  return parts.length ? Buffer.concat([...parts, buf.subarray(from)]) : buf;
}
