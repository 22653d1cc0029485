import { z } from 'zod';
import { isLoopback } from '../loopback.ts';
import { AgentId, CreatedAtRange, EnvironmentId, FileId, Metadata, MetadataPatch, Order, PageParams, SessionId, idOf, queryArray, queryBool, queryInt } from './common.ts';
import { McpServers, Model, Skills, Tools } from './agents.ts';
import { UserMessage, DefineOutcome } from './events.ts';

const AgentPin = z.union([
  AgentId,
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('agent'), id: AgentId, version: z.number().int().min(1).optional() }),
    // The agent (at a version) with parts replaced for this session only; each omitted part is the agent's.
    z.strictObject({
      type: z.literal('agent_with_overrides'),
      id: AgentId,
      version: z.number().int().min(1).optional(),
      model: Model.optional(),
      system: z.string().max(100_000).nullish(),
      tools: Tools.optional(),
      mcp_servers: McpServers.optional(),
      skills: Skills.optional(),
    }),
  ]),
]);

/** A field the official API defines that Dockhand cannot act on: refused, saying why, rather than ignored. */
const unsupported = (why: string) => z.unknown().refine(() => false, why).optional();

// Mount paths are absolute, without `..` segments.
const MountPath = z
  .string()
  .max(1024)
  .regex(/^\/[^\0]*$/, 'must be an absolute path')
  .refine((p) => !p.split('/').includes('..'), 'must not contain ..');

// A repository is cloned over http(s). Its token goes in authorization_token, kept in the OS keychain only: in the
// URL it would be stored and returned with the session, so user info there is refused.
const RepositoryUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL', abort: true })
  .max(2048)
  .refine((u) => {
    const url = URL.parse(u);
    return !url?.username && !url?.password;
  }, 'must not carry credentials (user:token@): pass the token in authorization_token, which Dockhand keeps in the OS keychain only');

const Repository = z
  .strictObject({
    type: z.literal('github_repository'),
    url: RepositoryUrl,
    authorization_token: z.string().max(4096).optional(),
    checkout: z
      .discriminatedUnion('type', [
        z.strictObject({ type: z.literal('branch'), name: z.string().min(1).max(256) }),
        z.strictObject({ type: z.literal('commit'), sha: z.string().regex(/^[0-9a-f]{7,64}$/) }),
      ])
      .nullish(),
    mount_path: MountPath.nullish(),
  })
  .refine(({ url, authorization_token }) => {
    const u = URL.parse(url);
    return !authorization_token || !u || u.protocol === 'https:' || isLoopback(u.hostname);
  }, {
    path: ['url'],
    message: 'an authorization_token is sent over https only (or plain http to this machine): use the https URL',
  });

const FileResource = z.strictObject({ type: z.literal('file'), file_id: FileId, mount_path: MountPath.nullish() });
export const Resource = z.discriminatedUnion('type', [FileResource, Repository]);
export type ResourceParams = z.output<typeof Resource>;

export const ResourceId = idOf('sesrsc');
/** Adds a resource to an existing session: a file (as the SDK types it) or a repository. The body is the resource. */
export const ResourceAdd = z.preprocess(
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
    const { session_id, ...resource } = v as Record<string, unknown>;
    return { session_id, resource };
  },
  z.strictObject({ session_id: SessionId, resource: Resource }),
);
export const ResourceRef = z.object({ session_id: SessionId, resource_id: ResourceId });
export const ResourceUpdate = z.strictObject({ session_id: SessionId, resource_id: ResourceId, authorization_token: z.string().min(1).max(4096) });
export const ResourceList = z.object({ session_id: SessionId, ...PageParams });

/** A spend ceiling: the most list cost (USD cents, as an integer string) the session may accrue. */
export const Budget = z.strictObject({
  type: z.literal('limit'),
  max_list_cost: z.strictObject({ amount: z.string().regex(/^(0|[1-9]\d{0,11})$/, 'must be a whole number of cents, as a string'), currency: z.literal('USD') }),
});

export const SessionCreate = z.strictObject({
  agent: AgentPin,
  environment_id: EnvironmentId,
  title: z.string().max(1024).nullish(),
  metadata: Metadata.optional(),
  resources: z.array(Resource).max(64).optional(),
  vault_ids: z.array(idOf('vlt')).max(64).optional(),
  budget: Budget.optional(),
  initial_events: z.array(z.discriminatedUnion('type', [UserMessage, DefineOutcome])).max(50).optional(),
});

export const SessionUpdate = z.strictObject({
  session_id: SessionId,
  title: z.string().max(1024).nullish(),
  metadata: MetadataPatch.nullish(),
  agent: z.strictObject({ tools: Tools.optional(), mcp_servers: McpServers.optional() }).optional(),
  budget: Budget.nullish(),
  vault_ids: unsupported("vault_ids cannot be changed on an existing session (the official API refuses it too): create a new session with the vaults it needs"),
});

export const SessionStatus = z.enum(['rescheduling', 'running', 'idle', 'terminated']);

export const SessionRef = z.object({ session_id: SessionId });
export const SessionList = z.object({
  ...PageParams,
  ...CreatedAtRange,
  agent_id: AgentId.optional(),
  agent_version: queryInt(1, 1_000_000).optional(),
  include_archived: queryBool.optional(),
  order: Order.optional(),
  statuses: queryArray(SessionStatus).optional(),
  deployment_id: unsupported('deployment_id: Dockhand has no deployments, so it cannot filter by one'),
  memory_store_id: unsupported('memory_store_id: Dockhand has no memory stores, so it cannot filter by one'),
});
