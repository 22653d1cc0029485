// Agents: the live list, and the calls that change one (each puts the result into the list at once,
// before the change feed repeats it).
import type { Params } from '../../../electron/core/api/contract.ts';
import { createCollection } from './collection.ts';
import { client } from './connection.ts';
import { noteDetail } from './detail-cache.ts';
import type { Agent } from './types.ts';

export interface AgentQuery {
  includeArchived: boolean;
}

export const useAgents = createCollection<Agent, AgentQuery>({
  query: { includeArchived: false },
  list: (c, q, page, limit) => c.call('agents.list', { limit, page, include_archived: q.includeArchived }),
  matches: (a, q) => q.includeArchived || !a.archived_at,
});

const keep = (agent: Agent) => (useAgents.getState().upsert(agent), noteDetail(agent), agent);

export const createAgent = async (params: Params<'agents.create'>) => keep(await client().call('agents.create', params));
export const updateAgent = async (params: Params<'agents.update'>) => keep(await client().call('agents.update', params));
export const archiveAgent = async (agent_id: string) => keep(await client().call('agents.archive', { agent_id }));
export const retrieveAgent = (agent_id: string, version?: number) => client().call('agents.retrieve', { agent_id, version });
export const listAgentVersions = (agent_id: string, page?: string | null) => client().call('agents.versions.list', { agent_id, page, limit: 100 });
