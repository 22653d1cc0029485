import type { SessionActivity } from '../api/changes.ts';
import type { Services } from '../api/contract.ts';
import type { SessionEvent, Store } from '../store/index.ts';
import type { SessionRow } from '../store/sessions.ts';

type Idle = Extract<SessionEvent, { type: 'session.status_idle' }>;

/** What an idle session is waiting for, from the event that made it idle. */
function fromIdle(idle: Idle | undefined): SessionActivity {
  const reason = idle?.stop_reason;
  if (reason?.type === 'requires_action') return { state: 'requires_action', awaiting: [...reason.event_ids] };
  if (reason?.type === 'retries_exhausted') return { state: 'error', awaiting: [] };
  return { state: 'idle', awaiting: [] };
}

/**
 * What a session is doing, from its cached status and, when idle, the last `session.status_idle` of
 * its log (or `idleEvent`, when the caller has it at hand). One indexed lookup per idle session.
 */
export function activityOf(store: Store, row: Pick<SessionRow, 'id' | 'status'>, idleEvent?: Idle): SessionActivity {
  if (row.status !== 'idle') return { state: row.status, awaiting: [] };
  return fromIdle(idleEvent ?? (store.events.lastOfType(row.id, 'session.status_idle') as Idle | undefined));
}

/** `sessions.activity`: what each of the given sessions is doing; unknown ids are left out. */
export function activityServices(store: Store): Pick<Services, 'sessions.activity'> {
  return {
    async 'sessions.activity'({ session_ids }) {
      const data: Record<string, SessionActivity> = {};
      for (const r of store.sessions.statusesWithLastIdle([...new Set(session_ids)])) {
        data[r.id] = r.status === 'idle' ? fromIdle(r.idle ? (JSON.parse(r.idle) as Idle) : undefined) : { state: r.status, awaiting: [] };
      }
      return { data };
    },
  };
}
