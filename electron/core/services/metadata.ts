import { invalid } from '../api/errors.ts';

/** Applies a metadata patch (a string upserts; null or "" deletes, as the official API does) within the official limits. */
export function patchMetadata(current: Record<string, string>, patch: Record<string, string | null> | null | undefined): Record<string, string> {
  if (patch === undefined) return current;
  if (patch === null) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === '') delete next[k];
    else next[k] = v;
  }
  if (Object.keys(next).length > 16) throw invalid('metadata holds at most 16 keys', 'invalid_metadata');
  return next;
}

/** Resolves a list limit: the default page size, within the contract's bounds. */
export const pageSize = (limit: number | undefined) => limit ?? 20;

type CreatedFilter = { op: '>' | '>=' | '<' | '<='; at: string };
const OPS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/** `created_at[gt]`-style filters as comparisons on the stored UTC timestamps. */
export function createdFilters(q: Partial<Record<`created_at[${keyof typeof OPS}]`, string>>): CreatedFilter[] {
  return (Object.keys(OPS) as (keyof typeof OPS)[]).flatMap((k) => {
    const v = q[`created_at[${k}]`];
    return v ? [{ op: OPS[k], at: new Date(v).toISOString() }] : [];
  });
}
