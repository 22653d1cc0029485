import { z } from 'zod';
import { isLoopback } from '../loopback.ts';
import { AgentId, CreatedAtRange, EnvironmentId, Metadata, MetadataPatch, Order, PageParams, SessionId, idOf, queryArray, queryBool, queryInt } from './common.ts';
import { McpServers, Tools } from './agents.ts';
import { UserMessage, DefineOutcome } from './events.ts';

const AgentPin = z.union([
  AgentId,
  z.strictObject({ type: z.literal('agent'), id: AgentId, version: z.number().int().min(1).optional() }),
]);

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

const Resource = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('file'), file_id: z.string().min(1).max(256), mount_path: MountPath.nullish() }),
  Repository,
]);

export const SessionCreate = z.strictObject({
  agent: AgentPin,
  environment_id: EnvironmentId,
  title: z.string().max(1024).nullish(),
  metadata: Metadata.optional(),
  resources: z.array(Resource).max(64).optional(),
  vault_ids: z.array(idOf('vlt')).max(64).optional(),
  initial_events: z.array(z.discriminatedUnion('type', [UserMessage, DefineOutcome])).max(100).optional(),
});

export const SessionUpdate = z.strictObject({
  session_id: SessionId,
  title: z.string().max(1024).nullish(),
  metadata: MetadataPatch.nullish(),
  agent: z.strictObject({ tools: Tools.optional(), mcp_servers: McpServers.optional() }).optional(),
  vault_ids: z.array(idOf('vlt')).max(64).optional(),
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
});
