import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError, invalid } from '../api/errors.ts';

/** `a=1&types[]=x&types[]=y` as `{a: '1', types: ['x', 'y']}`; a repeated plain key also becomes a list. */
export function parseQuery(search: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [rawKey, value] of search) {
    const list = rawKey.endsWith('[]');
    const key = list ? rawKey.slice(0, -2) : rawKey;
    const prev = out[key];
    if (prev === undefined) out[key] = list ? [value] : value;
    else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** Reads a JSON object body of at most `limit` bytes; an empty body is `{}`. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  // A body over the limit is still read (and dropped), up to a bound, before the 413 is sent: closing
  // a connection the client is still writing to resets it, and the client never sees the answer.
  const drainBound = limit * 8;
  const tooLarge = () => new ApiError('request_too_large', `request body exceeds ${limit} bytes`);
  if (Number(req.headers['content-length']) > drainBound) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > drainBound) throw tooLarge();
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooLarge();
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw invalid('request body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('request body must be a JSON object');
  return body as Record<string, unknown>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares the presented key (x-api-key, or Authorization: Bearer as the SDK sends) in constant time. */
export function checkApiKey(req: IncomingMessage, expected: string): void {
  const header = req.headers['x-api-key'];
  const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const presented = (Array.isArray(header) ? header[0] : header) ?? bearer;
  if (!presented) throw new ApiError('authentication_error', 'missing API key: send it in x-api-key or Authorization: Bearer');
  if (!timingSafeEqual(digest(presented), digest(expected))) throw new ApiError('authentication_error', 'invalid API key');
}

/** Refuses requests whose Host is not this server's own loopback name (DNS-rebinding defence). */
export function checkHost(req: IncomingMessage, allowed: ReadonlySet<string>): void {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) throw new ApiError('permission_error', `Host header ${JSON.stringify(req.headers.host ?? '')} is not allowed`);
}

/** Decodes a path parameter; a malformed escape is a client error, not a crash. */
export function decodeParam(name: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid(`${name}: malformed percent-encoding`);
  }
}
