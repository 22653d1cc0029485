// Replay's data: the events around the cursor (`events.window`) and the state panel (`sessions.state`): the session as it stood after the cursor's event. While
// the cursor moves faster than answers come, only the latest position is asked for next: one request
// in flight, the panel showing the last answer until the new one arrives.
import { useEffect, useRef, useState } from 'react';
import type { Result } from '../../../electron/core/api/contract.ts';
import { useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';
import type { SessionEvent } from './types.ts';

export type SessionStateAt = Result<'sessions.state'>;

export interface SessionStateView {
  state: SessionStateAt | null;
  /** The answer shown is for another position than the one asked for (a newer one is on its way). */
  stale: boolean;
  error: DockhandError | null;
}

export function useSessionState(sessionId: string, eventId: string | null): SessionStateView {
  const client = useConnection((s) => s.client);
  const [view, setView] = useState<{ state: SessionStateAt | null; error: DockhandError | null }>({ state: null, error: null });
  const wanted = useRef(eventId);
  const pump = useRef<() => void>(undefined);
  useEffect(() => {
    wanted.current = eventId;
  });
  useEffect(() => {
    if (!client) return;
    const run = { alive: true, busy: false };
    const next = async () => {
      const at = wanted.current;
      if (run.busy || !run.alive || !at) return;
      run.busy = true;
      try {
        const state = await client.call('sessions.state', { session_id: sessionId, at });
        if (run.alive) setView({ state, error: null });
      } catch (err) {
        if (run.alive) setView((v) => ({ ...v, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) }));
      } finally {
        run.busy = false;
      }
      // The cursor moved on meanwhile: ask for where it is now.
      if (wanted.current !== at) void next();
    };
    pump.current = () => void next();
    pump.current();
    return () => {
      run.alive = false;
      pump.current = undefined;
    };
  }, [client, sessionId]);
  useEffect(() => pump.current?.(), [eventId]);
  return { ...view, stale: view.state?.event_id !== eventId };
}

export interface ReplayWindow {
  /** A contiguous run of the log around the cursor, oldest first. */
  events: readonly SessionEvent[];
  /** The position of `events[0]` in the log (from 1). */
  first: number;
  /** Events in the log when replay opened (null until the first read). */
  total: number | null;
  loadingOlder: boolean;
  error: DockhandError | null;
  /** Reads the events before the first one held. */
  loadOlder: () => void;
}

/** Events held before the cursor, and after it (so playback reads ahead). */
const BEFORE = 300;
const AHEAD = 200;
const OLDER_PAGE = 200;

/**
 * The events around replay's cursor (a position from 1; null: the log's end), read by position with
 * `events.window`, so a 100,000-event log is never read whole. The window moves when the cursor gets
 * near its edges; one read in flight, always for where the cursor is now.
 */
export function useReplayWindow(sessionId: string, cursor: number | null): ReplayWindow {
  const client = useConnection((s) => s.client);
  const [win, setWin] = useState<{ events: readonly SessionEvent[]; first: number; total: number | null; loadingOlder: boolean; error: DockhandError | null }>({ events: [], first: 1, total: null, loadingOlder: false, error: null });
  const live = useRef(win);
  const wanted = useRef(cursor);
  const pump = useRef<() => void>(undefined);
  const older = useRef<() => void>(() => undefined);
  useEffect(() => {
    wanted.current = cursor;
  });
  useEffect(() => {
    if (!client) return;
    const run = { alive: true, busy: false };
    const fits = (at: number | null) => {
      const w = live.current;
      if (w.total === null || at === null) return w.total !== null;
      const last = w.first + w.events.length - 1;
      return at >= w.first && at <= last && (w.first === 1 || at - w.first >= 50) && (last === w.total || last - at >= 50);
    };
    const next = async () => {
      const at = wanted.current;
      if (run.busy || !run.alive || fits(at)) return;
      run.busy = true;
      try {
        const from = at === null ? undefined : Math.max(1, at - BEFORE);
        const res = await client.call('events.window', { session_id: sessionId, from, limit: at === null ? BEFORE : BEFORE + AHEAD });
        // Kept at once (not when React next renders): the next look at `fits` must see this window.
        if (run.alive) setWin((live.current = { ...live.current, events: res.data, first: res.first_position, total: live.current.total ?? res.total, error: null }));
      } catch (err) {
        if (run.alive) setWin((live.current = { ...live.current, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) }));
        run.busy = false;
        return;
      }
      run.busy = false;
      if (wanted.current !== at) void next();
    };
    pump.current = () => void next();
    older.current = () => {
      const w = live.current;
      if (run.busy || w.first <= 1) return;
      run.busy = true;
      setWin((live.current = { ...live.current, loadingOlder: true }));
      const from = Math.max(1, w.first - OLDER_PAGE);
      client.call('events.window', { session_id: sessionId, from, limit: w.first - from }).then(
        (res) => {
          run.busy = false;
          if (!run.alive) return;
          setWin((live.current = { ...live.current, events: [...res.data, ...live.current.events], first: from, loadingOlder: false }));
          void next(); // the cursor may have moved while this was read
        },
        (err: unknown) => {
          run.busy = false;
          if (!run.alive) return;
          setWin((live.current = { ...live.current, loadingOlder: false, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) }));
          void next();
        },
      );
    };
    pump.current();
    return () => {
      run.alive = false;
      pump.current = undefined;
    };
  }, [client, sessionId]);
  useEffect(() => pump.current?.(), [cursor]);
  return { ...win, loadOlder: () => older.current() };
}
