// Token counts summed from the log's span.model_request_end events (the session row's `usage` is the
// same sum, cached for the whole log): up to one event for replay, and per session and time bucket
// for the usage screen. Both read through the (session_id, type, seq) index.
import type { BetaManagedAgentsSessionUsage } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { Db } from './db.ts';

export interface TokenSums {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  model_requests: number;
}

/** The sums over the span.model_request_end rows of `events` (named `e` or not). */
const sums = (e = '') => `count(*) AS model_requests,
  coalesce(sum(json_extract(${e}body, '$.model_usage.input_tokens')), 0) AS input_tokens,
  coalesce(sum(json_extract(${e}body, '$.model_usage.output_tokens')), 0) AS output_tokens,
  coalesce(sum(json_extract(${e}body, '$.model_usage.cache_read_input_tokens')), 0) AS cache_read_input_tokens,
  coalesce(sum(json_extract(${e}body, '$.model_usage.cache_creation_input_tokens')), 0) AS cache_creation_input_tokens`;

/** The sums as the official session usage says them (cache writes are 5-minute ones, as the brain counts them). */
export const asSessionUsage = (t: TokenSums): BetaManagedAgentsSessionUsage => ({
  input_tokens: t.input_tokens,
  output_tokens: t.output_tokens,
  cache_read_input_tokens: t.cache_read_input_tokens,
  cache_creation: { ephemeral_5m_input_tokens: t.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
});

/** A session's tokens over its events up to `seq`. */
export function tokensUpTo(db: Db, sessionId: string, seq: number): TokenSums {
  return db.prepare(`SELECT ${sums()} FROM events WHERE session_id = ? AND type = 'span.model_request_end' AND seq <= ?`).get(sessionId, seq) as TokenSums;
}

export interface BucketSums extends TokenSums {
  session_id: string;
  /** The bucket's start, as the prefix of an RFC 3339 UTC time (`2026-11-28` or `2026-11-28T13`). */
  bucket: string;
}

/**
 * Every session's tokens per time bucket (by the time each model request ended), from `since` on,
 * each spent once: an imported log's requests were spent where it was recorded, and a fork's copied
 * part is its original's (counted there, while the original exists).
 */
export function tokensByBucket(db: Db, bucket: 'day' | 'hour', since: string | undefined): BucketSums[] {
  const len = bucket === 'day' ? 10 : 13;
  return db
    .prepare(
      `SELECT e.session_id, substr(e.created_at, 1, ${len}) AS bucket, ${sums('e.')} FROM events e JOIN sessions s ON s.id = e.session_id
       WHERE e.type = 'span.model_request_end' AND e.created_at >= ? AND s.deleting = 0
         AND coalesce(json_extract(s.body, '$.origin.type'), '') != 'import'
         AND e.seq > coalesce((SELECT o.seq FROM events o WHERE o.id = json_extract(s.body, '$.origin.event_id')), 0)
       GROUP BY e.session_id, bucket ORDER BY bucket`,
    )
    .all(since ?? '') as BucketSums[];
}
