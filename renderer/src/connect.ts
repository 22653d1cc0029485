import { takeApiKey } from './api-key.ts';
import type { Client } from './client.ts';
import { httpClient } from './transports/http.ts';
import { ipcClient } from './transports/ipc.ts';

/** IPC inside Electron; otherwise the local API this page was served from, if we have its key. */
export function initialClient(): Client | null {
  if (window.dockhand) return ipcClient(window.dockhand);
  const key = takeApiKey();
  return key ? httpClient(window.location.origin, key) : null;
}
