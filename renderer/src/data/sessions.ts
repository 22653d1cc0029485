// Sessions: the live list (filtered on the server by status, agent and archived, as the official
// API allows) and the calls that change one.
import type { Params } from '../../../electron/core/api/contract.ts';
import { loadActivity } from './activity.ts';
import { createCollection } from './collection.ts';
import { client } from './connection.ts';
import { dropDetail, noteDetail } from './detail-cache.ts';
import type { Session, SessionStatus } from './types.ts';

export interface SessionQuery {
  includeArchived: boolean;
  /** Empty: every status. */
  statuses: readonly SessionStatus[];
  agentId: string | null;
}

export const useSessions = createCollection<Session, SessionQuery>({
  query: { includeArchived: false, statuses: [], agentId: null },
  list: (c, q, page, limit) =>
    c.call('sessions.list', {
      limit,
      page,
      include_archived: q.includeArchived,
      statuses: q.statuses.length ? [...q.statuses] : undefined,
      agent_id: q.agentId ?? undefined,
    }),
  onPage: (page) => void loadActivity(page).catch(() => undefined),
  matches: (s, q) => (q.includeArchived || !s.archived_at) && (!q.statuses.length || q.statuses.includes(s.status)) && (!q.agentId || s.agent.id === q.agentId),
});

/** Puts a session changed or made here in the list (and the detail cache) without waiting for the change feed. */
export const keepSession = (session: Session) => (useSessions.getState().upsert(session), noteDetail(session), session);

export const createSession = async (params: Params<'sessions.create'>) => keepSession(await client().call('sessions.create', params));
export const updateSession = async (params: Params<'sessions.update'>) => keepSession(await client().call('sessions.update', params));
export const archiveSession = async (session_id: string) => keepSession(await client().call('sessions.archive', { session_id }));
export const retrieveSession = (session_id: string) => client().call('sessions.retrieve', { session_id });

export async function deleteSession(session_id: string): Promise<void> {
  await client().call('sessions.delete', { session_id });
  useSessions.getState().remove(session_id);
  dropDetail(session_id);
}
