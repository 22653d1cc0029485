import { invalid } from '../api/errors.ts';
import type { Db } from './db.ts';

/** An opaque page token: which way to move from which row (by its monotonic `seq`). */
interface Cursor {
  d: 'next' | 'prev';
  s: number;
}

const encode = (c: Cursor) => 'page_' + Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(token: string): Cursor {
  try {
    if (!token.startsWith('page_')) throw new Error();
    const c = JSON.parse(Buffer.from(token.slice(5), 'base64url').toString('utf8')) as Cursor;
    if ((c.d !== 'next' && c.d !== 'prev') || !Number.isSafeInteger(c.s)) throw new Error();
    return { d: c.d, s: c.s };
  } catch {
    throw invalid('page: not a page token returned by this API');
  }
}

export interface PageQuery {
  /** `FROM ... WHERE ...` without the cursor condition; must expose a `seq` column. */
  from: string;
  params: unknown[];
  order: 'asc' | 'desc';
  limit: number;
  page?: string | null;
  select?: string;
}

export interface PageResult<Row> {
  rows: Row[];
  next_page: string | null;
  prev_page: string | null;
}

/**
 * Keyset pagination over `seq` in both directions. `next_page` is null on the last page;
 * `prev_page` is null on the first.
 */
export function page<Row extends { seq: number }>(db: Db, q: PageQuery): PageResult<Row> {
  const cursor = q.page ? decode(q.page) : undefined;
  const backwards = cursor?.d === 'prev';
  const ascending = (q.order === 'asc') !== backwards;
  const cond = cursor ? ` AND seq ${ascending ? '>' : '<'} ?` : '';
  const sql = `SELECT ${q.select ?? '*'} ${q.from}${cond} ORDER BY seq ${ascending ? 'ASC' : 'DESC'} LIMIT ?`;
  const fetched = db.prepare(sql).all(...q.params, ...(cursor ? [cursor.s] : []), q.limit + 1) as Row[];
  const more = fetched.length > q.limit;
  const rows = fetched.slice(0, q.limit);
  if (backwards) rows.reverse();
  const first = rows[0];
  const last = rows[rows.length - 1];
  const next = (backwards ? rows.length > 0 : more) && last ? encode({ d: 'next', s: last.seq }) : null;
  const prev = (backwards ? more : cursor !== undefined) && first ? encode({ d: 'prev', s: first.seq }) : null;
  return { rows, next_page: next, prev_page: prev };
}
