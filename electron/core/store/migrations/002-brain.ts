import type { Migration } from './index.ts';

// What the brain keeps beside the log (never instead of it):
// - leases: one brain per session at a time; a lease a dead holder stops renewing expires.
// - model_responses: each completed model response as the model sent it (thinking signatures and
//   tool_use ids included), so a restarted brain reads it back instead of asking again.
// - tool_runs: a tool call about to execute; a call with a run but no result was interrupted and
//   is never silently run a second time.
// - checkpoints: the brain's state folded up to an event, so waking reads only what came after.
export const m002Brain: Migration = {
  name: 'brain',
  up: `
    CREATE TABLE leases (
      session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      holder TEXT NOT NULL,
      expires_at INTEGER NOT NULL
    ) WITHOUT ROWID;

    CREATE TABLE model_responses (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      request_event_id TEXT NOT NULL,
      body TEXT NOT NULL CHECK (json_valid(body)),
      PRIMARY KEY (session_id, request_event_id)
    ) WITHOUT ROWID;

    CREATE TABLE tool_runs (
      session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
      tool_use_event_id TEXT NOT NULL,
      started_at TEXT NOT NULL,
      PRIMARY KEY (session_id, tool_use_event_id)
    ) WITHOUT ROWID;

    CREATE TABLE checkpoints (
      session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      state TEXT NOT NULL CHECK (json_valid(state))
    ) WITHOUT ROWID;
  `,
};
