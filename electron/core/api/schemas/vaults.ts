import { z } from 'zod';
import { Metadata, MetadataPatch, PageParams, idOf, queryBool } from './common.ts';

export const VaultId = idOf('vlt');
export const CredentialId = idOf('vcrd');

const DisplayName = z.string().trim().min(1).max(255);
/** A secret value: write-only, never returned. */
const Secret = z.string().min(1).max(16_384);
const ServerUrl = z.url({ protocol: /^https?$/ }).max(2048);
const FutureTime = z.iso.datetime({ offset: true }).refine((t) => Date.parse(t) > Date.now(), 'must be in the future');

// An allowed host: a bare hostname, an IPv4 address or a `*.` wildcard; no URL, port, path or IPv6.
const Host = z
  .string()
  .max(253)
  .regex(/^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, 'must be a hostname, an IPv4 address or *.domain');
const Networking = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('unrestricted') }),
  z.strictObject({ type: z.literal('limited'), allowed_hosts: z.array(Host).min(1).max(16) }),
]);
const Injection = z.strictObject({ body: z.boolean().optional(), header: z.boolean().optional() });

const TokenEndpointAuth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('client_secret_basic'), client_secret: Secret }),
  z.strictObject({ type: z.literal('client_secret_post'), client_secret: Secret }),
]);
const TokenEndpointAuthUpdate = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('client_secret_basic'), client_secret: Secret.nullish() }),
  z.strictObject({ type: z.literal('client_secret_post'), client_secret: Secret.nullish() }),
]);

export const CredentialAuthCreate = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('static_bearer'), token: Secret, mcp_server_url: ServerUrl }),
  z.strictObject({
    type: z.literal('mcp_oauth'),
    access_token: Secret,
    mcp_server_url: ServerUrl,
    expires_at: FutureTime.nullish(),
    refresh: z
      .strictObject({
        client_id: z.string().min(1).max(1024),
        refresh_token: Secret,
        token_endpoint: ServerUrl,
        token_endpoint_auth: TokenEndpointAuth,
        resource: z.string().max(2048).nullish(),
        scope: z.string().max(2048).nullish(),
      })
      .nullish(),
  }),
  z.strictObject({
    type: z.literal('environment_variable'),
    secret_name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'must be an environment variable name'),
    secret_value: Secret,
    networking: Networking,
    injection_location: Injection.optional(),
  }),
]);

export const CredentialAuthUpdate = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('static_bearer'), token: Secret.nullish() }),
  z.strictObject({
    type: z.literal('mcp_oauth'),
    access_token: Secret.nullish(),
    expires_at: FutureTime.nullish(),
    refresh: z
      .strictObject({ refresh_token: Secret.nullish(), scope: z.string().max(2048).nullish(), token_endpoint_auth: TokenEndpointAuthUpdate.optional() })
      .nullish(),
  }),
  z.strictObject({
    type: z.literal('environment_variable'),
    secret_value: Secret.nullish(),
    networking: Networking.nullish(),
    injection_location: Injection.optional(),
  }),
]);

export const VaultCreate = z.strictObject({ display_name: DisplayName, metadata: Metadata.optional() });
export const VaultRef = z.object({ vault_id: VaultId });
export const VaultUpdate = z.strictObject({ vault_id: VaultId, display_name: DisplayName.nullish(), metadata: MetadataPatch.nullish() });
export const VaultList = z.object({ ...PageParams, include_archived: queryBool.optional() });
export const VaultSessions = z.object({ vault_id: VaultId, limit: PageParams.limit });

export const CredentialCreate = z.strictObject({
  vault_id: VaultId,
  auth: CredentialAuthCreate,
  display_name: z.string().trim().max(255).nullish(),
  metadata: Metadata.optional(),
});
export const CredentialRef = z.object({ vault_id: VaultId, credential_id: CredentialId });
export const CredentialUpdate = z.strictObject({
  vault_id: VaultId,
  credential_id: CredentialId,
  auth: CredentialAuthUpdate.optional(),
  display_name: z.string().trim().max(255).nullish(),
  metadata: MetadataPatch.nullish(),
});
export const CredentialList = z.object({ vault_id: VaultId, ...PageParams, include_archived: queryBool.optional() });

/** Dockhand extension: the model's API key, write-only. */
export const ModelKeySet = z.strictObject({ api_key: z.string().trim().min(1).max(4096) });
export const NoInput = z.object({});
