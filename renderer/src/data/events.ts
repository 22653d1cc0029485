// A session's events: the log so far, then live ones, from the session's event stream (which sends
// the backlog first). The session view of the next issue pages long logs; this is the plain list.
import { useEffect, useState } from 'react';
import { useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';
import type { SessionEvent } from './types.ts';

export interface SessionEvents {
  events: readonly SessionEvent[];
  error: DockhandError | null;
}

export function useSessionEvents(sessionId: string): SessionEvents {
  const client = useConnection((s) => s.client);
  // `from` names the subscription the events came from: a new one (another session, a new client) starts over.
  const [state, setState] = useState<SessionEvents & { session: string; from: object | null }>({ session: sessionId, from: null, events: [], error: null });
  useEffect(() => {
    if (!client) return;
    const from = {};
    let pending: SessionEvent[] = [];
    let frame = 0;
    // Items arrive in bursts (the backlog): render once per frame.
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      setState((s) => (s.from === from ? { ...s, events: [...s.events, ...batch] } : { session: sessionId, from, events: batch, error: null }));
    };
    const stop = client.subscribe(
      'events.stream',
      { session_id: sessionId },
      {
        onItem: (item) => {
          if (!('id' in item) || item.type === 'session.deleted') return;
          pending.push(item as SessionEvent);
          frame ||= requestAnimationFrame(flush);
        },
        onError: (error) => setState((s) => (s.from === from ? { ...s, error } : { session: sessionId, from, events: [], error })),
      },
    );
    return () => {
      stop();
      cancelAnimationFrame(frame);
    };
  }, [client, sessionId]);
  return state.session === sessionId ? state : { events: [], error: null };
}
