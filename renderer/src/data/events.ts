// A session's events: the log so far (paged with the cursor), then live ones from the session's
// event stream, resumed after the last event read. The session view of the next issue pages long
// logs on demand; this is the plain list.
import { useEffect, useState } from 'react';
import { useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';
import type { SessionEvent } from './types.ts';

export interface SessionEvents {
  events: readonly SessionEvent[];
  /** The log so far has been read (live events follow). */
  loaded: boolean;
  error: DockhandError | null;
}

const EMPTY: SessionEvents = { events: [], loaded: false, error: null };

export function useSessionEvents(sessionId: string): SessionEvents {
  const client = useConnection((s) => s.client);
  // `from` names the load the events came from: a new one (another session, a new client) starts over.
  const [state, setState] = useState<SessionEvents & { session: string; from: object | null }>({ ...EMPTY, session: sessionId, from: null });
  useEffect(() => {
    if (!client) return;
    const from = {};
    const seen = new Set<string>();
    let pending: SessionEvent[] = [];
    let frame = 0;
    let stop: (() => void) | undefined;
    let cancelled = false;
    const update = (fn: (s: SessionEvents) => SessionEvents) =>
      setState((s) => ({ ...fn(s.from === from ? s : EMPTY), session: sessionId, from }));
    // Live events arrive in bursts: render once per frame.
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      update((s) => ({ ...s, events: [...s.events, ...batch] }));
    };
    const add = (e: SessionEvent) => {
      if (seen.has(e.id)) return;
      seen.add(e.id);
      pending.push(e);
      frame ||= requestAnimationFrame(flush);
    };
    void (async () => {
      try {
        const log: SessionEvent[] = [];
        let page: string | null = null;
        do {
          const res: Awaited<ReturnType<typeof client.call<'events.list'>>> = await client.call('events.list', { session_id: sessionId, order: 'asc', limit: 1000, page });
          log.push(...res.data);
          page = res.next_page;
        } while (page);
        if (cancelled) return;
        log.forEach((e) => seen.add(e.id));
        update(() => ({ events: log, loaded: true, error: null }));
        stop = client.subscribe(
          'events.stream',
          { session_id: sessionId, after: log.at(-1)?.id },
          {
            onItem: (item) => {
              if ('id' in item && item.type !== 'session.deleted') add(item as SessionEvent);
            },
            onError: (error) => update((s) => ({ ...s, error })),
          },
        );
      } catch (err) {
        if (!cancelled) update((s) => ({ ...s, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) }));
      }
    })();
    return () => {
      cancelled = true;
      stop?.();
      cancelAnimationFrame(frame);
    };
  }, [client, sessionId]);
  return state.session === sessionId ? state : EMPTY;
}
