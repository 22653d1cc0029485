import { isDeepStrictEqual } from 'node:util';
import type { z } from 'zod';
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { Services } from '../api/contract.ts';
import type { AgentCreate } from '../api/schemas/agents.ts';
import { conflict, invalid, notFound } from '../api/errors.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import { resolveConfig } from './agent-config.ts';
import { createdFilters, pageSize, patchMetadata } from './metadata.ts';
import { checkSkills } from './skills.ts';

type Agent = BetaManagedAgentsAgent;
type AgentServices = Pick<Services, 'agents.create' | 'agents.retrieve' | 'agents.update' | 'agents.list' | 'agents.archive' | 'agents.versions.list'>;

const CONFIG_KEYS = ['name', 'description', 'system', 'model', 'tools', 'mcp_servers', 'skills', 'metadata', 'execution_identity', 'multiagent'] as const;

export function agentServices(store: Store): AgentServices {
  const load = (id: string, version?: number): Agent => {
    const a = store.agents.get(id, version);
    if (!a) throw notFound(version === undefined ? 'agent' : `version ${version} of agent`, id);
    return a;
  };

  return {
    async 'agents.create'(p) {
      const at = now();
      const config = resolveConfig(p);
      checkSkills(store, config.skills);
      const agent: Agent = { id: newId('agent'), type: 'agent', ...config, version: 1, created_at: at, updated_at: at, archived_at: null };
      store.agents.insert(agent);
      return agent;
    },

    async 'agents.retrieve'({ agent_id, version }) {
      return load(agent_id, version);
    },

    async 'agents.update'({ agent_id, version, metadata, ...patch }) {
      const current = load(agent_id);
      if (current.archived_at) throw invalid(`agent ${agent_id} is archived and cannot be changed`);
      if (version !== undefined && version !== current.version)
        throw conflict(`agent ${agent_id} is at version ${current.version}, not ${version}: retrieve it and apply your change again`);
      // Merge the patch over the current configuration (null clears a field), then resolve it like a create.
      const merged = { ...current } as Record<string, unknown>;
      for (const [k, v] of Object.entries(patch)) if (v !== undefined) merged[k] = v;
      for (const k of ['tools', 'mcp_servers', 'skills'] as const) if (merged[k] === null) merged[k] = [];
      const config = resolveConfig({ ...(merged as z.output<typeof AgentCreate>), metadata: patchMetadata(current.metadata, metadata) });
      if (CONFIG_KEYS.every((k) => isDeepStrictEqual(config[k], current[k]))) return current;
      if (!isDeepStrictEqual(config.skills, current.skills)) checkSkills(store, config.skills);
      const next: Agent = { ...current, ...config, version: current.version + 1, updated_at: now() };
      if (!store.agents.saveVersion(next, current.version)) throw conflict(`agent ${agent_id} changed while updating: try again`);
      return next;
    },

    async 'agents.list'(q) {
      const res = store.agents.list(
        { includeArchived: q.include_archived ?? false, ...Object.fromEntries(createdFilters(q).map((c) => [c.op === '>=' ? 'createdGte' : 'createdLte', c.at])) },
        pageSize(q.limit),
        q.page,
      );
      return { data: res.rows, next_page: res.next_page };
    },

    async 'agents.archive'({ agent_id }) {
      load(agent_id);
      store.agents.archive(agent_id, now());
      return load(agent_id);
    },

    async 'agents.versions.list'({ agent_id, limit, page }) {
      load(agent_id);
      const res = store.agents.versions(agent_id, pageSize(limit), page);
      return { data: res.rows, next_page: res.next_page };
    },
  };
}
