import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from './api/contract.ts';
import { createServices } from './services/index.ts';
import { Store } from './store/index.ts';
import { SessionSecrets } from './vault/session-secrets.ts';

export interface CoreOptions {
  /** Where the SQLite file lives; created (owner-only) if missing. */
  dataDir: string;
}

/** The whole runtime, built the same way by Electron's main process, `dockhand serve` and tests. */
export interface Core {
  store: Store;
  services: Services;
  close(): void;
}

export function createCore({ dataDir }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = Store.open(join(dataDir, 'dockhand.db'));
  const services = createServices(store, new SessionSecrets());
  return { store, services, close: () => store.close() };
}
