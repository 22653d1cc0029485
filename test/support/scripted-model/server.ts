// A real HTTP server on 127.0.0.1 that answers POST /v1/messages from a script, and records what it was sent.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MessageCreateParams } from '@anthropic-ai/sdk/resources/messages/messages';
import { betaMessage, buildMessage, buildStream, withBetaFields } from './events.ts';
import { estimateInputTokens, invalidRequest, type RecordedRequest } from './request.ts';
import { breakStream, errorBody, pause, sendJson, writeSse } from './sse.ts';
import { httpError, newId, type HttpError, type TurnSource } from './turns.ts';

export interface ScriptedModelOptions {
  /** When set, requests must carry it as `x-api-key` or `authorization: Bearer`, else 401 authentication_error. */
  apiKey?: string;
  /** Turns served in order, one per /v1/messages request. */
  turns?: TurnSource[];
  /** Answers when the queue is empty; without it an unscripted request gets a 400 that says so. */
  script?: TurnSource;
}

export interface ScriptedModel {
  /** Base URL for `new Anthropic({ baseURL })` / ANTHROPIC_BASE_URL. */
  url: string;
  /** Every /v1/messages request that passed authentication, in order of arrival. */
  requests: RecordedRequest[];
  enqueue(...turns: TurnSource[]): void;
  /** Queued turns not served yet. */
  pending(): number;
  /** Stops listening and drops open (e.g. hung) connections. */
  close(): Promise<void>;
}

const REDACTED_HEADERS = new Set(['x-api-key', 'authorization']);

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let s = '';
    req.setEncoding('utf8').on('data', (d: string) => (s += d)).on('end', () => resolve(s)).on('error', reject);
  });

export async function startScriptedModel(opts: ScriptedModelOptions = {}): Promise<ScriptedModel> {
  const queue = [...(opts.turns ?? [])];
  const requests: RecordedRequest[] = [];

  const fail = (res: ServerResponse, e: HttpError, requestId: string) =>
    sendJson(res, e.status, errorBody(e, requestId), { 'request-id': requestId, ...e.headers });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const requestId = newId('req_');
    const gone = new AbortController(); // the client went away (abort, cut) or the response ended
    res.on('close', () => gone.abort());
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = req.method === 'POST' ? url.pathname : '';
    if (route !== '/v1/messages' && route !== '/v1/messages/count_tokens') {
      return fail(res, httpError(404, 'not_found_error', `${req.method} ${url.pathname} not found`), requestId);
    }
    const key = req.headers['x-api-key'] ?? req.headers.authorization?.replace(/^Bearer /, '');
    if (opts.apiKey !== undefined && key !== opts.apiKey) {
      return fail(res, httpError(401, 'authentication_error', 'invalid x-api-key'), requestId);
    }
    let body: MessageCreateParams;
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      return fail(res, httpError(400, 'invalid_request_error', 'the request body is not valid JSON'), requestId);
    }
    if (route === '/v1/messages/count_tokens') return sendJson(res, 200, { input_tokens: estimateInputTokens(body) }, { 'request-id': requestId });

    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, REDACTED_HEADERS.has(k) ? 'REDACTED' : String(v)]),
    );
    const recorded: RecordedRequest = { n: requests.length, at: Date.now(), path: req.url ?? '', headers, body };
    requests.push(recorded);
    const invalid = invalidRequest(body);
    if (invalid) return fail(res, httpError(400, 'invalid_request_error', invalid), requestId);

    const source = queue.shift() ?? opts.script;
    if (!source) {
      return fail(res, httpError(400, 'invalid_request_error', `scripted model: no turn scripted for request #${recorded.n}`), requestId);
    }
    const turn = typeof source === 'function' ? await source(recorded) : source;

    if (turn.kind === 'http_error') {
      if (await pause(turn.firstByteMs, gone.signal)) fail(res, turn, requestId);
      return;
    }
    if (body.stream) return writeSse(res, buildStream(turn, recorded).map(withBetaFields), turn, requestId, gone.signal);
    if (!(await pause(turn.firstByteMs, gone.signal))) return;
    if (turn.breakAfter) return breakStream(res, turn.breakAfter, requestId);
    sendJson(res, 200, betaMessage(buildMessage(turn, recorded)), { 'request-id': requestId });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, httpError(500, 'api_error', `scripted model: ${String(err)}`), 'req_internal');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...turns) => void queue.push(...turns),
    pending: () => queue.length,
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
