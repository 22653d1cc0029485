import type { Services } from '../api/contract.ts';
import type { Store } from '../store/index.ts';
import type { SessionSecrets } from '../vault/session-secrets.ts';
import { agentServices } from './agents.ts';
import { environmentServices } from './environments.ts';
import { eventServices } from './events.ts';
import { sessionServices } from './sessions.ts';

/** Every operation of the contract, implemented over the store. */
export function createServices(store: Store, secrets: SessionSecrets): Services {
  return {
    ...agentServices(store),
    ...environmentServices(store),
    ...sessionServices(store, secrets),
    ...eventServices(store),
  };
}
