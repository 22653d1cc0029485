// Inputs of Dockhand's own operations (extensions beside the official API).
import { z } from 'zod';
import { EventId, SessionId, Timestamp, queryInt } from './common.ts';

/** A change's id: this server run's tag and the change's number in it. */
export const ChangeId = z.string().regex(/^chg_[a-z0-9]{1,16}_[0-9]{1,15}$/, 'must be a chg_... id from this stream');

export const ChangesStream = z.object({ after: ChangeId.optional() });
export const SystemStatusQuery = z.object({});
export const SessionActivityQuery = z.strictObject({ session_ids: z.array(SessionId).min(1).max(1000) });
export const RotateKey = z.strictObject({});

/** Replay's state panel: the session after `at` (default: its last event), with its last `messages` messages (default 100). */
export const SessionStateQuery = z.object({ session_id: SessionId, at: EventId.optional(), messages: queryInt(0, 1_000_000).optional() });
/** Replay's timeline: `limit` events from position `from` (1 is the first event; default: the last `limit`). */
export const EventsWindowQuery = z.object({ session_id: SessionId, from: queryInt(1, Number.MAX_SAFE_INTEGER).optional(), limit: queryInt(1, 1000).optional() });
/** The usage screen: from `since` (default: all time), per `bucket`, the `limit` most expensive sessions. */
export const UsageQuery = z.object({
  since: Timestamp.optional(),
  bucket: z.enum(['day', 'hour']).optional(),
  limit: queryInt(1, 1000).optional(),
});
