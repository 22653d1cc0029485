import type { Tool } from '@anthropic-ai/sdk/resources/messages';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { mcpCatalog, type McpToolDefinition } from './mcp-tools.ts';

type AgentTools = BetaManagedAgentsSession['agent']['tools'];

export interface ToolSpec {
  /** Built-in tools run in the hands; custom tools are answered by the client. */
  custom: boolean;
  /** always_ask: the user confirms each call before it runs. */
  ask: boolean;
  definition: Tool;
  /** An MCP server's tool: the host calls it on the server. */
  mcp?: { server: string; tool: string };
}

// The built-in tools' names, descriptions and input schemas, as the SDK defines them; its toolset module
// (most of the SDK) is imported at the first turn, not at start-up.
let builtin: Promise<ReadonlyMap<string, Tool>> | undefined;
const builtinTools = () =>
  (builtin ??= import('@anthropic-ai/sdk/tools/agent-toolset/node').then(
    ({ betaAgentToolset20260401 }) =>
      new Map(
        betaAgentToolset20260401({ workdir: '/workspace' }).flatMap((t) =>
          'input_schema' in t ? [[t.name, { name: t.name, description: t.description, input_schema: t.input_schema } as Tool] as const] : [],
        ),
      ),
  ));

/** The tools an agent offers the model, by name, with how each call is permitted; `mcp`: the tools MCP servers listed so far. */
export async function toolCatalog(tools: AgentTools, mcp: ReadonlyMap<string, readonly McpToolDefinition[]> = new Map()): Promise<Map<string, ToolSpec>> {
  const BUILTIN = await builtinTools();
  const out = new Map<string, ToolSpec>();
  for (const t of tools) {
    if (t.type === 'custom') {
      out.set(t.name, { custom: true, ask: false, definition: { name: t.name, description: t.description, input_schema: t.input_schema } });
    } else if (t.type === 'agent_toolset_20260401') {
      for (const [name, definition] of BUILTIN) {
        const c = t.configs.find((x) => x.name === name) ?? t.default_config;
        if (c.enabled) out.set(name, { custom: false, ask: c.permission_policy.type === 'always_ask', definition });
      }
    }
    // web_fetch/web_search are server tools not run locally.
  }
  for (const [name, spec] of mcpCatalog(tools, mcp)) out.set(name, spec);
  return out;
}
