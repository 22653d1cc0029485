// Export, import and fork of a session's log (Dockhand extensions beside the official API).
import { z } from 'zod';
import { AgentId, EnvironmentId, EventId, Metadata, SessionId, Timestamp } from './common.ts';
import { AgentCreate } from './agents.ts';
import { EnvironmentCreate } from './environments.ts';

/**
 * The first line of an exported log: the session, the agent version it ran (with the session's own
 * tool changes) and its environment, as they were at export. One official event per line follows.
 */
export const ExportHeader = z.strictObject({
  type: z.literal('dockhand.session_export'),
  format_version: z.literal(1),
  exported_at: Timestamp,
  session: z.strictObject({ id: SessionId, title: z.string().max(1024).nullable(), metadata: Metadata, created_at: Timestamp }),
  agent: AgentCreate.extend({ type: z.literal('agent'), id: AgentId, version: z.number().int().min(1) }),
  environment: EnvironmentCreate.extend({
    type: z.literal('environment'),
    id: EnvironmentId,
    created_at: Timestamp,
    updated_at: Timestamp,
    archived_at: Timestamp.nullable(),
  }),
});
export type SessionExportHeader = z.output<typeof ExportHeader>;

/** Imports hold a whole log in memory once; far larger logs than any session here. */
export const MAX_IMPORT_CHARS = 256 * 1024 * 1024;

export const SessionImport = z.strictObject({
  /** The exported JSONL text. */
  jsonl: z.string().min(1).max(MAX_IMPORT_CHARS),
  /** Replaces the exported title. */
  title: z.string().max(1024).nullish(),
});

export const SessionFork = z.strictObject({
  session_id: SessionId,
  /** The last event copied into the fork. */
  event_id: EventId,
  title: z.string().max(1024).nullish(),
  metadata: Metadata.optional(),
});
