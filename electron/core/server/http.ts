// The local HTTP API: the contract's routes served Managed-Agents-compatible, so the official SDK
// can drive Dockhand. Generic over the contract: no handler is written per operation.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contract, type Item, type Method, type Services, type Sink, type StreamMethod, type Unsubscribe } from '../api/contract.ts';
import { ApiError, toApiError } from '../api/errors.ts';
import { isMethod, validate } from '../api/validate.ts';
import { FileContent, toPlain, type StagedFile } from '../api/payloads.ts';
import type { BlobStore } from '../store/blobs.ts';
import { isMultipart, readMultipart } from './multipart.ts';
import { matchRoute } from './routes.ts';
import { checkApiKey, checkHost, decodeParam, parseQuery, readJsonBody } from './request.ts';
import { openSse } from './sse.ts';
import { sendStaticFile } from './static.ts';

export interface ServerOptions {
  services: Services;
  /** The key clients must send; a function when it can change while serving (key rotation). */
  apiKey: string | (() => string);
  host?: string;
  port?: number;
  /** Largest accepted request body, in bytes (JSON; uploads have their own cap). */
  maxBodyBytes?: number;
  /** Multipart uploads (the routes the contract marks `multipart`): staged in the blob store's staging folder, up to `maxBytes`. Without it those routes take JSON only. */
  uploads?: { blobs: BlobStore; maxBytes: number; maxFiles?: number };
  heartbeatMs?: number;
  /** Bytes an SSE client may leave unread before its stream is dropped (it resumes with Last-Event-ID). */
  maxUnsentBytes?: number;
  /** Streams open at once, in all; a stream over the limit is refused (429). */
  maxStreams?: number;
  /** Streams open at once on one resource (a session's events, an environment's build). */
  maxStreamsPerResource?: number;
  /** A built renderer (out/renderer) served at `/` for GET without a key: the UI of `serve` mode. */
  staticDir?: string;
  /** Called for failures that are not the client's fault, for the operator's log. */
  onInternalError?: (err: unknown) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const RPC_PATH = /^\/dockhand\/call\/([^/]+)$/;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...JSON_HEADERS, 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, err: ApiError): void {
  if (res.headersSent) return void res.destroy();
  // Client errors will fail the same way again: tell the SDK not to retry them.
  const headers: Record<string, string> = err.status < 500 ? { 'x-should-retry': 'false' } : {};
  if (err.type === 'request_too_large') headers.connection = 'close';
  // The official body names the request, as the request-id header does.
  send(res, err.status, { ...err.toEnvelope(), request_id: res.getHeader('request-id') }, headers);
}

