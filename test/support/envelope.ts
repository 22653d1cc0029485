// Sends a generated bad request and says what, if anything, is wrong with the server's answer.
import type { Case } from './malformed.ts';
import { rawRequest, rawSocket } from './raw-http.ts';

const TYPE_OF_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  409: 'conflict_error',
  413: 'request_too_large',
};

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

async function answer(port: number, c: Case): Promise<Answer> {
  if (!('raw' in c.req)) {
    const res = await rawRequest(port, c.req);
    return { status: res.status, contentType: String(res.headers['content-type'] ?? ''), text: res.text };
  }
  const out = await rawSocket(port, c.req.raw);
  const [head = '', ...body] = out.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0),
    contentType: /^content-type: *(.*)$/im.exec(head)?.[1] ?? '',
    text: body.join('\r\n\r\n'),
  };
}

/**
 * The problem with the server's answer to `c`, or null when it is right: a 4xx whose JSON body is
 * `{type:'error', error:{type, message}}` with a non-empty message, an error type matching the
 * status, and the status and type the case expects.
 */
export async function problemWith(port: number, c: Case): Promise<string | null> {
  let a: Answer;
  try {
    a = await answer(port, c);
  } catch (err) {
    return `no answer: ${(err as Error).message}`;
  }
  const shown = `${a.status} ${a.text.slice(0, 200)}`;
  if (a.status < 400 || a.status > 499) return `not a 4xx: ${shown}`;
  if (!a.contentType.startsWith('application/json')) return `content-type ${JSON.stringify(a.contentType)}: ${shown}`;
  let body: { type?: unknown; error?: { type?: unknown; message?: unknown } };
  try {
    body = JSON.parse(a.text);
  } catch {
    return `body is not JSON: ${shown}`;
  }
  const e = body.error;
  if (body.type !== 'error' || typeof e?.type !== 'string' || typeof e.message !== 'string' || e.message.trim() === '') return `not the error envelope: ${shown}`;
  if (TYPE_OF_STATUS[a.status] !== e.type) return `error type ${e.type} does not match status: ${shown}`;
  if (c.expect.status !== undefined && c.expect.status !== a.status) return `expected ${c.expect.status}: ${shown}`;
  if (c.expect.type !== undefined && c.expect.type !== e.type) return `expected ${c.expect.type}: ${shown}`;
  return null;
}

/** Runs `fn` over `items`, `width` at a time. */
export async function inPool<T>(items: readonly T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: width }, worker));
}
