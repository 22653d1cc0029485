import { z } from 'zod';

/** Resource ids: a known prefix, then letters and digits. Anything else (slashes, dots, %) is refused. */
export const idOf = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`), `must be a ${prefix}_... id`);

export const AgentId = idOf('agent');
export const EnvironmentId = idOf('env');
export const SessionId = idOf('sesn');
export const EventId = idOf('sevt');
export const FileId = idOf('file');

// Query strings arrive as text over HTTP and as values over IPC; accept both.
export const queryBool = z.preprocess(
  (v) => (v === 'true' ? true : v === 'false' ? false : v),
  z.boolean(),
);
export const queryInt = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v), z.number().int().min(min).max(max));

export const Timestamp = z.iso.datetime({ offset: true });

export const Metadata = z
  .record(z.string().min(1).max(64), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, 'metadata holds at most 16 keys');

/** A metadata patch: a string upserts a key, null or "" deletes it. */
export const MetadataPatch = z.record(z.string().min(1).max(64), z.string().max(512).nullable());

export const PageParams = {
  limit: queryInt(1, 1000).optional(),
  page: z.string().max(512).nullish(),
};

export const Order = z.enum(['asc', 'desc']);

export const CreatedAtRange = {
  'created_at[gt]': Timestamp.optional(),
  'created_at[gte]': Timestamp.optional(),
  'created_at[lt]': Timestamp.optional(),
  'created_at[lte]': Timestamp.optional(),
};

/** Arrays in a query string arrive as `types[]=a&types[]=b`; a single value is a one-item array. */
export const queryArray = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(100));
