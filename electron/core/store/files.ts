import type { BetaFileMetadata } from '@anthropic-ai/sdk/resources/beta/files';
import type { Db } from './db.ts';
import { page, type PageResult } from './pager.ts';

export interface FileRow {
  seq: number;
  sha256: string;
  file: BetaFileMetadata;
}

type Raw = { seq: number; sha256: string; body: string };
const parse = (r: Raw): FileRow => ({ seq: r.seq, sha256: r.sha256, file: JSON.parse(r.body) as BetaFileMetadata });

/** Files' metadata (their bytes are blobs, by sha256). */
export class FileStore {
  constructor(private readonly db: Db) {}

  /** Returns false when it is a session output already captured with this content. */
  insert(file: BetaFileMetadata, sha256: string, outputPath?: string): boolean {
    const r = this.db
      .prepare('INSERT INTO files (id, sha256, scope_id, output_path, body, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .run(file.id, sha256, file.scope?.id ?? null, outputPath ?? null, JSON.stringify(file), file.created_at);
    return r.changes === 1;
  }

  /** Whether this output of the session was captured with this content already. */
  hasOutput(scopeId: string, outputPath: string, sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM files WHERE scope_id = ? AND output_path = ? AND sha256 = ?').get(scopeId, outputPath, sha256) !== undefined;
  }

  get(id: string): FileRow | undefined {
    const r = this.db.prepare('SELECT seq, sha256, body FROM files WHERE id = ?').get(id) as Raw | undefined;
    return r && parse(r);
  }

  /** The visible files among `ids`, in the order asked. */
  some(ids: readonly string[]): FileRow[] {
    const get = this.db.prepare('SELECT seq, sha256, body FROM files WHERE id = ?');
    return ids.flatMap((id) => {
      const r = get.get(id) as Raw | undefined;
      return r ? [parse(r)] : [];
    });
  }

  /** Newest first, like the official list. */
  list(scopeId: string | undefined, limit: number, pageToken?: string | null): PageResult<FileRow> {
    const res = page<Raw>(this.db, {
      select: 'seq, sha256, body',
      from: `FROM files WHERE ${scopeId ? 'scope_id = ?' : '1=1'}`,
      params: scopeId ? [scopeId] : [],
      order: 'desc',
      limit,
      page: pageToken,
    });
    return { ...res, rows: res.rows.map(parse) };
  }

  /** Deletes the row; returns whether its blob is now unreferenced (the caller removes it). */
  delete(id: string): { sha256: string; orphaned: boolean } | undefined {
    return this.db.transaction(() => {
      const r = this.db.prepare('DELETE FROM files WHERE id = ? RETURNING sha256').get(id) as { sha256: string } | undefined;
      if (!r) return undefined;
      const left = this.db.prepare('SELECT 1 FROM files WHERE sha256 = ? LIMIT 1').get(r.sha256);
      return { sha256: r.sha256, orphaned: !left };
    })();
  }
}
