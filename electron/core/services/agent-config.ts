// Turns agent create/update params into the resolved shapes the API returns: defaults filled in,
// cross-references checked (every MCP server used by a toolset, names unique).
import type { z } from 'zod';
import type { BetaManagedAgentsAgent, BetaManagedAgentsAgentToolConfig } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { AgentCreate, McpServers, Model, Skills, Tools } from '../api/schemas/agents.ts';
import { invalid } from '../api/errors.ts';

type Agent = BetaManagedAgentsAgent;
type Policy = { type: 'always_allow' } | { type: 'always_ask' } | { type: 'auto' };
/** Tool params as sent, or tools already resolved (an update merges over the current ones). */
type ToolsIn = (z.output<typeof Tools>[number] | Agent['tools'][number])[];

export function resolveModel(m: z.output<typeof Model>): Agent['model'] {
  if (typeof m === 'string') return { id: m };
  const out: Agent['model'] = { id: m.id };
  if (m.effort) out.effort = typeof m.effort === 'string' ? { type: m.effort } : m.effort;
  if (m.inference_geo) out.inference_geo = m.inference_geo;
  if (m.speed) out.speed = m.speed;
  return out;
}

const resolveDefault = (d: { enabled?: boolean | null; permission_policy?: Policy | null } | null | undefined, policy: Policy) => ({
  enabled: d?.enabled ?? true,
  permission_policy: d?.permission_policy ?? policy,
});

function unique(names: string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw invalid(`${what} "${n}" appears more than once`);
    seen.add(n);
  }
}

/** The built-in toolset defaults to always_allow; MCP toolsets to always_ask. */
export function resolveTools(tools: ToolsIn, servers: Agent['mcp_servers']): Agent['tools'] {
  if (tools.filter((t) => t.type === 'agent_toolset_20260401').length > 1) throw invalid('tools: at most one agent_toolset_20260401');
  unique(tools.flatMap((t) => (t.type === 'custom' ? [t.name] : [])), 'custom tool');
  unique(tools.flatMap((t) => (t.type === 'mcp_toolset' ? [t.mcp_server_name] : [])), 'mcp_toolset for server');
  return tools.map((t): Agent['tools'][number] => {
    if (t.type === 'custom') return { type: 'custom', name: t.name, description: t.description, input_schema: t.input_schema };
    if (t.type === 'mcp_toolset') {
      if (!servers.some((s) => s.name === t.mcp_server_name)) throw invalid(`tools: mcp_toolset refers to unknown MCP server "${t.mcp_server_name}"`);
      const d = resolveDefault(t.default_config, { type: 'always_ask' });
      unique((t.configs ?? []).map((c) => c.name), 'tool config');
      return {
        type: 'mcp_toolset',
        mcp_server_name: t.mcp_server_name,
        default_config: d,
        configs: (t.configs ?? []).map((c) => ({ name: c.name, enabled: c.enabled ?? d.enabled, permission_policy: c.permission_policy ?? d.permission_policy })),
      };
    }
    const d = resolveDefault(t.default_config, { type: 'always_allow' });
    unique((t.configs ?? []).map((c) => c.name), 'tool config');
    return {
      type: 'agent_toolset_20260401',
      default_config: d,
      configs: (t.configs ?? []).map((c) => {
        if (c.type && c.type !== c.name) throw invalid(`tools: config type "${c.type}" does not match name "${c.name}"`);
        return { ...c, type: c.name, enabled: c.enabled ?? d.enabled, permission_policy: c.permission_policy ?? d.permission_policy } as BetaManagedAgentsAgentToolConfig;
      }),
    };
  });
}

export function resolveServers(servers: z.output<typeof McpServers>, tools: ToolsIn): Agent['mcp_servers'] {
  unique(servers.map((s) => s.name), 'MCP server');
  for (const s of servers) {
    if (!tools.some((t) => t.type === 'mcp_toolset' && t.mcp_server_name === s.name)) throw invalid(`mcp_servers: "${s.name}" is not used by any mcp_toolset in tools`);
  }
  return servers.map((s) => ({ type: 'url', name: s.name, url: s.url }));
}

export const resolveSkills = (skills: z.output<typeof Skills>): Agent['skills'] =>
  skills.map((s) => ({ type: s.type, skill_id: s.skill_id, version: s.version ?? 'latest' }));

/** The configuration part of an agent (everything a new version may change), from create params. */
export function resolveConfig(p: z.output<typeof AgentCreate>) {
  const tools = p.tools ?? [];
  const mcp_servers = resolveServers(p.mcp_servers ?? [], tools);
  return {
    name: p.name,
    description: p.description || null,
    system: p.system || null,
    model: resolveModel(p.model),
    tools: resolveTools(tools, mcp_servers),
    mcp_servers,
    skills: resolveSkills(p.skills ?? []),
    metadata: p.metadata ?? {},
    execution_identity: (p.execution_identity ?? { type: 'service_account' }) as Agent['execution_identity'],
    multiagent: (p.multiagent ?? null) as Agent['multiagent'],
  };
}
