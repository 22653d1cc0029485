// The agent editor's model (renderer/src/agents/draft.ts): the form's draft and the JSON view convert into
// each other without loss, Save's patch makes exactly the edited agent, and its checks agree with the API's.
import { describe, expect, it } from 'vitest';
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import { AgentCreate, Tools } from '../../electron/core/api/schemas/agents.ts';
import { resolveConfig } from '../../electron/core/services/agent-config.ts';
import {
  builtinSetting,
  canonical,
  configFromDraft,
  configOf,
  configText,
  draftOf,
  parseConfig,
  setBuiltin,
  updateParams,
  validate,
  type AgentConfig,
  type ToolsetParams,
} from '../../renderer/src/agents/draft.ts';

const CONFIG: AgentConfig = {
  name: 'Order desk',
  description: 'Answers questions about orders',
  model: { id: 'claude-haiku-4-5', effort: 'high' },
  system: 'Look the order up first.',
  tools: [
    { type: 'custom', name: 'lookup_order', description: 'Finds an order', input_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } },
    { type: 'agent_toolset_20260401', configs: [{ name: 'bash', enabled: true, permission_policy: { type: 'always_ask' } }] },
    { type: 'mcp_toolset', mcp_server_name: 'tickets', configs: [{ name: 'create_ticket', permission_policy: { type: 'always_allow' } }] },
  ],
  mcp_servers: [{ type: 'url', name: 'tickets', url: 'https://mcp.example.com/mcp' }],
  skills: [{ type: 'anthropic', skill_id: 'xlsx' }],
  metadata: { team: 'support', tier: '2' },
};

/** The agent the API makes from a configuration (the same resolution the service runs). */
function saved(config: AgentConfig, version = 1): BetaManagedAgentsAgent {
  const at = '2026-11-28T00:00:00Z';
  return { id: 'agent_x', type: 'agent', ...resolveConfig(AgentCreate.parse(config)), version, created_at: at, updated_at: at, archived_at: null };
}

describe('the agent draft', () => {
  it('form draft → configuration gives back the configuration, tool order and all', () => {
    const { config, problems } = configFromDraft(draftOf(CONFIG));
    expect(problems).toEqual([]);
    expect(config).toEqual(CONFIG);
  });

  it('a saved agent round-trips: its configuration, through the draft and the JSON text, saves to the same agent', () => {
    const agent = saved(CONFIG);
    const config = configOf(agent);
    const parsed = parseConfig(configText(config));
    expect('config' in parsed && parsed.config).toEqual(config);
    const again = configFromDraft(draftOf(config)).config!;
    expect(canonical(again)).toBe(canonical(config));
    // Saving it unchanged resolves to the very same agent.
    const next = resolveConfig(AgentCreate.parse(again));
    for (const k of ['name', 'description', 'system', 'model', 'tools', 'mcp_servers', 'skills', 'metadata'] as const) expect(next[k]).toEqual(agent[k]);
  });

  it('a renamed MCP server takes its toolset along', () => {
    const draft = draftOf(CONFIG);
    draft.mcpServers[0]!.name = 'helpdesk';
    const { config } = configFromDraft(draft);
    expect(config!.mcp_servers[0]!.name).toBe('helpdesk');
    expect(config!.tools.find((t) => t.type === 'mcp_toolset')).toMatchObject({ mcp_server_name: 'helpdesk' });
  });

  it('a schema that is not JSON, or metadata with a repeated key, keeps the draft from becoming a configuration and says why', () => {
    const draft = draftOf(CONFIG);
    const tool = draft.tools.find((t) => t.kind === 'custom')!;
    if (tool.kind === 'custom') tool.schemaText = '{ "type": "object", ';
    draft.metadata.push({ key: 'k', name: 'team', value: 'billing' });
    const { config, problems } = configFromDraft(draft);
    expect(config).toBeNull();
    expect(problems.map((p) => [p.where, p.field])).toEqual([
      ['custom', 'schema'],
      ['metadata', 'name'],
    ]);
    expect(problems[1]!.message).toBe('Metadata key “team” appears twice');
  });

  it('Save patches metadata: removed keys are sent as null, against the version it replaces', () => {
    const against = saved(CONFIG, 3);
    const edited = { ...configOf(against), metadata: { team: 'billing' } };
    const params = updateParams(edited, against);
    expect(params.version).toBe(3);
    expect(params.metadata).toEqual({ team: 'billing', tier: null });
    expect(params.execution_identity).toBeNull();
  });

  it('the JSON view refuses what the form cannot hold, naming where', () => {
    expect(parseConfig('{ "name": "a", "model": "m", }')).toMatchObject({ error: expect.stringMatching(/^Not valid JSON/), at: expect.any(Number) });
    expect(parseConfig('[]')).toMatchObject({ error: expect.stringContaining('JSON object') });
    expect(parseConfig('{ "name": "a", "model": "m", "colour": "red" }')).toMatchObject({ error: expect.stringContaining('“colour”') });
    expect(parseConfig('{ "name": "a", "model": { "effort": "high" } }')).toMatchObject({ error: expect.stringContaining('“model”') });
    expect(parseConfig('{ "name": "a", "model": "m", "tools": [{ "type": "custom", "name": "x" }] }')).toMatchObject({ error: expect.stringContaining('tools[0]') });
    expect(parseConfig('{ "name": "a", "model": "m", "metadata": { "n": 1 } }')).toMatchObject({ error: expect.stringContaining('“metadata”') });
  });

  it('a built-in tool set back to the default drops its own config', () => {
    let toolset: ToolsetParams = { type: 'agent_toolset_20260401' };
    toolset = setBuiltin(toolset, 'bash', { policy: 'always_ask' });
    expect(toolset.configs).toEqual([{ name: 'bash', enabled: true, permission_policy: { type: 'always_ask' } }]);
    expect(builtinSetting(toolset, 'bash')).toEqual({ enabled: true, policy: 'always_ask', overridden: true });
    toolset = setBuiltin(toolset, 'bash', { policy: 'always_allow' });
    expect(toolset.configs).toEqual([]);
    expect(builtinSetting(toolset, 'read')).toEqual({ enabled: true, policy: 'always_allow', overridden: false });
  });

  it('custom tool names are checked as the API checks them', () => {
    for (const name of ['lookup_order', 'a', 'A-b_9', 'x'.repeat(128), '', 'has space', 'dot.name', 'é', 'x'.repeat(129)]) {
      const draft = draftOf({ ...CONFIG, tools: [{ type: 'custom', name, description: '', input_schema: { type: 'object' } }] });
      const mine = validate(configFromDraft(draft).config!, draft).some((p) => p.where === 'custom' && p.field === 'name');
      const api = !Tools.safeParse([{ type: 'custom', name, description: '', input_schema: { type: 'object' } }]).success;
      expect(mine, name).toBe(api);
    }
  });
});
