// How core runs (`system.status`): hands, Docker engine, model key, API address. Read when a
// connection opens or comes back, when the window regains focus, every half minute, and on demand
// (Settings' "Test connection").
import { create } from 'zustand';
import type { SystemStatus } from '../../../electron/core/api/system.ts';
import { client, connectWithKey, useConnection } from './connection.ts';
import { DockhandError } from './errors.ts';

export type { SystemStatus };

interface SystemState {
  status: SystemStatus | null;
  checking: boolean;
  error: DockhandError | null;
  /** When the status was last read. */
  at: number | null;
}

export const useSystem = create<SystemState>()(() => ({ status: null, checking: false, error: null, at: null }));

const EVERY_MS = 30_000;

export async function refreshSystem(): Promise<SystemStatus | null> {
  const epoch = useConnection.getState().epoch;
  useSystem.setState({ checking: true });
  try {
    const status = await client().call('system.status', {});
    if (epoch === useConnection.getState().epoch) useSystem.setState({ status, checking: false, error: null, at: Date.now() });
    return status;
  } catch (err) {
    if (epoch === useConnection.getState().epoch) useSystem.setState({ checking: false, error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) });
    return null;
  }
}

let started = false;
/** Starts the periodic and on-focus reads (once per page). */
export function startSystemStatus(): void {
  if (started) return;
  started = true;
  const tick = () => {
    if (useConnection.getState().client && document.visibilityState === 'visible') void refreshSystem();
  };
  window.setInterval(tick, EVERY_MS);
  window.addEventListener('focus', tick);
}

/** Asks core for a new local API key, and switches this page to it. Returns the key (shown once). */
export async function rotateApiKey(): Promise<string> {
  const { api_key } = await client().call('system.rotate_key', {});
  connectWithKey(api_key);
  return api_key;
}
