// How this window reaches core, and whether it currently does. Every other store takes its client
// from here; the status bar shows `state`.
import { create } from 'zustand';
import { saveApiKey, takeApiKey, takeKeyFromHash } from './api-key.ts';
import type { Client } from './client.ts';
import { DockhandError } from './errors.ts';
import { httpClient } from './transports/http.ts';
import { ipcClient } from './transports/ipc.ts';

export type ConnectionState =
  /** No client yet (serve mode without a key). */
  | 'none'
  | 'connecting'
  | 'online'
  /** Core does not answer: the page keeps trying and recovers by itself. */
  | 'offline'
  /** The local API refused the key: only a new key helps. */
  | 'refused';

interface Connection {
  client: Client | null;
  state: ConnectionState;
  /** Why the last call failed, for the status bar's tooltip. */
  detail: string | null;
  /** Bumped on every new client, so loads started for an older one can tell they are stale. */
  epoch: number;
}

export const useConnection = create<Connection>()(() => ({ client: null, state: 'none', detail: null, epoch: 0 }));

const listeners = new Set<(client: Client | null) => void>();

/** Runs `fn` with every new client (a new key, the first connection); returns the unsubscribe. */
export function onClient(fn: (client: Client | null) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The client with every call's outcome reported to the connection state. */
function observed(inner: Client): Client {
  const self: Client = {
    transport: inner.transport,
    async call(method, input) {
      try {
        const value = await inner.call(method, input);
        if (useConnection.getState().client === self) reportSuccess();
        return value;
      } catch (err) {
        if (useConnection.getState().client === self) reportFailure(err);
        throw err;
      }
    },
    subscribe: (method, input, handlers) => inner.subscribe(method, input, handlers),
  };
  return self;
}

export function setClient(inner: Client | null): void {
  const client = inner && observed(inner);
  useConnection.setState((s) => ({ client, state: client ? 'connecting' : 'none', detail: null, epoch: s.epoch + 1 }));
  for (const fn of listeners) fn(client);
}

/** Connects with a key the user typed or pasted (serve mode). */
export function connectWithKey(key: string): void {
  saveApiKey(key);
  setClient(httpClient(window.location.origin, key));
}

/** Records what a call or stream learned about the connection. */
export function reportSuccess(): void {
  if (useConnection.getState().state !== 'online') useConnection.setState({ state: 'online', detail: null });
}

export function reportFailure(err: unknown): void {
  const e = err instanceof DockhandError ? err : null;
  if (e?.type === 'authentication_error') useConnection.setState({ state: 'refused', detail: e.message });
  else if (e?.type === 'network_error') useConnection.setState({ state: 'offline', detail: e.message });
}

/** The current client; throws when there is none (callers run only once connected). */
export function client(): Client {
  const c = useConnection.getState().client;
  if (!c) throw new DockhandError('network_error', 'not connected to Dockhand');
  return c;
}

/**
 * IPC inside Electron; otherwise the local API this page was served from, with the key from the
 * address (`#key=`) or this tab's storage. A key pasted into the address bar later is picked up too.
 */
export function startConnection(): void {
  if (window.dockhand) return setClient(ipcClient(window.dockhand));
  const key = takeApiKey();
  setClient(key ? httpClient(window.location.origin, key) : null);
  window.addEventListener('hashchange', () => {
    const next = takeKeyFromHash();
    if (next) setClient(httpClient(window.location.origin, next));
  });
}
