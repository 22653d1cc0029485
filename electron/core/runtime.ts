import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from './api/contract.ts';
import { Brain, type BrainOptions } from './brain/harness.ts';
import type { SandboxProvider } from './hands/contract.ts';
import { HostProvider } from './hands/host.ts';
import { NoSandboxProvider } from './hands/none.ts';
import { createServices } from './services/index.ts';
import { Store } from './store/index.ts';
import { SessionSecrets } from './vault/session-secrets.ts';

export type HandsChoice = 'none' | 'host';

export interface CoreOptions {
  /** Where the SQLite file (and host workspaces) live; created owner-only if missing. */
  dataDir: string;
  /** Where tools run: nowhere (every call fails with a clear message) or on this machine. */
  hands?: HandsChoice;
  /** Model connection and harness tuning; the brain does not run when this is false. */
  brain?: Omit<BrainOptions, 'store' | 'hands'> | false;
}

/** The whole runtime, built the same way by Electron's main process, `dockhand serve` and tests. */
export interface Core {
  store: Store;
  services: Services;
  brain?: Brain;
  close(): Promise<void>;
}

function handsFor(choice: HandsChoice, dataDir: string): SandboxProvider {
  return choice === 'host' ? new HostProvider(join(dataDir, 'workspaces')) : new NoSandboxProvider();
}

export function createCore({ dataDir, hands = 'none', brain = {} }: CoreOptions): Core {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = Store.open(join(dataDir, 'dockhand.db'));
  const sandboxes = handsFor(hands, dataDir);
  const services = createServices(store, new SessionSecrets());
  const harness = brain === false ? undefined : new Brain({ ...brain, store, hands: sandboxes });
  harness?.start();
  return {
    store,
    services,
    brain: harness,
    close: async () => {
      await harness?.stop();
      await sandboxes.close();
      store.close();
    },
  };
}
