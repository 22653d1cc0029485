// Every operation once: its input schema, its HTTP route and its result type. The HTTP server and
// the IPC router both walk this object; the renderer's client is typed from it. Adding an
// operation is one line here plus its implementation in services/.
import type { z } from 'zod';
import type { BetaManagedAgentsAgent } from '@anthropic-ai/sdk/resources/beta/agents/agents';
import type { BetaDeletedFile, BetaFileMetadata } from '@anthropic-ai/sdk/resources/beta/files';
import type { BetaEnvironment, BetaEnvironmentDeleteResponse } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { BetaManagedAgentsDeletedSession, BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { BetaManagedAgentsDeleteSessionResource, BetaManagedAgentsSessionResource } from '@anthropic-ai/sdk/resources/beta/sessions/resources';
import type {
  BetaManagedAgentsSendSessionEvents,
  BetaManagedAgentsSessionEvent,
  BetaManagedAgentsStreamSessionEvents,
} from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { AgentCreate, AgentList, AgentRef, AgentRetrieve, AgentUpdate, AgentVersionList } from './schemas/agents.ts';
import { EnvironmentCreate, EnvironmentList, EnvironmentRef, EnvironmentUpdate } from './schemas/environments.ts';
import { ResourceAdd, ResourceList, ResourceRef, ResourceUpdate, SessionCreate, SessionList, SessionRef, SessionUpdate } from './schemas/sessions.ts';
import { EventsList, EventsSend, EventsStream } from './schemas/events.ts';
import { SessionFork, SessionImport } from './schemas/session-transfer.ts';
import { OutputRef } from './schemas/sandbox.ts';
import { FileList, FileRef, FileUpload } from './schemas/files.ts';
import { SkillCreate, SkillList, SkillRef, SkillVersionCreate, SkillVersionList, SkillVersionRef } from './schemas/skills.ts';
import type { BetaDeletedSkill, BetaSkill } from '@anthropic-ai/sdk/resources/beta/skills/skills';
import type { BetaDeletedSkillVersion, BetaSkillVersion } from '@anthropic-ai/sdk/resources/beta/skills/versions';
import type { FileContent, InlineContent } from './payloads.ts';
import type { OutputFile, OutputList, SessionSandbox } from './sandbox.ts';
import { ChangesStream, RotateKey, SessionActivityQuery, EventsWindowQuery, SessionStateQuery, SystemStatusQuery, UsageQuery } from './schemas/dockhand.ts';
import type { EventsWindow, SessionStateAt } from './replay.ts';
import type { UsageReport } from './usage.ts';
import type { EnvironmentBuildEvent } from './environment-build.ts';
import type { ResourceChange, SessionActivity } from './changes.ts';
import type { SystemStatus } from './system.ts';
import type { BetaManagedAgentsDeletedVault, BetaManagedAgentsVault } from '@anthropic-ai/sdk/resources/beta/vaults/vaults';
import type { BetaManagedAgentsCredential, BetaManagedAgentsCredentialValidation, BetaManagedAgentsDeletedCredential } from '@anthropic-ai/sdk/resources/beta/vaults/credentials';
import { CredentialCreate, CredentialList, CredentialRef, CredentialUpdate, ModelKeySet, NoInput, VaultCreate, VaultList, VaultRef, VaultSessions, VaultUpdate } from './schemas/vaults.ts';
import type { KeychainStatus, ModelKeyStatus } from './settings.ts';

export type Route = `${'GET' | 'POST' | 'DELETE'} /v1/${string}`;

/** A request-response operation. `R` exists only in the type system. */
export interface CallOp<I extends z.ZodType, R> {
  kind: 'call';
  input: I;
  route: Route;
  /** The result is text of this type: its route answers with it as is (the RPC path and IPC carry it as a JSON string). */
  mediaType?: string;
  /** Its route takes multipart/form-data: file parts arrive as StagedFile values (see payloads.ts). */
  multipart?: boolean;
  _result?: R;
}
/** A subscription: an ordered stream of items (SSE over HTTP, messages over IPC). */
export interface StreamOp<I extends z.ZodType, T> {
  kind: 'stream';
  input: I;
  route: Route;
  _item?: T;
}

interface CallOptions<R> {
  mediaType?: R extends string ? string : never;
  multipart?: boolean;
}
const call =
  <R>() =>
  <I extends z.ZodType>(input: I, route: Route, opts: CallOptions<R> = {}): CallOp<I, R> => ({ kind: 'call', input, route, ...opts });
const stream =
  <T>() =>
  <I extends z.ZodType>(input: I, route: Route): StreamOp<I, T> => ({ kind: 'stream', input, route });

export interface Page<T> {
  data: T[];
  next_page: string | null;
}
export interface BidirectionalPage<T> extends Page<T> {
  prev_page: string | null;
}

type Agent = BetaManagedAgentsAgent;
type Session = BetaManagedAgentsSession;
type Vault = BetaManagedAgentsVault;
type Credential = BetaManagedAgentsCredential;
type SessionResource = BetaManagedAgentsSessionResource;

export const contract = {
  'agents.create': call<Agent>()(AgentCreate, 'POST /v1/agents'),
  'agents.retrieve': call<Agent>()(AgentRetrieve, 'GET /v1/agents/:agent_id'),
  'agents.update': call<Agent>()(AgentUpdate, 'POST /v1/agents/:agent_id'),
  'agents.list': call<Page<Agent>>()(AgentList, 'GET /v1/agents'),
  'agents.archive': call<Agent>()(AgentRef, 'POST /v1/agents/:agent_id/archive'),
  'agents.versions.list': call<Page<Agent>>()(AgentVersionList, 'GET /v1/agents/:agent_id/versions'),

  'environments.create': call<BetaEnvironment>()(EnvironmentCreate, 'POST /v1/environments'),
  'environments.retrieve': call<BetaEnvironment>()(EnvironmentRef, 'GET /v1/environments/:environment_id'),
  'environments.update': call<BetaEnvironment>()(EnvironmentUpdate, 'POST /v1/environments/:environment_id'),
  'environments.list': call<Page<BetaEnvironment>>()(EnvironmentList, 'GET /v1/environments'),
  'environments.archive': call<BetaEnvironment>()(EnvironmentRef, 'POST /v1/environments/:environment_id/archive'),
  'environments.delete': call<BetaEnvironmentDeleteResponse>()(EnvironmentRef, 'DELETE /v1/environments/:environment_id'),
  /** Dockhand extension: builds (or finds cached) the environment's image, streaming progress; ends after complete or failed. */
  'environments.build': stream<EnvironmentBuildEvent>()(EnvironmentRef, 'POST /v1/environments/:environment_id/build'),

  'sessions.create': call<Session>()(SessionCreate, 'POST /v1/sessions'),
  'sessions.retrieve': call<Session>()(SessionRef, 'GET /v1/sessions/:session_id'),
  'sessions.update': call<Session>()(SessionUpdate, 'POST /v1/sessions/:session_id'),
  'sessions.list': call<BidirectionalPage<Session>>()(SessionList, 'GET /v1/sessions'),
  'sessions.archive': call<Session>()(SessionRef, 'POST /v1/sessions/:session_id/archive'),
  'sessions.delete': call<BetaManagedAgentsDeletedSession>()(SessionRef, 'DELETE /v1/sessions/:session_id'),
  /** Adds a file (as the SDK types it) or, as a Dockhand extension, a repository; the sandbox mounts it from its next tool call. */
  'sessions.resources.add': call<SessionResource>()(ResourceAdd, 'POST /v1/sessions/:session_id/resources'),
  'sessions.resources.list': call<Page<SessionResource>>()(ResourceList, 'GET /v1/sessions/:session_id/resources'),
  'sessions.resources.retrieve': call<SessionResource>()(ResourceRef, 'GET /v1/sessions/:session_id/resources/:resource_id'),
  /** Token rotation: a repository's new authorization_token, kept as a secret and never returned. */
  'sessions.resources.update': call<SessionResource>()(ResourceUpdate, 'POST /v1/sessions/:session_id/resources/:resource_id'),
  'sessions.resources.delete': call<BetaManagedAgentsDeleteSessionResource>()(ResourceRef, 'DELETE /v1/sessions/:session_id/resources/:resource_id'),
  /** Dockhand extension: the log as JSONL, a header line (session, agent version, environment) then one official event per line. */
  'sessions.export': call<string>()(SessionRef, 'GET /v1/sessions/:session_id/export', { mediaType: 'application/x-ndjson' }),
  /** Dockhand extension: a read-only session replaying an exported log; a bad line is named and nothing is stored. */
  'sessions.import': call<Session>()(SessionImport, 'POST /v1/sessions/import'),
  /** Dockhand extension: a new session whose log starts with a copy of this one's up to an event, then runs live. */
  'sessions.fork': call<Session>()(SessionFork, 'POST /v1/sessions/:session_id/fork'),
  /** Dockhand extension (replay): the session as it stood after an event (default: its last): the model's context after compaction, pending calls, tokens and cost so far. */
  'sessions.state': call<SessionStateAt>()(SessionStateQuery, 'GET /v1/sessions/:session_id/state'),
  /** Dockhand extension: the session's sandbox as it stands (none yet, provisioning, running, stopped); never makes one. */
  'sessions.sandbox': call<SessionSandbox>()(SessionRef, 'GET /v1/sessions/:session_id/sandbox'),
  /** Dockhand extension: the files in the session's outputs folder (/mnt/session/outputs), which outlive its containers. */
  'sessions.outputs.list': call<OutputList>()(SessionRef, 'GET /v1/sessions/:session_id/outputs'),
  /** Dockhand extension: one output file's content (base64), by its path in the outputs folder. */
  'sessions.outputs.download': call<OutputFile>()(OutputRef, 'GET /v1/sessions/:session_id/outputs/file'),

  'vaults.create': call<Vault>()(VaultCreate, 'POST /v1/vaults'),
  'vaults.retrieve': call<Vault>()(VaultRef, 'GET /v1/vaults/:vault_id'),
  'vaults.update': call<Vault>()(VaultUpdate, 'POST /v1/vaults/:vault_id'),
  'vaults.list': call<Page<Vault>>()(VaultList, 'GET /v1/vaults'),
  'vaults.archive': call<Vault>()(VaultRef, 'POST /v1/vaults/:vault_id/archive'),
  'vaults.delete': call<BetaManagedAgentsDeletedVault>()(VaultRef, 'DELETE /v1/vaults/:vault_id'),
  /** Dockhand extension: the sessions that name the vault, newest first (where it is used). */
  'vaults.sessions.list': call<Page<Session>>()(VaultSessions, 'GET /v1/vaults/:vault_id/sessions'),
  /** Secret fields are write-only: accepted here and by update, never returned by any operation. */
  'vaults.credentials.create': call<Credential>()(CredentialCreate, 'POST /v1/vaults/:vault_id/credentials'),
  'vaults.credentials.retrieve': call<Credential>()(CredentialRef, 'GET /v1/vaults/:vault_id/credentials/:credential_id'),
  'vaults.credentials.update': call<Credential>()(CredentialUpdate, 'POST /v1/vaults/:vault_id/credentials/:credential_id'),
  'vaults.credentials.list': call<Page<Credential>>()(CredentialList, 'GET /v1/vaults/:vault_id/credentials'),
  'vaults.credentials.archive': call<Credential>()(CredentialRef, 'POST /v1/vaults/:vault_id/credentials/:credential_id/archive'),
  'vaults.credentials.delete': call<BetaManagedAgentsDeletedCredential>()(CredentialRef, 'DELETE /v1/vaults/:vault_id/credentials/:credential_id'),
  /** Probes an mcp_oauth credential's server with its token (refreshing it on a refusal). */
  'vaults.credentials.mcp_oauth_validate': call<BetaManagedAgentsCredentialValidation>()(CredentialRef, 'POST /v1/vaults/:vault_id/credentials/:credential_id/mcp_oauth_validate'),

  /** Dockhand extensions for the Settings screen: whether a keychain answers, and the model's API key (write-only). */
  'settings.keychain.retrieve': call<KeychainStatus>()(NoInput, 'GET /v1/dockhand/settings/keychain'),
  'settings.model_key.retrieve': call<ModelKeyStatus>()(NoInput, 'GET /v1/dockhand/settings/model_key'),
  'settings.model_key.set': call<ModelKeyStatus>()(ModelKeySet, 'POST /v1/dockhand/settings/model_key'),
  'settings.model_key.delete': call<ModelKeyStatus>()(NoInput, 'DELETE /v1/dockhand/settings/model_key'),

  'events.send': call<BetaManagedAgentsSendSessionEvents>()(EventsSend, 'POST /v1/sessions/:session_id/events'),
  'events.list': call<Page<BetaManagedAgentsSessionEvent>>()(EventsList, 'GET /v1/sessions/:session_id/events'),
  /** Dockhand extension (replay): events by position in the log, so a cursor anywhere in a long log reads only what is around it. */
  'events.window': call<EventsWindow>()(EventsWindowQuery, 'GET /v1/sessions/:session_id/events/window'),
  'events.stream': stream<BetaManagedAgentsStreamSessionEvents>()(EventsStream, 'GET /v1/sessions/:session_id/events/stream'),

  // Dockhand extensions for the app: one stream of resource changes (lists stay live without
  // polling), what each session is doing (the list's status column), and how core runs.
  'changes.stream': stream<ResourceChange>()(ChangesStream, 'GET /v1/dockhand/changes'),
  'sessions.activity': call<{ data: Record<string, SessionActivity> }>()(SessionActivityQuery, 'POST /v1/dockhand/sessions/activity'),
  /** Tokens and estimated list cost per session, per agent and over time, with the price table's date. */
  'usage.report': call<UsageReport>()(UsageQuery, 'GET /v1/dockhand/usage'),
  'system.status': call<SystemStatus>()(SystemStatusQuery, 'GET /v1/dockhand/status'),
  /** A new key for the local API, answered once; the old one stops working at once. */
  'system.rotate_key': call<{ api_key: string }>()(RotateKey, 'POST /v1/dockhand/api-key'),

  'files.upload': call<BetaFileMetadata>()(FileUpload, 'POST /v1/files', { multipart: true }),
  'files.list': call<Page<BetaFileMetadata>>()(FileList, 'GET /v1/files'),
  'files.retrieveMetadata': call<BetaFileMetadata>()(FileRef, 'GET /v1/files/:file_id'),
  /** The file's bytes: streamed over HTTP; base64 (up to INLINE_LIMIT) over the RPC path and IPC. */
  'files.download': call<FileContent>()(FileRef, 'GET /v1/files/:file_id/content'),
  'files.delete': call<BetaDeletedFile>()(FileRef, 'DELETE /v1/files/:file_id'),

  /** A skill from a folder's files (one part each, named by path) or one zip, with a SKILL.md at its root. */
  'skills.create': call<BetaSkill>()(SkillCreate, 'POST /v1/skills', { multipart: true }),
  'skills.retrieve': call<BetaSkill>()(SkillRef, 'GET /v1/skills/:skill_id'),
  'skills.list': call<Page<BetaSkill>>()(SkillList, 'GET /v1/skills'),
  /** Only a skill whose versions are all deleted, as the official API. */
  'skills.delete': call<BetaDeletedSkill>()(SkillRef, 'DELETE /v1/skills/:skill_id'),
  'skills.versions.create': call<BetaSkillVersion>()(SkillVersionCreate, 'POST /v1/skills/:skill_id/versions', { multipart: true }),
  'skills.versions.retrieve': call<BetaSkillVersion>()(SkillVersionRef, 'GET /v1/skills/:skill_id/versions/:version'),
  'skills.versions.list': call<Page<BetaSkillVersion>>()(SkillVersionList, 'GET /v1/skills/:skill_id/versions'),
  'skills.versions.delete': call<BetaDeletedSkillVersion>()(SkillVersionRef, 'DELETE /v1/skills/:skill_id/versions/:version'),
  /** The version's folder as a zip (`<name>/...`). */
  'skills.versions.download': call<FileContent>()(SkillVersionRef, 'GET /v1/skills/:skill_id/versions/:version/content'),
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type CallMethod = { [K in Method]: Contract[K] extends CallOp<z.ZodType, unknown> ? K : never }[Method];
export type StreamMethod = Exclude<Method, CallMethod>;

/** What a caller sends (before validation) and what a service receives (after it). */
export type Params<K extends Method> = z.input<Contract[K]['input']>;
export type Input<K extends Method> = z.output<Contract[K]['input']>;
/** What a service answers with. */
export type ServiceResult<K extends Method> = Contract[K] extends CallOp<z.ZodType, infer R> ? R : never;
/** What a client gets over the RPC path and IPC: plain data (a streamed file arrives inline, see payloads.ts). */
export type Result<K extends Method> = ServiceResult<K> extends FileContent ? InlineContent : ServiceResult<K>;
export type Item<K extends Method> = Contract[K] extends StreamOp<z.ZodType, infer T> ? T : never;

export type Unsubscribe = () => void;
/**
 * Receives a stream's items; `last` marks the final one (nothing more will come: transports end the
 * stream after it). `id` is empty for an item that cannot be resumed after (a preview). A sink that
 * cannot take more for now returns a promise: a producer that can wait (a backlog being read, previews)
 * delivers the next item once it settles.
 */
export type Sink<T> = (item: T, id: string, last?: boolean) => void | Promise<void>;

/** The services behind the contract: one function per operation. */
export type Services = { [K in CallMethod]: (input: Input<K>) => Promise<ServiceResult<K>> } & {
  /**
   * Starts delivering items to `sink` in order (first any backlog after `input.after`, then live
   * ones); resolves once subscribed (a long backlog may still be on its way, at the sink's pace), or
   * rejects (unknown session) before anything is delivered.
   */
  [K in StreamMethod]: (input: Input<K>, sink: Sink<Item<K>>) => Promise<Unsubscribe>;
};
