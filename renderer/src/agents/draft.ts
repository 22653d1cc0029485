// The agent editor's model. Two shapes of the same agent:
// - `AgentConfig`: the configuration as the API takes it (create params): what the JSON view shows
//   and what Save sends;
// - `AgentDraft`: the same, split the way the form edits it (custom tools' schemas as text, metadata as
//   rows, a stable key per item), so half-typed values live somewhere without being valid yet.
// Both convert into each other without loss; pure functions, no React.
import type { Agent, AgentCreateParams } from '../data/types.ts';
import type { Params } from '../../../electron/core/api/contract.ts';

export type AgentConfig = Omit<AgentCreateParams, 'description' | 'system' | 'tools' | 'mcp_servers' | 'skills' | 'metadata'> & {
  description: string;
  system: string;
  tools: ToolParams[];
  mcp_servers: McpServerParams[];
  skills: SkillParams[];
  metadata: Record<string, string>;
};
export type ToolParams = NonNullable<AgentCreateParams['tools']>[number];
export type ToolsetParams = Extract<ToolParams, { type: 'agent_toolset_20260401' }>;
export type McpToolsetParams = Extract<ToolParams, { type: 'mcp_toolset' }>;
export type CustomToolParams = Extract<ToolParams, { type: 'custom' }>;
export type McpServerParams = NonNullable<AgentCreateParams['mcp_servers']>[number];
export type SkillParams = NonNullable<AgentCreateParams['skills']>[number];
export type ModelParams = AgentCreateParams['model'];
export type PolicyType = 'always_allow' | 'always_ask' | 'auto';
export type ToolConfigParams = NonNullable<ToolsetParams['configs']>[number];
export type BuiltinName = ToolConfigParams['name'];

export const TOOLSET = 'agent_toolset_20260401';

/** The built-in tools, in the order the editor lists them, with what each lets the agent do. */
export const BUILTIN_TOOLS: readonly { name: BuiltinName; summary: string }[] = [
  { name: 'bash', summary: 'Run shell commands in the sandbox' },
  { name: 'read', summary: 'Read files' },
  { name: 'write', summary: 'Create or overwrite files' },
  { name: 'edit', summary: 'Change part of a file' },
  { name: 'glob', summary: 'Find files by name pattern' },
  { name: 'grep', summary: 'Search inside files' },
  { name: 'web_fetch', summary: 'Fetch a web page' },
  { name: 'web_search', summary: 'Search the web' },
];

export type DraftTool =
  | { key: string; kind: 'toolset'; value: ToolsetParams }
  | { key: string; kind: 'custom'; name: string; description: string; schemaText: string }
  | { key: string; kind: 'mcp'; value: McpToolsetParams };

export interface AgentDraft {
  name: string;
  description: string;
  model: ModelParams;
  system: string;
  /** In the agent's order. */
  tools: DraftTool[];
  /** Each server with the key of its toolset in `tools` (the two are named alike; the form edits them as one). */
  mcpServers: (McpServerParams & { key: string; toolsetKey: string | null })[];
  skills: (SkillParams & { key: string })[];
  metadata: { key: string; name: string; value: string }[];
  /** Fields the form does not edit, carried through unchanged. */
  rest: Pick<AgentCreateParams, 'execution_identity' | 'multiagent'>;
}

let counter = 0;
/** A key for a list item, stable while it is edited (React keys, focus). */
export const newKey = () => `k${++counter}`;

export const schemaText = (schema: unknown) => JSON.stringify(schema, null, 2);

export const NEW_SCHEMA = schemaText({ type: 'object', properties: {}, required: [] });

/** The configuration of a saved agent (any version), as the editor starts from it. */
export function configOf(agent: Agent): AgentConfig {
  const config: AgentConfig = {
    name: agent.name,
    description: agent.description ?? '',
    model: agent.model,
    system: agent.system ?? '',
    tools: agent.tools as ToolParams[],
    mcp_servers: agent.mcp_servers,
    skills: agent.skills,
    metadata: agent.metadata,
  };
  // Kept as given (the form does not edit them); the API's own types are narrower than its params'.
  if (agent.execution_identity && agent.execution_identity.type !== 'service_account') config.execution_identity = agent.execution_identity as unknown as AgentConfig['execution_identity'];
  if (agent.multiagent) config.multiagent = agent.multiagent as unknown as AgentConfig['multiagent'];
  return config;
}

/** A new agent: the built-in tools, every one allowed; the model most people start with. */
export const NEW_AGENT: AgentConfig = {
  name: '',
  description: '',
  model: 'claude-sonnet-4-6',
  system: '',
  tools: [{ type: TOOLSET }],
  mcp_servers: [],
  skills: [],
  metadata: {},
};

