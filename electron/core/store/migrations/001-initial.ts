import type { Migration } from './index.ts';

// The four objects. Resource bodies are JSON in the official shape; columns exist only for what is
// filtered, ordered or constrained. `seq` gives every list a stable, monotonic order for cursors.
export const m001Initial: Migration = {
  name: 'initial',
  up: `
    CREATE TABLE agents (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      version INTEGER NOT NULL CHECK (version >= 1),
      created_at TEXT NOT NULL,
      archived_at TEXT
    );
    CREATE TABLE agent_versions (
      agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      version INTEGER NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      PRIMARY KEY (agent_id, version)
    ) WITHOUT ROWID;
    CREATE TRIGGER agent_versions_immutable BEFORE UPDATE ON agent_versions
    BEGIN SELECT RAISE(ABORT, 'agent versions are immutable'); END;

    CREATE TABLE environments (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      created_at TEXT NOT NULL,
      archived_at TEXT
    );
    CREATE UNIQUE INDEX environments_live_name ON environments(name) WHERE archived_at IS NULL;

    CREATE TABLE sessions (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE,
      agent_id TEXT NOT NULL REFERENCES agents(id),
      agent_version INTEGER NOT NULL,
      environment_id TEXT NOT NULL REFERENCES environments(id),
      body TEXT NOT NULL CHECK (json_valid(body)),
      status TEXT NOT NULL DEFAULT 'idle',
      usage TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(usage)),
      last_seq INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      archived_at TEXT,
      deleting INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sessions_agent ON sessions(agent_id, agent_version);
    CREATE INDEX sessions_environment ON sessions(environment_id);

    -- The session log: append-only, one gap-free sequence per session.
    CREATE TABLE events (
      session_id TEXT NOT NULL REFERENCES sessions(id),
      seq INTEGER NOT NULL CHECK (seq >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      created_at TEXT NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      PRIMARY KEY (session_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX events_type ON events(session_id, type, seq);

    CREATE TRIGGER events_append_only BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
    CREATE TRIGGER events_delete_with_session BEFORE DELETE ON events
    WHEN (SELECT deleting FROM sessions WHERE id = OLD.session_id) IS NOT 1
    BEGIN SELECT RAISE(ABORT, 'events are deleted only with their session'); END;
  `,
};
