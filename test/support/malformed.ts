// A deterministic generator of bad requests over every route of the contract (and the by-name RPC
// route): malformed and non-object JSON, wrong and missing fields, unknown event types, huge and
// deeply nested values, oversized bodies, unknown and hostile ids, bad query values, bad keys,
// foreign Host headers, wrong verbs, and bytes that are not HTTP. Each case says what answer it expects.
import { contract, type Method } from '../../electron/core/api/contract.ts';
import { bodySpecs, long, message, REQUIRED_QUERY, UNKNOWN_EVENT_TYPES, type Ids } from './malformed-bodies.ts';
import type { RawRequest } from './raw-http.ts';

export type { Ids } from './malformed-bodies.ts';

export interface Expect {
  status?: number;
  type?: string;
}

export interface Case {
  category: string;
  name: string;
  /** An HTTP request, or raw bytes written on a TCP connection. */
  req: RawRequest | { raw: string };
  /** Every answer must be a 4xx in the envelope; these pin the exact status and error type. */
  expect: Expect;
}

export const BAD: Expect = { status: 400, type: 'invalid_request_error' };
const UNAUTHENTICATED: Expect = { status: 401, type: 'authentication_error' };
const FORBIDDEN: Expect = { status: 403, type: 'permission_error' };
const NOT_FOUND: Expect = { status: 404, type: 'not_found_error' };
const TOO_LARGE: Expect = { status: 413, type: 'request_too_large' };
const ANY_4XX: Expect = {};

/** mulberry32: a small seeded PRNG, so every run sends the same requests. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]! };
}

interface Route {
  method: Method;
  verb: string;
  pattern: string;
  params: string[];
}

const ROUTES: Route[] = (Object.keys(contract) as Method[]).map((method) => {
  const [verb, pattern] = contract[method].route.split(' ') as [string, string];
  return { method, verb, pattern, params: [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!) };
});

const PREFIX: Record<string, string> = { agent_id: 'agent', environment_id: 'env', session_id: 'sesn', vault_id: 'vlt', credential_id: 'vcrd', file_id: 'file', resource_id: 'sesrsc', skill_id: 'skill' };
const LIST_METHODS: Method[] = ['agents.list', 'agents.versions.list', 'environments.list', 'sessions.list', 'events.list'];

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

const MALFORMED_JSON = [
  '{',
  '}',
  '{"name":}',
  "{'name':'x'}",
  '{"name":"x",}',
  '{"name":"x"',
  '{name:"x"}',
  'undefined',
  'NaN',
  '{"a":1}{"b":2}',
  '\uFEFF{}',
  '{"name":"\\x"}',
  '{"name":"a\u0001b"}',
  '[1,2',
  '"unterminated',
  '<xml/>',
];
const NOT_AN_OBJECT = ['[]', '[{}]', '1', '-0', '"x"', 'null', 'true'];

/** Hostile path segments, as sent on the wire (some already percent-encoded). */
const HOSTILE_IDS = (prefix: string) => [
  '..%2F..%2Fetc%2Fpasswd',
  `${prefix}_..%2Fx`,
  '%2e%2e',
  '%2E%2E%2F%2E%2E%2Fetc',
  `${prefix}_%00`,
  `${prefix}_abc%00def`,
  `${prefix}_%E2%80%AE`,
  `${prefix}_%F0%9F%98%80`,
  '%E6%97%A5%E6%9C%AC',
  '%',
  '%zz',
  `${prefix}_%C0%AF`,
  `${prefix}_${'a'.repeat(65)}`,
  `${prefix}_${'a'.repeat(5000)}`,
  `${prefix}_abc%2Fdef`,
  `${prefix}_abc%5Cdef`,
  `${prefix}_abc%20`,
  `${prefix}_abc%3Brm%20-rf`,
  `${prefix}_abc'%20OR%20'1'='1`,
  'null',
  '..',
  '.',
];

export interface Target {
  port: number;
  apiKey: string;
  ids: Ids;
}

