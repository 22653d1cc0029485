// Environments: the live list and the calls that change one.
import type { Params } from '../../../electron/core/api/contract.ts';
import { createCollection } from './collection.ts';
import { client } from './connection.ts';
import { dropDetail, noteDetail } from './detail-cache.ts';
import type { Environment } from './types.ts';

export interface EnvironmentQuery {
  includeArchived: boolean;
}

export const useEnvironments = createCollection<Environment, EnvironmentQuery>({
  query: { includeArchived: false },
  list: (c, q, page, limit) => c.call('environments.list', { limit, page, include_archived: q.includeArchived }),
  matches: (e, q) => q.includeArchived || !e.archived_at,
});

const keep = (env: Environment) => (useEnvironments.getState().upsert(env), noteDetail(env), env);

export const createEnvironment = async (params: Params<'environments.create'>) => keep(await client().call('environments.create', params));
export const updateEnvironment = async (params: Params<'environments.update'>) => keep(await client().call('environments.update', params));
export const archiveEnvironment = async (environment_id: string) => keep(await client().call('environments.archive', { environment_id }));
export const retrieveEnvironment = (environment_id: string) => client().call('environments.retrieve', { environment_id });

export async function deleteEnvironment(environment_id: string): Promise<void> {
  await client().call('environments.delete', { environment_id });
  useEnvironments.getState().remove(environment_id);
  dropDetail(environment_id);
}
