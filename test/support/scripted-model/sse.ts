// Writing a response the way the real API paces and breaks it: delays, SSE frames, cut / hang / error event.
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ErrorResponse } from '@anthropic-ai/sdk/resources/shared';
import type { SseEvent } from './events.ts';
import type { HttpError, Reply } from './turns.ts';

/** Waits `ms` unless the client goes away first; resolves whether the client is still there. */
export async function pause(ms: number | undefined, signal: AbortSignal): Promise<boolean> {
  if (ms) await sleep(ms, undefined, { signal }).catch(() => undefined);
  return !signal.aborted;
}

export const errorBody = (e: Pick<HttpError, 'errorType' | 'message'>, requestId: string) =>
  ({ type: 'error', error: { type: e.errorType, message: e.message }, request_id: requestId }) as ErrorResponse;

export function sendJson(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const frame = ({ event, data }: SseEvent) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Streams `events` with the reply's pacing; headers go out with the first event, so a break at 0 sends nothing. */
export async function writeSse(res: ServerResponse, events: SseEvent[], turn: Reply, requestId: string, signal: AbortSignal) {
  if (!(await pause(turn.firstByteMs, signal))) return;
  for (const [i, e] of events.entries()) {
    if (turn.breakAfter?.events === i) return breakStream(res, turn.breakAfter, requestId);
    if (i > 0 && !(await pause(turn.betweenEventsMs, signal))) return;
    if (!res.headersSent) res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': requestId });
    // Wait until the frame reaches the socket, so a cut right after it still delivers it.
    await new Promise<void>((resolve) => res.write(frame(e), () => resolve()));
  }
  res.end();
}

/** Ends a reply early as `breakAfter` says (for non-streaming requests, before anything is sent). */
export function breakStream(res: ServerResponse, b: NonNullable<Reply['breakAfter']>, requestId: string) {
  if (b.how === 'cut') res.socket?.destroy();
  if (b.how === 'error') {
    if (res.headersSent) res.end(frame({ event: 'error', data: errorBody(b.error, requestId) }));
    else sendJson(res, b.error.status, errorBody(b.error, requestId), { 'request-id': requestId, ...b.error.headers });
  }
  // 'hang': leave the response open; the server cleans up when the client aborts or on close().
}
