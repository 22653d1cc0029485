// A session's log out and in (JSONL, `sessions.export` / `sessions.import`) and forks
// (`sessions.fork`): the operations of the contract, with the new sessions put in the list at once.
import { client } from './connection.ts';
import { keepSession } from './sessions.ts';
import type { Session } from './types.ts';

export const exportSession = (session_id: string): Promise<string> => client().call('sessions.export', { session_id });

/** Imports an exported log as a read-only session; a bad file rejects with the line it failed on. */
export const importSession = async (jsonl: string, title?: string): Promise<Session> => keepSession(await client().call('sessions.import', { jsonl, title }));

export const forkSession = async (session_id: string, event_id: string): Promise<Session> => keepSession(await client().call('sessions.fork', { session_id, event_id }));

/** The sample logs shipped in resources/samples, imported one by one (loaded with this call only). */
export async function importSampleLogs(): Promise<Session[]> {
  const { SAMPLE_LOGS } = await import('./sample-logs.ts');
  const out: Session[] = [];
  for (const s of SAMPLE_LOGS) out.push(await importSession(s.jsonl, s.title));
  return out;
}

/** Where a session came from, from the metadata core computes (it cannot be edited away). */
export function originOf(session: Session): { type: 'fork'; sessionId: string; eventId: string } | { type: 'import'; sessionId: string } | null {
  const m = session.metadata;
  if (m['dockhand.forked_from_session'] && m['dockhand.forked_from_event']) return { type: 'fork', sessionId: m['dockhand.forked_from_session'], eventId: m['dockhand.forked_from_event'] };
  if (m['dockhand.imported_from_session']) return { type: 'import', sessionId: m['dockhand.imported_from_session'] };
  return null;
}
