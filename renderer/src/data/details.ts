// One resource by id, for the screens that open one (`#/agents/agent_...`). It comes from the live
// list when the list has it; otherwise (archived and hidden, not loaded yet, or deep-linked) it is
// retrieved once and then kept current by the same changes that update the lists.
import { useEffect } from 'react';
import { retrieveAgent, useAgents } from './agents.ts';
import type { Resource } from './collection.ts';
import { setEntry, useDetails } from './detail-cache.ts';
import { retrieveEnvironment, useEnvironments } from './environments.ts';
import { DockhandError } from './errors.ts';
import { retrieveSession, useSessions } from './sessions.ts';
import { retrieveSkill, useSkills } from './skills.ts';
import type { Agent, Environment, Session, Skill, Vault } from './types.ts';
import { retrieveVault, useVaults } from './vaults.ts';

export type Kind = 'agent' | 'environment' | 'session' | 'vault' | 'skill';

const RETRIEVE: Record<Kind, (id: string) => Promise<Resource>> = { agent: (id) => retrieveAgent(id), environment: retrieveEnvironment, session: retrieveSession, vault: retrieveVault, skill: retrieveSkill };

async function fetchDetail(kind: Kind, id: string): Promise<void> {
  setEntry(id, { loading: true });
  try {
    setEntry(id, { item: await RETRIEVE[kind](id) });
  } catch (err) {
    setEntry(id, { error: err instanceof DockhandError ? err : new DockhandError('api_error', String(err)) });
  }
}

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; item: T } | { state: 'failed'; error: DockhandError };

function useDetail<T extends Resource>(kind: Kind, id: string | null, fromList: T | undefined): Loaded<T> {
  const entry = useDetails((s) => (id ? s.entries.get(id) : undefined));
  const needed = Boolean(id && !fromList && !entry);
  useEffect(() => {
    if (needed && id) void fetchDetail(kind, id);
  }, [needed, kind, id]);
  const cached = entry?.item as T | undefined;
  const item = fromList && cached ? (Date.parse(cached.updated_at) > Date.parse(fromList.updated_at) ? cached : fromList) : (fromList ?? cached);
  if (item) return { state: 'ready', item };
  if (entry?.error) return { state: 'failed', error: entry.error };
  return { state: 'loading' };
}

export const useAgent = (id: string | null) => useDetail<Agent>('agent', id, useAgents((s) => (id ? s.byId.get(id) : undefined)));
export const useEnvironment = (id: string | null) => useDetail<Environment>('environment', id, useEnvironments((s) => (id ? s.byId.get(id) : undefined)));
export const useSession = (id: string | null) => useDetail<Session>('session', id, useSessions((s) => (id ? s.byId.get(id) : undefined)));
export const useVault = (id: string | null) => useDetail<Vault>('vault', id, useVaults((s) => (id ? s.byId.get(id) : undefined)));
export const useSkill = (id: string | null) => useDetail<Skill>('skill', id, useSkills((s) => (id ? s.byId.get(id) : undefined)));
