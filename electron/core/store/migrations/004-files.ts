import type { Migration } from './index.ts';

// Files. A file's bytes live outside SQLite, content-addressed by `sha256` (store/blobs.ts); the row
// holds its metadata in the official shape.
export const m004Files: Migration = {
  name: 'files',
  up: `
    CREATE TABLE files (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      scope_id TEXT,
      -- A session output captured as a file: its path in the outputs folder (captured once per content).
      output_path TEXT,
      body TEXT NOT NULL CHECK (json_valid(body)),
      created_at TEXT NOT NULL
    );
    CREATE INDEX files_sha256 ON files(sha256);
    CREATE INDEX files_scope ON files(scope_id, seq);
    CREATE UNIQUE INDEX files_output ON files(scope_id, output_path, sha256) WHERE output_path IS NOT NULL;
  `,
};
