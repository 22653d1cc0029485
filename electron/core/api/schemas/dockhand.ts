// Inputs of Dockhand's own operations (extensions beside the official API).
import { z } from 'zod';
import { SessionId } from './common.ts';

/** A change's id: this server run's tag and the change's number in it. */
export const ChangeId = z.string().regex(/^chg_[a-z0-9]{1,16}_[0-9]{1,15}$/, 'must be a chg_... id from this stream');

export const ChangesStream = z.object({ after: ChangeId.optional() });
export const SystemStatusQuery = z.object({});
export const SessionActivityQuery = z.strictObject({ session_ids: z.array(SessionId).min(1).max(1000) });
export const RotateKey = z.strictObject({});
