// MCP tools as the model sees them: `mcp__<server>__<tool>`, with the permission each call gets from the
// agent's mcp_toolset (per-tool config, else the toolset's default: always_ask unless the agent says otherwise).
import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { NewEvent } from '../store/index.ts';
import type { Call } from './state.ts';
import type { ToolSpec } from './tools.ts';

type AgentTools = BetaManagedAgentsSession['agent']['tools'];
type McpToolset = Extract<AgentTools[number], { type: 'mcp_toolset' }>;

/** A tool an MCP server listed, as it defines itself. */
export interface McpToolDefinition {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
}

/** Tool names the model may use: letters, digits, _ and -, at most 128. */
const part = (s: string) => s.replace(/[^A-Za-z0-9_-]/g, '_');
export const mcpToolName = (server: string, tool: string) => `mcp__${part(server)}__${part(tool)}`.slice(0, 128);

function policy(toolset: McpToolset, tool: string): { enabled: boolean; ask: boolean } {
  const c = toolset.configs.find((x) => x.name === tool) ?? toolset.default_config;
  return { enabled: c.enabled, ask: c.permission_policy.type === 'always_ask' };
}

/** The enabled tools of the servers that have answered, as catalog entries. */
export function mcpCatalog(tools: AgentTools, listed: ReadonlyMap<string, readonly McpToolDefinition[]>): [string, ToolSpec][] {
  return tools.flatMap((t) => {
    if (t.type !== 'mcp_toolset') return [];
    return (listed.get(t.mcp_server_name) ?? []).flatMap((d): [string, ToolSpec][] => {
      const p = policy(t, d.name);
      if (!p.enabled) return [];
      const name = mcpToolName(t.mcp_server_name, d.name);
      const definition = { name, description: d.description ?? '', input_schema: { ...d.inputSchema, type: 'object' } } as Tool;
      return [[name, { custom: false, ask: p.ask, definition, mcp: { server: t.mcp_server_name, tool: d.name } }]];
    });
  });
}

/**
 * The spec of a call to an MCP tool whose server has not listed its tools yet (connections are lazy): the
 * name says the server and tool, the agent's toolset the permission. Undefined when no enabled tool matches.
 */
export function mcpSpecByName(tools: AgentTools, name: string): ToolSpec | undefined {
  for (const t of tools) {
    if (t.type !== 'mcp_toolset') continue;
    const prefix = `mcp__${part(t.mcp_server_name)}__`;
    if (!name.startsWith(prefix)) continue;
    const tool = name.slice(prefix.length);
    const named = t.configs.find((c) => part(c.name) === tool)?.name ?? tool;
    const p = policy(t, named);
    if (p.enabled) return { custom: false, ask: p.ask, definition: { name, input_schema: { type: 'object' } }, mcp: { server: t.mcp_server_name, tool: named } };
  }
  return undefined;
}

type Content = Extract<NewEvent, { type: 'agent.tool_result' }>['content'];

/** A call's result event: agent.mcp_tool_result for an MCP tool, agent.tool_result otherwise. */
export function resultEvent(call: Pick<Call, 'eventId' | 'mcp'>, content: Content, isError: boolean): NewEvent {
  return call.mcp
    ? { type: 'agent.mcp_tool_result', mcp_tool_use_id: call.eventId, is_error: isError, content }
    : { type: 'agent.tool_result', tool_use_id: call.eventId, is_error: isError, content };
}
