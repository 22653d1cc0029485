import { z } from 'zod';
import { AgentId, CreatedAtRange, Metadata, MetadataPatch, PageParams, queryBool, queryInt } from './common.ts';

const Policy = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('always_allow') }),
  z.strictObject({ type: z.literal('always_ask') }),
  z.strictObject({ type: z.literal('auto') }),
]);

const DefaultConfig = z.strictObject({
  enabled: z.boolean().nullish(),
  permission_policy: Policy.nullish(),
});

export const BUILTIN_TOOLS = ['bash', 'edit', 'read', 'write', 'glob', 'grep', 'web_fetch', 'web_search'] as const;

const BuiltinToolConfig = z.looseObject({
  name: z.enum(BUILTIN_TOOLS),
  type: z.enum(BUILTIN_TOOLS).optional(),
  enabled: z.boolean().nullish(),
  permission_policy: Policy.nullish(),
});

const AgentToolset = z.strictObject({
  type: z.literal('agent_toolset_20260401'),
  configs: z.array(BuiltinToolConfig).max(64).optional(),
  default_config: DefaultConfig.nullish(),
});

const McpToolset = z.strictObject({
  type: z.literal('mcp_toolset'),
  mcp_server_name: z.string().min(1).max(255),
  configs: z
    .array(z.strictObject({ name: z.string().min(1).max(128), enabled: z.boolean().nullish(), permission_policy: Policy.nullish() }))
    .max(256)
    .optional(),
  default_config: DefaultConfig.nullish(),
});

const CustomTool = z.strictObject({
  type: z.literal('custom'),
  name: z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'name must be 1-128 letters, digits, _ or -'),
  description: z.string().max(10_000),
  input_schema: z.looseObject({ type: z.literal('object') }),
});

export const Tools = z.array(z.discriminatedUnion('type', [AgentToolset, McpToolset, CustomTool])).max(256);

export const McpServers = z
  .array(z.strictObject({ type: z.literal('url'), name: z.string().min(1).max(255), url: z.url() }))
  .max(20);

const Effort = z.enum(['low', 'medium', 'high', 'xhigh', 'max']);
export const Model = z.union([
  z.string().min(1).max(256),
  z.strictObject({
    id: z.string().min(1).max(256),
    effort: z.union([Effort, z.strictObject({ type: Effort })]).nullish(),
    inference_geo: z.string().max(64).nullish(),
    speed: z.enum(['standard', 'fast']).nullish(),
  }),
]);

export const Skills = z
  .array(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('anthropic'), skill_id: z.string().min(1).max(256), version: z.string().max(64).nullish() }),
      z.strictObject({ type: z.literal('custom'), skill_id: z.string().min(1).max(256), version: z.string().max(64).nullish() }),
    ]),
  )
  .max(64);

const ExecutionIdentity = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('service_account') }),
  z.looseObject({ type: z.literal('aws_role') }),
]);

// Multiagent orchestration is stored as given; Dockhand runs single-threaded agents for now.
const Multiagent = z.looseObject({ type: z.string() });

const Name = z.string().trim().min(1).max(256);
const Text = z.string().max(100_000);

export const AgentCreate = z.strictObject({
  name: Name,
  model: Model,
  description: Text.nullish(),
  system: Text.nullish(),
  tools: Tools.optional(),
  mcp_servers: McpServers.optional(),
  skills: Skills.optional(),
  metadata: Metadata.optional(),
  execution_identity: ExecutionIdentity.nullish(),
  multiagent: Multiagent.nullish(),
});

export const AgentUpdate = z.strictObject({
  agent_id: AgentId,
  name: Name.optional(),
  model: Model.optional(),
  description: Text.nullish(),
  system: Text.nullish(),
  tools: Tools.nullish(),
  mcp_servers: McpServers.nullish(),
  skills: Skills.nullish(),
  metadata: MetadataPatch.nullish(),
  execution_identity: ExecutionIdentity.nullish(),
  multiagent: Multiagent.nullish(),
  version: z.number().int().min(1).optional(),
});

export const AgentRetrieve = z.object({ agent_id: AgentId, version: queryInt(1, 1_000_000).optional() });
export const AgentRef = z.object({ agent_id: AgentId });
export const AgentList = z.object({
  ...PageParams,
  include_archived: queryBool.optional(),
  'created_at[gte]': CreatedAtRange['created_at[gte]'],
  'created_at[lte]': CreatedAtRange['created_at[lte]'],
});
export const AgentVersionList = z.object({ agent_id: AgentId, ...PageParams });
