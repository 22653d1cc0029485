import { create } from 'zustand';
import type { Result } from '../../electron/core/api/contract.ts';
import type { Client } from './client.ts';
import { DockhandError } from './errors.ts';

export type Agent = Result<'agents.retrieve'>;
export type Environment = Result<'environments.retrieve'>;

export type Loadable<T> = { state: 'loading' } | { state: 'ready'; items: T[] } | { state: 'failed'; error: DockhandError };

interface DockhandState {
  /** Null until the page knows how to reach core (in `serve` mode: until it has the API key). */
  client: Client | null;
  agents: Loadable<Agent>;
  environments: Loadable<Environment>;
  setClient(client: Client | null): void;
  refresh(): Promise<void>;
}

const LOADING = { state: 'loading' } as const;
// The overview shows the first page; paging arrives with the editors.
const PAGE = { limit: 100 };

async function load<T>(page: () => Promise<{ data: T[] }>): Promise<Loadable<T>> {
  try {
    return { state: 'ready', items: (await page()).data };
  } catch (err) {
    return { state: 'failed', error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) };
  }
}

export const useDockhand = create<DockhandState>()((set, get) => ({
  client: null,
  agents: LOADING,
  environments: LOADING,

  setClient(client) {
    set({ client, agents: LOADING, environments: LOADING });
    if (client) void get().refresh();
  },

  async refresh() {
    const { client } = get();
    if (!client) return;
    const [agents, environments] = await Promise.all([
      load(() => client.call('agents.list', PAGE)),
      load(() => client.call('environments.list', PAGE)),
    ]);
    // A newer client (a new key) has taken over meanwhile: its own load will answer.
    if (get().client === client) set({ agents, environments });
  },
}));

/** Whether the API refused our key (only possible over HTTP). */
export const keyRefused = (s: Pick<DockhandState, 'agents' | 'environments'>) =>
  [s.agents, s.environments].some((l) => l.state === 'failed' && l.error.type === 'authentication_error');