export function malformedRequests({ port, apiKey, ids }: Target, seed = 20260401): Case[] {
  const rng = prng(seed);
  const specs = bodySpecs(ids);
  const valid: Record<string, string> = { agent_id: ids.agent, environment_id: ids.env, session_id: ids.session, vault_id: ids.vault, credential_id: `vcrd_${'0'.repeat(24)}`, file_id: ids.file, resource_id: ids.resource, skill_id: ids.skill, version: ids.skillVersion };
  const pathOf = (r: Route, values: Record<string, string> = valid) =>
    r.pattern.replace(/:(\w+)/g, (_, p: string) => values[p]!) + (REQUIRED_QUERY[r.method] ? `?${REQUIRED_QUERY[r.method]}` : '');
  const KEY = { 'x-api-key': apiKey };
  const JSON_KEY = { ...KEY, 'content-type': 'application/json' };
  const cases: Case[] = [];
  const add = (category: string, name: string, req: Case['req'], expect: Expect) => cases.push({ category, name, req, expect });

  /** A body case sent both on the REST route and by name on the RPC route (path parameters in the body). */
  const both = (category: string, name: string, r: Route, body: string | Buffer, rpcBody: string | Buffer = body, expect = BAD) => {
    add(category, `${r.verb} ${r.pattern} ${name}`, { method: r.verb, path: pathOf(r), headers: JSON_KEY, body }, expect);
    add(category, `rpc ${r.method} ${name}`, { method: 'POST', path: `/dockhand/call/${r.method}`, headers: JSON_KEY, body: rpcBody }, expect);
  };
  const withParams = (r: Route, body: Record<string, unknown>) => ({ ...body, ...Object.fromEntries(r.params.map((p) => [p, valid[p]])) });
  const bodyCase = (category: string, name: string, r: Route, body: Record<string, unknown>, expect = BAD) =>
    both(category, name, r, JSON.stringify(body), JSON.stringify(withParams(r, body)), expect);
  const validRequest = (r: Route): RawRequest => {
    const spec = specs[r.method];
    return { method: r.verb, path: pathOf(r), ...(spec ? { body: JSON.stringify(spec.base) } : {}) };
  };
  const postRoutes = ROUTES.filter((r) => r.verb === 'POST');

  // Bodies that are not JSON, or JSON that is not an object, on every POST route. Archive routes get
  // them with real ids: the object must not be archived.
  for (const r of postRoutes) {
    MALFORMED_JSON.forEach((t, i) => add('malformed JSON', `${r.verb} ${r.pattern} #${i}`, { method: 'POST', path: pathOf(r), headers: JSON_KEY, body: t }, BAD));
    NOT_AN_OBJECT.forEach((t) => add('JSON not an object', `${r.verb} ${r.pattern} ${t}`, { method: 'POST', path: pathOf(r), headers: JSON_KEY, body: t }, BAD));
  }
  add('malformed JSON', 'rpc agents.create invalid UTF-8', { method: 'POST', path: '/dockhand/call/agents.create', headers: JSON_KEY, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) }, BAD);

  // Random corruptions of valid bodies (truncation, a character dropped, inserted or replaced) that no longer parse.
  const bodyRoutes = ROUTES.filter((r) => specs[r.method]);
  for (let n = 0; n < 80; ) {
    const r = rng.pick(bodyRoutes);
    const text = JSON.stringify(withParams(r, { ...specs[r.method]!.base, metadata: { note: 'corrupted' } }));
    const at = 1 + rng.int(text.length - 1);
    const ch = rng.pick([...'{}[]",:\\']);
    const broken = [text.slice(0, at), text.slice(0, at) + text.slice(at + 1), text.slice(0, at) + ch + text.slice(at), text.slice(0, at) + ch + text.slice(at + 1)][rng.int(4)]!;
    if (parses(broken)) continue;
    n++;
    add('corrupted JSON', `rpc ${r.method} #${n}`, { method: 'POST', path: `/dockhand/call/${r.method}`, headers: JSON_KEY, body: broken }, BAD);
  }

  // Each wrong value of each field, alone; then random combinations of several.
  for (const r of bodyRoutes) {
    const spec = specs[r.method]!;
    for (const [field, values] of Object.entries(spec.wrong)) {
      values.forEach((v, i) => bodyCase('wrong field', `${field} #${i}`, r, { ...spec.base, [field]: v }));
    }
    for (const field of spec.required) {
      const { [field]: _, ...rest } = spec.base;
      bodyCase('missing field', `without ${field}`, r, rest);
    }
    if (spec.required.length) both('missing field', 'empty body', r, '');
    bodyCase('unknown field', 'bogus', r, { ...spec.base, bogus: 1 });
    bodyCase('unknown field', 'wrong case', r, { ...spec.base, NAME: 'x' });
    bodyCase('unknown field', 'huge unknown', r, { ...spec.base, filler: long(7 * 1024 * 1024) });
    // Written as text: an object literal cannot hold an own `__proto__`, nor JSON.stringify 10000 levels.
    const withRaw = (key: string, raw: string) => [spec.base, withParams(r, spec.base)].map((b) => rawMember(JSON.stringify(b), key, raw)) as [string, string];
    both('unknown field', '__proto__', r, ...withRaw('__proto__', '{"polluted":true}'));
    bodyCase('unknown field', 'constructor', r, { ...spec.base, constructor: { prototype: { polluted: true } } });
    both('deep nesting', 'body 10000 deep', r, ...withRaw('a', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)));
    const fields = Object.keys(spec.wrong);
    for (let n = 0; n < 12; n++) {
      const body: Record<string, unknown> = { ...spec.base };
      for (let k = 1 + rng.int(3); k > 0; k--) {
        const f = rng.pick(fields);
        body[f] = rng.pick(spec.wrong[f]!);
      }
      bodyCase('random wrong fields', `#${n}`, r, body);
    }
  }
  const send = ROUTES.find((r) => r.method === 'events.send')!;
  for (const type of UNKNOWN_EVENT_TYPES) {
    bodyCase('unknown event type', JSON.stringify(type), send, { events: [{ type, content: [{ type: 'text', text: 'x' }] }] });
    bodyCase('unknown event type', `${JSON.stringify(type)} after a valid one`, send, { events: [message('valid'), { type }] });
  }
  add('deep nesting', 'arrays 100000 deep', { method: 'POST', path: '/v1/agents', headers: JSON_KEY, body: '['.repeat(100_000) + ']'.repeat(100_000) }, BAD);
  add('deep nesting', 'objects 100000 deep', { method: 'POST', path: pathOf(send), headers: JSON_KEY, body: '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) }, BAD);
  add('huge string', '7 MiB name', { method: 'POST', path: '/v1/agents', headers: JSON_KEY, body: JSON.stringify({ name: long(7 * 1024 * 1024), model: 'm' }) }, BAD);

  // Bodies over the 8 MiB limit, declared or streamed chunked: archive must not happen either.
  const over = long(8 * 1024 * 1024 + 1);
  const big = (p: string, chunked = false) => add('oversized body', `${p}${chunked ? ' chunked' : ''}`, { method: 'POST', path: p, headers: JSON_KEY, body: over, chunked }, TOO_LARGE);
  big('/v1/agents');
  big('/v1/agents', true);
  big(`/v1/agents/${ids.agent}/archive`);
  big(`/v1/sessions/${ids.session}/events`, true);
  big('/dockhand/call/environments.create');
  add('oversized body', 'valid JSON over the limit', { method: 'POST', path: pathOf(send), headers: JSON_KEY, body: JSON.stringify({ events: [message(long(9 * 1024 * 1024))] }) }, TOO_LARGE);

  // Ids: hostile, random garbage, and well-formed but unknown, on every route that takes one.
  for (const r of ROUTES.filter((x) => x.params.length)) {
    // A skill version is digits, not a prefixed id.
    if (r.params.includes('version')) {
      for (const v of ['latest', '-1', '1.5', 'v1', '%2E%2E', '1%2F2', '9'.repeat(21)]) add('hostile id', `${r.verb} ${r.pattern} version=${v}`, { ...validRequest(r), headers: JSON_KEY, path: pathOf(r, { ...valid, version: v }) }, ANY_4XX);
      add('unknown id', `${r.verb} ${r.pattern} version`, { ...validRequest(r), headers: JSON_KEY, path: pathOf(r, { ...valid, version: '1' }) }, NOT_FOUND);
    }
    for (const p of r.params.filter((x) => x !== 'version')) {
      const req = validRequest(r);
      for (const id of HOSTILE_IDS(PREFIX[p]!)) add('hostile id', `${r.verb} ${r.pattern} ${p}=${id.slice(0, 40)}`, { ...req, headers: JSON_KEY, path: pathOf(r, { ...valid, [p]: id }) }, ANY_4XX);
      for (let n = 0; n < 3; n++) {
        const id = randomBadId(rng, PREFIX[p]!);
        add('random bad id', `${r.verb} ${r.pattern} ${p}=${id}`, { ...req, headers: JSON_KEY, path: pathOf(r, { ...valid, [p]: id }) }, BAD);
      }
      const unknown = `${PREFIX[p]}_${'0'.repeat(20)}${rng.int(1e6)}`;
      add('unknown id', `${r.verb} ${r.pattern} ${p}`, { ...req, headers: JSON_KEY, path: pathOf(r, { ...valid, [p]: unknown }) }, NOT_FOUND);
    }
  }
  const unknownAgent = `agent_${'0'.repeat(24)}`;
  const sessionsCreate = ROUTES.find((r) => r.method === 'sessions.create')!;
  bodyCase('unknown id', 'agent', sessionsCreate, { agent: unknownAgent, environment_id: ids.env }, NOT_FOUND);
  bodyCase('unknown id', 'environment', sessionsCreate, { agent: ids.agent, environment_id: `env_${'0'.repeat(24)}` }, NOT_FOUND);
  bodyCase('unknown id', 'agent version', sessionsCreate, { agent: { type: 'agent', id: ids.agent, version: 999 }, environment_id: ids.env }, NOT_FOUND);
  add('unknown id', 'agent version 999', { method: 'GET', path: `/v1/agents/${ids.agent}?version=999`, headers: KEY }, NOT_FOUND);

  // Query values a list (or retrieve, or stream) refuses.
  const query = (r: Route, qs: string, expect = BAD, headers: Record<string, string> = {}) =>
    add('bad query', `${r.verb} ${r.pattern}?${qs.slice(0, 60)}`, { method: r.verb, path: `${pathOf(r)}?${qs}`, headers: { ...KEY, ...headers } }, expect);
  const route = (m: Method) => ROUTES.find((r) => r.method === m)!;
  const LIMITS = ['-1', '0', 'abc', '1.5', '1001', '', '1e3', '0x10', '%201', '1&limit=2', '99999999999999999999'];
  const PAGES = ['garbage', 'page_', 'page_!!!', `page_${b64({ d: 'up', s: 1 })}`, `page_${b64({ d: 'next', s: 'x' })}`, `page_${b64({ d: 'next', s: 1.5 })}`, `page_${b64({ d: 'next', s: 1e300 })}`, `page_${b64([])}`, `page_${b64('null')}`, `page_${'A'.repeat(600)}`, 'page_%00'];
  for (const m of LIST_METHODS) {
    for (const v of LIMITS) query(route(m), `limit=${v}`);
    for (const v of PAGES) query(route(m), `page=${v}`);
  }
  for (const m of ['agents.list', 'environments.list', 'sessions.list'] as Method[]) for (const v of ['yes', '1', 'TRUE', '']) query(route(m), `include_archived=${v}`);
  for (const m of ['sessions.list', 'events.list'] as Method[]) {
    for (const v of ['sideways', 'ASC', '']) query(route(m), `order=${v}`);
    for (const v of ['yesterday', '2024-13-45T00:00:00Z', '1700000000', '2024-01-01']) query(route(m), `created_at[gt]=${v}`);
  }
  for (const v of ['yesterday', '2024-02-30T25:00:00Z']) query(route('agents.list'), `created_at[gte]=${v}`);
  for (const v of ['0', '-1', 'abc', '1.5', '1000001']) query(route('agents.retrieve'), `version=${v}`);
  for (const v of ['x', ids.env, 'agent_..%2Fx']) query(route('sessions.list'), `agent_id=${v}`);
  for (const v of ['abc', '0']) query(route('sessions.list'), `agent_version=${v}`);
  for (const v of ['statuses=bogus', 'statuses[]=idle&statuses[]=nope']) query(route('sessions.list'), v);
  for (const v of ['types=BAD', 'types=user%20message', 'types[]=user.message&types[]=a.b.c']) query(route('events.list'), v);
  const stream = route('events.stream');
  for (const v of ['garbage', 'sevt_..%2Fx', `sevt_${'0'.repeat(24)}`, ids.foreignEvent]) query(stream, `after=${v}`);
  query(stream, 'event_deltas=foo');
  for (const v of ['garbage', `sevt_${'0'.repeat(24)}`, ids.foreignEvent]) query(stream, '', BAD, { 'last-event-id': v });

  // Keys and Host headers, on a request to every route that would otherwise succeed.
  const BAD_KEYS: Record<string, Record<string, string>> = {
    'no key': {},
    'wrong x-api-key': { 'x-api-key': 'wrong-key' },
    'empty x-api-key': { 'x-api-key': '' },
    'wrong bearer': { authorization: 'Bearer wrong-key' },
    'basic auth': { authorization: `Basic ${Buffer.from(`user:${apiKey}`).toString('base64')}` },
    'key with one more character': { 'x-api-key': `${apiKey}x` },
  };
  const HOSTS: Record<string, string | null> = {
    'foreign host': 'evil.example',
    'foreign host with our port': `evil.example:${port}`,
    'another port': `127.0.0.1:${port + 1}`,
    'no port': 'localhost',
    'rebinding name': `127.0.0.1.nip.io:${port}`,
    'no Host header': null,
  };
  for (const r of ROUTES) {
    const req = validRequest(r);
    for (const [name, headers] of Object.entries(BAD_KEYS)) add('bad key', `${r.verb} ${r.pattern} ${name}`, { ...req, headers }, UNAUTHENTICATED);
    for (const [name, host] of Object.entries(HOSTS)) {
      add('foreign host', `${r.verb} ${r.pattern} ${name}`, { ...req, headers: host === null ? KEY : { ...KEY, host }, noHost: host === null }, FORBIDDEN);
    }
  }
  add('bad key', 'rpc without key', { method: 'POST', path: '/dockhand/call/agents.list', body: '{}' }, UNAUTHENTICATED);

  // Verbs a path does not serve, and paths that are no route.
  const patterns = new Map<string, string[]>();
  for (const r of ROUTES) patterns.set(r.pattern, [...(patterns.get(r.pattern) ?? []), r.verb]);
  for (const [pattern, verbs] of patterns) {
    const path = pathOf({ pattern } as Route);
    for (const verb of ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS'].filter((v) => !verbs.includes(v))) {
      add('wrong verb', `${verb} ${pattern}`, { method: verb, path, headers: KEY }, BAD);
    }
  }
  const NO_ROUTE = ['/', '/v1', '/v1/', '/v2/agents', '/v1/agents/', '/V1/AGENTS', '/v1/agents//archive', '/v1/users', `/v1/agents/${ids.agent}/versions/1`, `/v1/sessions/${ids.session}/events/stream/x`, '/dockhand', '/dockhand/call', '/dockhand/call/', '/dockhand/call/agents.list/x', '/%2e%2e/etc/passwd', '/v1/../../etc/passwd', '*'];
  for (const path of NO_ROUTE) add('no route', `GET ${path}`, { method: 'GET', path, headers: KEY }, NOT_FOUND);
  for (const name of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'events.stream', 'agents', 'agents.create.x', '%00', '%E2%80%AE', '..%2Fagents.create']) {
    add('no route', `rpc ${name}`, { method: 'POST', path: `/dockhand/call/${name}`, headers: JSON_KEY, body: '{}' }, NOT_FOUND);
  }
  add('no route', 'rpc %', { method: 'POST', path: '/dockhand/call/%', headers: JSON_KEY, body: '{}' }, BAD);
  add('wrong verb', 'GET rpc', { method: 'GET', path: '/dockhand/call/agents.list', headers: KEY }, NOT_FOUND);

  // Bytes that are not HTTP at all.
  const host = `Host: 127.0.0.1:${port}\r\nx-api-key: ${apiKey}\r\n`;
  const RAW = [
    'garbage\r\n\r\n',
    `FOO /v1/agents HTTP/1.1\r\n${host}\r\n`,
    `GET /v1/agents HTTP/9.9\r\n${host}\r\n`,
    `GET /v1/agents HTTP/1.1\r\n${host}bad header line\r\n\r\n`,
    `GET /v1/agents HTTP/1.1\r\n${host}x-filler: ${long(20_000)}\r\n\r\n`,
    '\x00\x01\x02\x03\r\n\r\n',
    `POST /v1/agents HTTP/1.1\r\n${host}content-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST /v1/agents HTTP/1.1\r\n${host}content-length: -1\r\n\r\n`,
  ];
  RAW.forEach((raw, i) => add('not HTTP', `#${i} ${JSON.stringify(raw.slice(0, 30))}`, { raw }, BAD));

  // Interleave the categories (deterministically) so the server meets them mixed, as in the wild.
  for (let i = cases.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [cases[i], cases[j]] = [cases[j]!, cases[i]!];
  }
  return cases;
}

/** `json` (an object's JSON text) with `"key": raw` as its first member. */
const rawMember = (json: string, key: string, raw: string) => `{${JSON.stringify(key)}:${raw}${json === '{}' ? '}' : `,${json.slice(1)}`}`;

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** `prefix_` then letters, digits and percent-encoded bytes, at least one of which no id may contain. */
function randomBadId(rng: ReturnType<typeof prng>, prefix: string): string {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let id = `${prefix}_`;
  for (let n = 1 + rng.int(12); n > 0; n--) id += alnum[rng.int(alnum.length)];
  let bad = rng.int(256);
  while (/[A-Za-z0-9]/.test(String.fromCharCode(bad))) bad = rng.int(256);
  const at = prefix.length + 1 + rng.int(id.length - prefix.length);
  return `${id.slice(0, at)}%${bad.toString(16).padStart(2, '0').toUpperCase()}${id.slice(at)}`;
}
