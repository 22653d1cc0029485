import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { page } from '../../electron/core/store/pager.ts';
import { ApiError } from '../../electron/core/api/errors.ts';

const db = new Database(':memory:');
db.exec('CREATE TABLE t (seq INTEGER PRIMARY KEY, odd INTEGER)');
for (let i = 1; i <= 25; i++) db.prepare('INSERT INTO t VALUES (?, ?)').run(i, i % 2);

const seqs = (rows: { seq: number }[]) => rows.map((r) => r.seq);
const q = (order: 'asc' | 'desc', pageToken?: string | null) => page<{ seq: number }>(db, { from: 'FROM t WHERE 1=1', params: [], order, limit: 10, page: pageToken });

describe('keyset pages', () => {
  it('walks forward to the end and back to the start, in both orders', () => {
    for (const order of ['asc', 'desc'] as const) {
      const all = Array.from({ length: 25 }, (_, i) => (order === 'asc' ? i + 1 : 25 - i));
      const p1 = q(order);
      expect(seqs(p1.rows)).toEqual(all.slice(0, 10));
      expect(p1.prev_page).toBeNull();
      const p2 = q(order, p1.next_page);
      const p3 = q(order, p2.next_page);
      expect(seqs(p2.rows)).toEqual(all.slice(10, 20));
      expect(seqs(p3.rows)).toEqual(all.slice(20));
      expect(p3.next_page).toBeNull();
      const back = q(order, p3.prev_page);
      expect(seqs(back.rows)).toEqual(all.slice(10, 20));
      const first = q(order, back.prev_page);
      expect(seqs(first.rows)).toEqual(all.slice(0, 10));
      expect(first.prev_page).toBeNull();
      expect(first.next_page).not.toBeNull();
    }
  });

  it('keeps its place when rows are added at the front meanwhile', () => {
    const p1 = q('desc');
    db.prepare('INSERT INTO t VALUES (?, ?)').run(26, 0);
    expect(seqs(q('desc', p1.next_page).rows)).toEqual([15, 14, 13, 12, 11, 10, 9, 8, 7, 6]);
  });

  it('refuses a token it did not issue', () => {
    for (const bad of ['garbage', 'page_' + Buffer.from('{"d":"up","s":1}').toString('base64url'), 'page_%%%', 'page_' + Buffer.from('{"d":"next","s":"1; DROP TABLE t"}').toString('base64url')]) {
      expect(() => q('asc', bad)).toThrow(ApiError);
    }
  });
});