export function draftOf(config: AgentConfig): AgentDraft {
  const tools = config.tools.map((t): DraftTool => {
    if (t.type === 'custom') return { key: newKey(), kind: 'custom', name: t.name, description: t.description, schemaText: schemaText(t.input_schema) };
    if (t.type === 'mcp_toolset') return { key: newKey(), kind: 'mcp', value: t };
    return { key: newKey(), kind: 'toolset', value: t };
  });
  const toolsetOf = (server: string) => tools.find((t) => t.kind === 'mcp' && t.value.mcp_server_name === server)?.key ?? null;
  return {
    name: config.name,
    description: config.description,
    model: config.model,
    system: config.system,
    tools,
    mcpServers: config.mcp_servers.map((s) => ({ ...s, key: newKey(), toolsetKey: toolsetOf(s.name) })),
    skills: config.skills.map((s) => ({ ...s, key: newKey() })),
    metadata: Object.entries(config.metadata).map(([name, value]) => ({ key: newKey(), name, value })),
    rest: { ...(config.execution_identity ? { execution_identity: config.execution_identity } : {}), ...(config.multiagent ? { multiagent: config.multiagent } : {}) },
  };
}

/** A reason the draft cannot be saved, and where (a form section and, when it has one, the item's key). */
export interface Problem {
  where: 'name' | 'model' | 'tools' | 'custom' | 'mcp' | 'skills' | 'metadata' | 'json';
  key?: string;
  field?: string;
  message: string;
  /** A required value not typed yet: shown once a save is tried, not while the form is new. */
  empty?: boolean;
}

const strip = <T extends { key: string }>({ key: _key, ...rest }: T) => rest;
const stripServer = ({ key: _key, toolsetKey: _toolset, ...rest }: AgentDraft['mcpServers'][number]) => rest;

/** The configuration a draft stands for; fails (with the problems) when part of it is not valid JSON or not representable. */
export function configFromDraft(d: AgentDraft): { config: AgentConfig | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const tools: ToolParams[] = [];
  for (const t of d.tools) {
    if (t.kind === 'mcp') {
      // The toolset follows its server's name as it is edited.
      const server = d.mcpServers.find((s) => s.toolsetKey === t.key);
      tools.push(server ? { ...t.value, mcp_server_name: server.name } : t.value);
      continue;
    }
    if (t.kind !== 'custom') {
      tools.push(t.value);
      continue;
    }
    let input_schema: CustomToolParams['input_schema'] | undefined;
    try {
      input_schema = JSON.parse(t.schemaText);
    } catch (err) {
      problems.push({ where: 'custom', key: t.key, field: 'schema', message: `${t.name || 'A custom tool'}: the input schema is not valid JSON (${(err as Error).message})` });
    }
    if (input_schema !== undefined) tools.push({ type: 'custom', name: t.name, description: t.description, input_schema });
  }
  const metadata: Record<string, string> = {};
  for (const m of d.metadata) {
    if (!m.name.trim()) problems.push({ where: 'metadata', key: m.key, field: 'name', message: 'Give the entry a key.', empty: true });
    else if (Object.hasOwn(metadata, m.name)) problems.push({ where: 'metadata', key: m.key, field: 'name', message: `Metadata key “${m.name}” appears twice` });
    else metadata[m.name] = m.value;
  }
  if (problems.length) return { config: null, problems };
  return {
    config: {
      name: d.name,
      description: d.description,
      model: d.model,
      system: d.system,
      tools,
      mcp_servers: d.mcpServers.map(stripServer),
      skills: d.skills.map(strip),
      metadata,
      ...d.rest,
    },
    problems,
  };
}