/** Streams a file as the response body; a read that fails midway cuts the response (its length then falls short). */
function sendFile(res: ServerResponse, file: FileContent): void {
  const name = encodeURIComponent(file.filename);
  res.writeHead(200, { 'content-type': file.mime_type, 'content-length': file.size, 'content-disposition': `attachment; filename*=UTF-8''${name}` });
  const body = file.open();
  body.on('error', () => res.destroy());
  body.pipe(res);
}

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const maxBody = opts.maxBodyBytes ?? 8 * 1024 * 1024;
  const sockets = new Set<import('node:net').Socket>();
  let allowedHosts = new Set<string>();
  const sse = { heartbeatMs: opts.heartbeatMs ?? 15_000, maxUnsentBytes: opts.maxUnsentBytes ?? 4 * 1024 * 1024 };
  const maxStreams = opts.maxStreams ?? 8192;
  const maxPerResource = opts.maxStreamsPerResource ?? 2048;
  const streamsOn = new Map<string, number>();
  let streamsOpen = 0;

  /** Counts a new stream on `resource`, or refuses it; returns what gives its place back (once). */
  function admit(resource: string): () => void {
    if (streamsOpen >= maxStreams) throw new ApiError('rate_limit_error', `the server already has ${maxStreams} streams open, the most it allows; close one and try again`);
    const n = streamsOn.get(resource) ?? 0;
    if (n >= maxPerResource) throw new ApiError('rate_limit_error', `${resource} already has ${maxPerResource} streams open, the most allowed for one; close one and try again`);
    streamsOn.set(resource, n + 1);
    streamsOpen++;
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      streamsOpen--;
      const left = streamsOn.get(resource)! - 1;
      if (left) streamsOn.set(resource, left);
      else streamsOn.delete(resource);
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('request-id', `req_${randomUUID().replaceAll('-', '')}`);
    checkHost(req, allowedHosts);
    // URL parsing drops `.` and `..` segments (`/v1/vaults/X/credentials/../archive` would become another route): no route has them.
    if ((req.url ?? '/').split('?')[0]!.split('/').some((seg) => /^(\.|%2e){1,2}$/i.test(seg))) throw new ApiError('not_found_error', `no route for ${req.method} ${req.url}: paths have no . or .. segments`);
    const url = new URL(req.url ?? '/', 'http://local');
    if (opts.staticDir && req.method === 'GET' && !/^\/(v1|dockhand)\//.test(url.pathname)) return sendStaticFile(res, opts.staticDir, url.pathname);
    checkApiKey(req, typeof opts.apiKey === 'function' ? opts.apiKey() : opts.apiKey);
    const rpc = RPC_PATH.exec(url.pathname);
    if (rpc && req.method === 'POST') return callByName(decodeParam('method', rpc[1]!), await readJsonBody(req, maxBody), res, undefined, true);
    const match = matchRoute(req.method ?? 'GET', url.pathname);
    if (match.kind === 'none') throw new ApiError('not_found_error', `no route for ${req.method} ${url.pathname}`);
    if (match.kind === 'wrong_verb') {
      res.setHeader('allow', match.allowed.join(', '));
      throw new ApiError('invalid_request_error', `${req.method} is not allowed on ${url.pathname}`);
    }
    const params = Object.fromEntries(Object.entries(match.params).map(([k, v]) => [k, decodeParam(k, v)]));
    const { method } = match;
    const op = contract[method];
    const staged: StagedFile[] = [];
    try {
      const upload = op.kind === 'call' && op.multipart && opts.uploads && isMultipart(req);
      const body = req.method !== 'POST' ? {} : upload ? await readMultipart(req, opts.uploads!.blobs, opts.uploads!, staged) : await readJsonBody(req, maxBody);
      const raw = { ...parseQuery(url.searchParams), ...body, ...params };
      if (op.kind === 'stream') return await stream(method as StreamMethod, raw, Object.values(params)[0] ?? method, req, res);
      return await callByName(method, raw, res, op.mediaType);
    } finally {
      // What the operation did not keep (it moves what it keeps): nothing is left in staging.
      for (const f of staged) rmSync(f.path, { force: true });
    }
  }

  // `POST /dockhand/call/{method}` with the input as body: how the renderer's HTTP transport calls
  // any operation by its contract name, exactly as the IPC transport does. An operation with a text
  // result answers its own route with the text as is (`mediaType`), and the RPC path with JSON.
  async function callByName(method: string, raw: unknown, res: ServerResponse, mediaType?: string, plain = false): Promise<void> {
    if (!isMethod(method) || contract[method].kind !== 'call') throw new ApiError('not_found_error', `no operation named ${method}`);
    const input = validate(method, raw);
    const answer = await (opts.services[method as Exclude<Method, StreamMethod>] as (i: unknown) => Promise<unknown>)(input);
    if (answer instanceof FileContent && !plain) return sendFile(res, answer);
    const result = await toPlain(answer);
    if (mediaType && typeof result === 'string') {
      res.writeHead(200, { 'content-type': mediaType, 'content-length': Buffer.byteLength(result) });
      return void res.end(result);
    }
    send(res, 200, result);
  }

  async function stream(method: StreamMethod, raw: Record<string, unknown>, resource: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const lastId = req.headers['last-event-id'];
    const input = validate(method, { ...raw, after: raw.after ?? (typeof lastId === 'string' && lastId ? lastId : undefined) });
    const release = admit(resource);
    const stream = openSse(res, sse);
    let unsubscribe: (() => void) | undefined;
    try {
      const subscribe = opts.services[method] as (i: unknown, sink: Sink<Item<StreamMethod>>) => Promise<Unsubscribe>;
      unsubscribe = await subscribe(input, (item, id, last) => {
        const full = stream.event(item.type, id, item);
        if (last) stream.end();
        return full;
      });
    } catch (err) {
      stream.cancel();
      release();
      throw err;
    }
    stream.start();
    stream.onClose(() => (release(), unsubscribe?.()));
  }

  // A request without Host reaches checkHost (403 in the envelope) rather than Node's bare 400.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    // A response that fails (its client left mid-write) ends that exchange, never the server.
    res.on('error', () => undefined);
    handle(req, res).catch((err: unknown) => {
      const apiErr = toApiError(err);
      if (apiErr.status >= 500) opts.onInternalError?.(err);
      sendError(res, apiErr);
      if (apiErr.type === 'request_too_large') res.on('finish', () => req.destroy());
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Bytes that are not HTTP never reach `handle`: still answer in the envelope.
  server.on('clientError', (_err, socket) => {
    const body = JSON.stringify(new ApiError('invalid_request_error', 'malformed HTTP request').toEnvelope());
    const head = `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n`;
    if (socket.writable) socket.end(head + body);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const display = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${display.toLowerCase()}:${port}`]);

  return {
    url: `http://${display}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Streams never end on their own: end every open connection so close() can finish.
        for (const s of sockets) s.destroy();
      }),
  };
}
