// A session's events for the live timeline: the newest page of the log first, older pages on demand
// (a 100,000-event log is never read whole), then live events from the session's stream resumed
// after the last one read, with `event_deltas` previews of the text being produced.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Item, Params } from '../../../electron/core/api/contract.ts';
import type { Client } from './client.ts';
import { client, useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';
import type { EventPreview, SessionEvent } from './types.ts';

export type { EventPreview };

export interface SessionEvents {
  /** A contiguous run of the log ending at its newest event, oldest first. */
  events: readonly SessionEvent[];
  previews: readonly EventPreview[];
  /** The log so far has been read (live events follow). */
  loaded: boolean;
  /** Older events exist than the first one held. */
  hasOlder: boolean;
  loadingOlder: boolean;
  error: DockhandError | null;
}

export interface LiveSessionEvents extends SessionEvents {
  /** Reads the page before the first event held (no-op while one is being read or none is left). */
  loadOlder: () => void;
}

export const EVENTS_PAGE = 200;

const ENDS_PREVIEWS = new Set(['span.model_request_end', 'session.status_idle', 'session.error']);

const EMPTY: SessionEvents = { events: [], previews: [], loaded: false, hasOlder: false, loadingOlder: false, error: null };

const asError = (err: unknown) => (err instanceof DockhandError ? err : new DockhandError('api_error', String(err)));

/** The newest page (desc), oldest first, and the cursor to the page before it. */
async function newestPage(client: Client, sessionId: string, page: string | null = null) {
  const res = await client.call('events.list', { session_id: sessionId, order: 'desc', limit: EVENTS_PAGE, page });
  return { events: res.data.toReversed(), older: res.next_page };
}

export function useSessionEvents(sessionId: string): LiveSessionEvents {
  const client = useConnection((s) => s.client);
  // `from` names the load the state came from: a new one (another session, a new client) starts over.
  const [state, setState] = useState<SessionEvents & { session: string; from: object | null }>({ ...EMPTY, session: sessionId, from: null });
  const older = useRef<() => void>(() => undefined);

  useEffect(() => {
    if (!client) return;
    const from = {};
    const seen = new Set<string>();
    let pending: SessionEvent[] = [];
    const previews = new Map<string, EventPreview>();
    let previewsChanged = false;
    let cursor: string | null = null;
    let readingOlder = false;
    let held: SessionEvent[] | null = null;
    let reread = false;
    let frame = 0;
    let stop: (() => void) | undefined;
    let cancelled = false;
    const update = (fn: (s: SessionEvents) => SessionEvents) => {
      if (!cancelled) setState((s) => ({ ...fn(s.from === from ? s : EMPTY), session: sessionId, from }));
    };
    // Live items arrive in bursts (a delta per few characters): render once per frame.
    const flush = () => {
      frame = 0;
      const batch = pending;
      pending = [];
      const shown = previewsChanged ? [...previews.values()] : null;
      previewsChanged = false;
      update((s) => ({ ...s, events: batch.length ? [...s.events, ...batch] : s.events, previews: shown ?? s.previews }));
    };
    const schedule = () => (frame ||= requestAnimationFrame(flush));
    const onItem = (item: Item<'events.stream'>) => {
      if (item.type === 'event_start') {
        previews.set(item.event.id, { id: item.event.id, type: item.event.type, text: '' });
      } else if (item.type === 'event_delta') {
        const p = previews.get(item.event_id);
        if (!p) return;
        previews.set(p.id, { ...p, text: p.text + item.delta.content.text });
      } else if ('id' in item && item.type !== 'session.deleted') {
        if (held) return void held.push(item as SessionEvent);
        if (seen.has(item.id)) return;
        seen.add(item.id);
        pending.push(item as SessionEvent);
        // A model request that ended (or failed, or was interrupted) leaves no preview open.
        if (ENDS_PREVIEWS.has(item.type) && previews.size) previews.clear();
        else if (!previews.delete(item.id)) return void schedule();
      } else return;
      previewsChanged = true;
      schedule();
    };
    const subscribe = (after: string | undefined, onOpen?: () => void) =>
      client.subscribe(
        'events.stream',
        { session_id: sessionId, after, event_deltas: ['agent.message', 'agent.thinking'] },
        {
          onItem,
          onState: (s) => s === 'open' && onOpen?.(),
          onError: (error) => update((s) => ({ ...s, error })),
        },
      );
    const take = (events: readonly SessionEvent[]) => events.filter((e) => !seen.has(e.id) && seen.add(e.id));

    void (async () => {
      try {
        const first = await newestPage(client, sessionId);
        if (cancelled) return;
        cursor = first.older;
        const events = take(first.events);
        update(() => ({ ...EMPTY, events, loaded: true, hasOlder: cursor !== null }));
        if (events.length) stop = subscribe(events.at(-1)!.id);
        else {
          // An empty log has no event to resume after: listen first and hold what comes, read again,
          // then add the held events the read did not have (they came after it), each once.
          held = [];
          stop = subscribe(undefined, () => {
            if (!held || reread) return;
            reread = true;
            const release = (read: readonly SessionEvent[]) => {
              const late = [...take(read), ...take(held ?? [])];
              held = null;
              for (const e of late) previewsChanged = previews.delete(e.id) || previewsChanged;
              update((s) => ({ ...s, events: [...s.events, ...late], hasOlder: cursor !== null }));
              schedule();
            };
            newestPage(client, sessionId).then(
              (again) => ((cursor = again.older), release(again.events)),
              (err) => (release([]), update((s) => ({ ...s, error: asError(err) }))),
            );
          });
        }
      } catch (err) {
        update((s) => ({ ...s, error: asError(err) }));
      }
    })();

    older.current = () => {
      if (readingOlder || cursor === null || cancelled) return;
      readingOlder = true;
      update((s) => ({ ...s, loadingOlder: true }));
      newestPage(client, sessionId, cursor).then(
        (page) => {
          cursor = page.older;
          readingOlder = false;
          const events = take(page.events);
          update((s) => ({ ...s, events: [...events, ...s.events], hasOlder: cursor !== null, loadingOlder: false }));
        },
        (err) => {
          readingOlder = false;
          update((s) => ({ ...s, loadingOlder: false, error: asError(err) }));
        },
      );
    };

    return () => {
      cancelled = true;
      stop?.();
      cancelAnimationFrame(frame);
      older.current = () => undefined;
    };
  }, [client, sessionId]);

  const loadOlder = useCallback(() => older.current(), []);
  const current = state.session === sessionId ? state : EMPTY;
  return { ...current, loadOlder };
}


/** Sends events to a session (a message, an interrupt, an answer to a tool call). */
export const sendEvents = (session_id: string, events: Params<'events.send'>['events']) => client().call('events.send', { session_id, events });
