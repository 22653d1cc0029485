// What a session is doing now, read from the end of its log (the status events), so the session view
// agrees with its own timeline; the session's status stands in until an event says otherwise.
import type { Session, SessionEvent } from '../data/index.ts';

export type LiveState = 'running' | 'idle' | 'rescheduling' | 'terminated';

export function liveState(session: Session, events: readonly SessionEvent[]): LiveState {
  for (let i = events.length - 1; i >= 0; i--) {
    switch (events[i]!.type) {
      case 'session.status_running':
        return 'running';
      case 'session.status_idle':
        return 'idle';
      case 'session.status_rescheduled':
        return 'rescheduling';
      case 'session.status_terminated':
        return 'terminated';
    }
  }
  return session.status;
}