const CUSTOM_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** Checks that mirror the API's own (agents schema), so most mistakes show beside the field before saving. */
export function validate(config: AgentConfig, draft: AgentDraft): Problem[] {
  const problems: Problem[] = [];
  if (!config.name.trim()) problems.push({ where: 'name', message: 'Give the agent a name.', empty: true });
  else if (config.name.length > 256) problems.push({ where: 'name', message: 'The name is longer than 256 characters.' });
  if (!modelId(config.model).trim()) problems.push({ where: 'model', message: 'Choose a model, or type a model id.', empty: true });
  const seen = new Set<string>();
  for (const t of draft.tools) {
    if (t.kind !== 'custom') continue;
    if (!t.name) problems.push({ where: 'custom', key: t.key, field: 'name', message: 'Give the custom tool a name.', empty: true });
    else if (!CUSTOM_NAME.test(t.name)) problems.push({ where: 'custom', key: t.key, field: 'name', message: `“${t.name}”: use 1-128 letters, digits, _ or -.` });
    else if (seen.has(t.name)) problems.push({ where: 'custom', key: t.key, field: 'name', message: `Two custom tools are named “${t.name}”.` });
    seen.add(t.name);
    if (t.description.length > 10_000) problems.push({ where: 'custom', key: t.key, field: 'description', message: `${t.name}: the description is longer than 10,000 characters.` });
  }
  const servers = new Set<string>();
  for (const s of draft.mcpServers) {
    if (!s.name.trim()) problems.push({ where: 'mcp', key: s.key, field: 'name', message: 'Give the MCP server a name.', empty: true });
    else if (servers.has(s.name)) problems.push({ where: 'mcp', key: s.key, field: 'name', message: `Two MCP servers are named “${s.name}”.` });
    servers.add(s.name);
    if (!s.url) problems.push({ where: 'mcp', key: s.key, field: 'url', message: 'Give the server’s address.', empty: true });
    else if (!isHttpUrl(s.url)) problems.push({ where: 'mcp', key: s.key, field: 'url', message: `${s.name || 'An MCP server'}: the address must be an http(s) URL, like https://mcp.example.com/mcp.` });
    const toolset = draft.tools.find((t) => t.key === s.toolsetKey);
    if (!toolset) problems.push({ where: 'mcp', key: s.key, field: 'tools', message: `${s.name || 'An MCP server'} has no toolset: add one, or remove the server.` });
    const names = toolset?.kind === 'mcp' ? (toolset.value.configs ?? []).map((c) => c.name) : [];
    if (names.some((n) => !n.trim())) problems.push({ where: 'mcp', key: s.key, field: 'tools', message: `${s.name || 'This server'}: name the tool each setting is for.`, empty: true });
    if (new Set(names).size !== names.length) problems.push({ where: 'mcp', key: s.key, field: 'tools', message: `${s.name}: a tool is listed twice.` });
  }
  for (const s of draft.skills) if (!s.skill_id.trim()) problems.push({ where: 'skills', key: s.key, message: s.type === 'custom' ? 'Choose one of the uploaded skills.' : 'Give the skill’s id.', empty: true });
  if (draft.metadata.length > 16) problems.push({ where: 'metadata', message: `Metadata holds at most 16 entries (this has ${draft.metadata.length}).` });
  for (const m of draft.metadata) {
    if (m.name.length > 64) problems.push({ where: 'metadata', key: m.key, field: 'name', message: `Metadata key “${m.name.slice(0, 20)}…” is longer than 64 characters.` });
    if (m.value.length > 512) problems.push({ where: 'metadata', key: m.key, field: 'value', message: `The value of “${m.name}” is longer than 512 characters.` });
  }
  return problems;
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export const modelId = (m: ModelParams): string => (typeof m === 'string' ? m : m.id);
export const effortOf = (m: ModelParams): string | undefined => {
  if (typeof m === 'string' || !m.effort) return undefined;
  return typeof m.effort === 'string' ? m.effort : m.effort.type;
};

/** Canonical JSON: object keys sorted, so two configurations compare by content. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}

/** The JSON view's text for a configuration. */
export const configText = (config: AgentConfig) => JSON.stringify(config, null, 2);

/** What Save sends to update `against` (the version being replaced) so that the result is `config`. */
export function updateParams(config: AgentConfig, against: Agent): Params<'agents.update'> {
  // Metadata is a patch: keys to keep or set, and null for the keys to remove.
  const metadata: Record<string, string | null> = { ...config.metadata };
  for (const k of Object.keys(against.metadata)) if (!Object.hasOwn(config.metadata, k)) metadata[k] = null;
  return {
    agent_id: against.id,
    version: against.version,
    name: config.name,
    description: config.description,
    model: config.model,
    system: config.system,
    tools: config.tools,
    mcp_servers: config.mcp_servers,
    skills: config.skills,
    metadata,
    execution_identity: config.execution_identity ?? null,
    multiagent: config.multiagent ?? null,
  };
}

const TOP_LEVEL = new Set(['name', 'description', 'model', 'system', 'tools', 'mcp_servers', 'skills', 'metadata', 'execution_identity', 'multiagent']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the JSON view's text as a configuration. Checks the shape the form needs (the API checks the
 * rest on save, and says what is wrong); an error carries the text offset it is about when known.
 */
export function parseConfig(text: string): { config: AgentConfig } | { error: string; at?: number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message)?.[1];
    return { error: `Not valid JSON: ${message}`, at: at === undefined ? undefined : Number(at) };
  }
  if (!isObject(value)) return { error: 'The agent must be a JSON object: { "name": …, "model": … }.' };
  const unknown = Object.keys(value).filter((k) => !TOP_LEVEL.has(k));
  if (unknown.length) return { error: `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `“${k}”`).join(', ')}: an agent has ${[...TOP_LEVEL].join(', ')}.` };
  const v = value;
  if (typeof v.name !== 'string') return { error: '“name” must be a string.' };
  if (!(typeof v.model === 'string' || (isObject(v.model) && typeof v.model.id === 'string'))) return { error: '“model” must be a model id, or an object with an “id”.' };
  for (const k of ['description', 'system'] as const) if (v[k] !== undefined && v[k] !== null && typeof v[k] !== 'string') return { error: `“${k}” must be a string.` };
  for (const k of ['tools', 'mcp_servers', 'skills'] as const) {
    if (v[k] === undefined || v[k] === null) continue;
    if (!Array.isArray(v[k]) || !(v[k] as unknown[]).every(isObject)) return { error: `“${k}” must be a list of objects.` };
  }
  const tools = (v.tools ?? []) as Record<string, unknown>[];
  for (const [i, t] of tools.entries()) {
    if (t.type === 'custom') {
      if (typeof t.name !== 'string' || !isObject(t.input_schema)) return { error: `tools[${i}]: a custom tool needs a “name” and an “input_schema” object.` };
      if (t.description !== undefined && typeof t.description !== 'string') return { error: `tools[${i}]: “description” must be a string.` };
    } else if (t.type === 'mcp_toolset') {
      if (typeof t.mcp_server_name !== 'string') return { error: `tools[${i}]: an mcp_toolset needs “mcp_server_name”.` };
    } else if (t.type !== TOOLSET) return { error: `tools[${i}]: “type” must be "${TOOLSET}", "mcp_toolset" or "custom".` };
  }
  for (const [i, s] of ((v.mcp_servers ?? []) as Record<string, unknown>[]).entries()) {
    if (typeof s.name !== 'string' || typeof s.url !== 'string') return { error: `mcp_servers[${i}]: a server needs a “name” and a “url”.` };
  }
  for (const [i, s] of ((v.skills ?? []) as Record<string, unknown>[]).entries()) {
    if (typeof s.skill_id !== 'string' || (s.type !== 'anthropic' && s.type !== 'custom')) return { error: `skills[${i}]: a skill needs “type” ("anthropic" or "custom") and “skill_id”.` };
  }
  if (v.metadata !== undefined && v.metadata !== null && !(isObject(v.metadata) && Object.values(v.metadata).every((x) => typeof x === 'string')))
    return { error: '“metadata” must be an object of strings: { "team": "support" }.' };
  return {
    config: {
      ...(v as unknown as AgentConfig),
      description: (v.description as string | null | undefined) ?? '',
      system: (v.system as string | null | undefined) ?? '',
      tools: tools.map((t) => (t.type === 'custom' ? { ...t, description: t.description ?? '' } : t)) as ToolParams[],
      mcp_servers: (v.mcp_servers ?? []) as McpServerParams[],
      skills: (v.skills ?? []) as SkillParams[],
      metadata: (v.metadata ?? {}) as Record<string, string>,
    },
  };
}

