// What a killed server left on disk for one session: its log and the tool runs it started. Read from a
// copy of the SQLite files, so the next server recovers the very files the dead one wrote.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BetaManagedAgentsSessionEvent as SessionEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';

export interface LogAtDeath {
  events: SessionEvent[];
  /** agent.tool_use event ids whose tool the brain had started (brain records, migration 002). */
  startedTools: string[];
}

export function logAtDeath(dataDir: string, sessionId: string): LogAtDeath {
  const copy = mkdtempSync(join(tmpdir(), 'dockhand-dead-'));
  try {
    for (const suffix of ['', '-wal']) {
      const from = join(dataDir, `dockhand.db${suffix}`);
      if (existsSync(from)) copyFileSync(from, join(copy, `dockhand.db${suffix}`));
    }
    const db = new Database(join(copy, 'dockhand.db'), { fileMustExist: true });
    try {
      const rows = db.prepare('SELECT body FROM events WHERE session_id = ? ORDER BY seq').all(sessionId) as { body: string }[];
      const runs = db.prepare('SELECT tool_use_event_id AS id FROM tool_runs WHERE session_id = ?').all(sessionId) as { id: string }[];
      return { events: rows.map((r) => JSON.parse(r.body) as SessionEvent), startedTools: runs.map((r) => r.id) };
    } finally {
      db.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
