// What each session is doing (running, idle, waiting for approval, error), for the sessions list.
// Filled a page at a time as the list loads (`sessions.activity`), then by the change feed.
import { create } from 'zustand';
import type { SessionActivity } from '../../../electron/core/api/changes.ts';
import { client } from './connection.ts';
import type { Session } from './types.ts';

export type { SessionActivity };

export const useActivity = create<{ byId: ReadonlyMap<string, SessionActivity> }>()(() => ({ byId: new Map() }));

export function setActivity(entries: Iterable<[string, SessionActivity]>): void {
  useActivity.setState((s) => {
    const byId = new Map(s.byId);
    for (const [id, a] of entries) byId.set(id, a);
    return { byId };
  });
}

export function dropActivity(id: string): void {
  useActivity.setState((s) => {
    if (!s.byId.has(id)) return s;
    const byId = new Map(s.byId);
    byId.delete(id);
    return { byId };
  });
}

/** Asks core what the sessions of a freshly loaded page are doing (only idle ones can differ from their status). */
export async function loadActivity(sessions: readonly Session[]): Promise<void> {
  const idle = sessions.filter((s) => s.status === 'idle').map((s) => s.id);
  for (let i = 0; i < idle.length; i += 1000) {
    const { data } = await client().call('sessions.activity', { session_ids: idle.slice(i, i + 1000) });
    setActivity(Object.entries(data));
  }
}

/** The session's state: its status, and for an idle one, why it stopped (when known). */
export function activityState(session: Session, activity: SessionActivity | undefined): SessionActivity['state'] {
  if (session.status !== 'idle') return session.status;
  return activity && (activity.state === 'requires_action' || activity.state === 'error') ? activity.state : 'idle';
}
