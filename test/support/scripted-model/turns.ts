// What the scripted model answers: turns (a reply or an HTTP error) and builders for them.
import { randomBytes } from 'node:crypto';
import type { StopReason } from '@anthropic-ai/sdk/resources/messages/messages';
import type { ErrorType } from '@anthropic-ai/sdk/resources/shared';
import type { RecordedRequest } from './request.ts';

export type ScriptedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Token counts reported in `usage`; omitted ones are derived (input from the request size, output from the content size). */
export interface UsageScript {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** An HTTP error answered with the official envelope `{type:'error', error:{type, message}, request_id}`. */
export interface HttpError {
  kind: 'http_error';
  status: number;
  errorType: ErrorType;
  message: string;
  headers?: Record<string, string>;
  /** Milliseconds before the response is sent. */
  firstByteMs?: number;
}

/**
 * How a reply stops early, after `events` SSE events have been written (ping included; 0 = before any byte):
 * `cut` destroys the socket, `hang` goes silent until the client aborts, `error` sends an SSE `error` event
 * (as the real API does when it overloads mid-stream). A non-streaming request is cut, hung or answered with
 * the error before any response.
 */
export type Break = { events: number } & ({ how: 'cut' } | { how: 'hang' } | { how: 'error'; error: HttpError });

export interface Reply {
  kind: 'reply';
  content: ScriptedBlock[];
  stop_reason: StopReason;
  stop_sequence?: string | null;
  usage?: UsageScript;
  /** Milliseconds before the response's first byte. */
  firstByteMs?: number;
  /** Milliseconds between two SSE events. */
  betweenEventsMs?: number;
  /** Characters per `text_delta` / `thinking_delta` / `input_json_delta` chunk (default 8). */
  chunkChars?: number;
  breakAfter?: Break;
}

export type Turn = Reply | HttpError;
/** A turn, or a function that picks the turn from the request the model received. */
export type TurnSource = Turn | ((request: RecordedRequest) => Turn | Promise<Turn>);

const base62 = (n: number) =>
  Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
export const newId = (prefix: 'msg_' | 'toolu_' | 'req_') => prefix + base62(24);

export const text = (text: string): ScriptedBlock => ({ type: 'text', text });
export const thinking = (thinking: string, signature = randomBytes(48).toString('base64')): ScriptedBlock => ({
  type: 'thinking',
  thinking,
  signature,
});
export const toolUse = (name: string, input: Record<string, unknown>, id = newId('toolu_')): ScriptedBlock => ({
  type: 'tool_use',
  id,
  name,
  input,
});

/** A reply; a string is one text block. stop_reason defaults to `tool_use` when a tool is called, else `end_turn`. */
export function reply(content: string | ScriptedBlock[], opts: Partial<Omit<Reply, 'kind' | 'content'>> = {}): Reply {
  const blocks = typeof content === 'string' ? [text(content)] : content;
  const stop_reason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  return { kind: 'reply', content: blocks, stop_reason, ...opts };
}

export const httpError = (status: number, errorType: ErrorType, message: string, headers?: Record<string, string>): HttpError => ({
  kind: 'http_error',
  status,
  errorType,
  message,
  headers,
});
export const rateLimited = (retryAfterSeconds = 1) =>
  httpError(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', {
    'retry-after': String(retryAfterSeconds),
  });
export const overloaded = () => httpError(529, 'overloaded_error', 'Overloaded');
export const serverError = () => httpError(500, 'api_error', 'Internal server error');

/** The reply's stream is cut (socket destroyed) after `afterEvents` SSE events. */
export const cut = (turn: Reply, afterEvents: number): Reply => ({ ...turn, breakAfter: { events: afterEvents, how: 'cut' } });
/** The reply goes silent after `afterEvents` SSE events (default: before any byte) until the client aborts. */
export const hang = (turn: Reply = reply([]), afterEvents = 0): Reply => ({ ...turn, breakAfter: { events: afterEvents, how: 'hang' } });
/** The reply's stream ends with an SSE `error` event (default `overloaded_error`) after `afterEvents` events. */
export const streamError = (turn: Reply, afterEvents: number, error: HttpError = overloaded()): Reply => ({
  ...turn,
  breakAfter: { events: afterEvents, how: 'error', error },
});