/** The effective setting of a built-in tool: its own config, else the toolset's default. */
export function builtinSetting(toolset: ToolsetParams, name: BuiltinName): { enabled: boolean; policy: PolicyType; overridden: boolean } {
  const own = toolset.configs?.find((c) => c.name === name);
  const d = toolset.default_config;
  return {
    enabled: own?.enabled ?? d?.enabled ?? true,
    policy: own?.permission_policy?.type ?? d?.permission_policy?.type ?? 'always_allow',
    overridden: Boolean(own),
  };
}

/** Sets one built-in tool; a config that only repeats the default is dropped, so the JSON stays short. */
export function setBuiltin(toolset: ToolsetParams, name: BuiltinName, change: { enabled?: boolean; policy?: PolicyType }): ToolsetParams {
  const configs = [...(toolset.configs ?? [])];
  const i = configs.findIndex((c) => c.name === name);
  const current = builtinSetting(toolset, name);
  const own = i >= 0 ? configs[i]! : ({ name } as ToolConfigParams);
  const next = { ...own, enabled: change.enabled ?? current.enabled, permission_policy: { type: change.policy ?? current.policy } } as ToolConfigParams;
  const d = { enabled: toolset.default_config?.enabled ?? true, policy: toolset.default_config?.permission_policy?.type ?? 'always_allow' };
  const extra = Object.keys(next).some((k) => !['name', 'type', 'enabled', 'permission_policy'].includes(k));
  const same = !extra && next.enabled === d.enabled && next.permission_policy?.type === d.policy;
  if (i >= 0) same ? configs.splice(i, 1) : (configs[i] = next);
  else if (!same) configs.push(next);
  const out: ToolsetParams = { ...toolset, configs };
  if (!configs.length && !toolset.configs) delete out.configs;
  return out;
}

/** Per-tool settings of an MCP toolset default to asking (the API's default for MCP tools). */
export function mcpDefault(toolset: McpToolsetParams): { enabled: boolean; policy: PolicyType } {
  return { enabled: toolset.default_config?.enabled ?? true, policy: toolset.default_config?.permission_policy?.type ?? 'always_ask' };
}

/** About four characters per token for English prose and code: a rough guide, not a count. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
