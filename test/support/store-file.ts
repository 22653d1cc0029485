// Reads a data directory's SQLite file directly, read-only, to check what the server left on disk.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export const dbFile = (dataDir: string) => join(dataDir, 'dockhand.db');

export function readDb<T>(dataDir: string, fn: (db: Database.Database) => T): T {
  const db = new Database(dbFile(dataDir), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** SQLite's own consistency check of the whole file: 'ok' when it is sound. */
export const integrityCheck = (dataDir: string) => readDb(dataDir, (db) => db.pragma('integrity_check', { simple: true }));

/** Each session's log as stored: event ids in sequence order, with their sequence numbers, and the session's last_seq. */
export function storedLogs(dataDir: string): Map<string, { lastSeq: number; seqs: number[]; ids: string[] }> {
  return readDb(dataDir, (db) => {
    const logs = new Map<string, { lastSeq: number; seqs: number[]; ids: string[] }>();
    for (const s of db.prepare('SELECT id, last_seq FROM sessions').all() as { id: string; last_seq: number }[]) logs.set(s.id, { lastSeq: s.last_seq, seqs: [], ids: [] });
    for (const e of db.prepare('SELECT session_id, seq, id FROM events ORDER BY session_id, seq').iterate() as Iterable<{ session_id: string; seq: number; id: string }>) {
      const log = logs.get(e.session_id)!;
      log.seqs.push(e.seq);
      log.ids.push(e.id);
    }
    return logs;
  });
}

/** sha256 of every file under the directory, by its path in it. */
export function hashFiles(dir: string): Record<string, string> {
  const files = (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
  return Object.fromEntries(files.sort().map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}
