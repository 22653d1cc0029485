// Vaults and their credentials, in the official shapes and routes. The secret fields of a credential go to
// the OS keychain before anything is stored (no keychain: the one clear refusal, and nothing is written);
// SQLite holds the rest. No response, log line or error ever carries a secret value.
import type { z } from 'zod';
import type { BetaManagedAgentsVault } from '@anthropic-ai/sdk/resources/beta/vaults/vaults';
import type { Services } from '../api/contract.ts';
import type { CredentialAuthCreate, CredentialAuthUpdate } from '../api/schemas/vaults.ts';
import { conflict, invalid, notFound } from '../api/errors.ts';
import { newId, now } from '../store/ids.ts';
import type { Store } from '../store/index.ts';
import { readSecret, sameServer, writeSecret, type Credential, type CredentialSecret } from '../vault/credentials.ts';
import type { SecretStore } from '../vault/secrets.ts';
import { pageSize, patchMetadata } from './metadata.ts';

type Vault = BetaManagedAgentsVault;
type VaultServices = Pick<
  Services,
  | 'vaults.create'
  | 'vaults.retrieve'
  | 'vaults.update'
  | 'vaults.list'
  | 'vaults.delete'
  | 'vaults.archive'
  | 'vaults.credentials.create'
  | 'vaults.credentials.retrieve'
  | 'vaults.credentials.update'
  | 'vaults.credentials.list'
  | 'vaults.credentials.delete'
  | 'vaults.credentials.archive'
  | 'vaults.credentials.mcp_oauth_validate'
>;

/** Probes an mcp_oauth credential against its server (the MCP hub's). */
export type ValidateCredential = (c: Credential) => Promise<Awaited<ReturnType<Services['vaults.credentials.mcp_oauth_validate']>>>;

/** The auth as returned (no secret field), and the secret fields apart. */
function splitAuth(a: z.output<typeof CredentialAuthCreate>): { auth: Credential['auth']; secret: CredentialSecret } {
  switch (a.type) {
    case 'static_bearer':
      return { auth: { type: 'static_bearer', mcp_server_url: a.mcp_server_url }, secret: { token: a.token } };
    case 'mcp_oauth': {
      const r = a.refresh;
      const refresh = r && {
        client_id: r.client_id,
        token_endpoint: r.token_endpoint,
        token_endpoint_auth: { type: r.token_endpoint_auth.type },
        resource: r.resource ?? null,
        scope: r.scope ?? null,
      };
      const client_secret = r && r.token_endpoint_auth.type !== 'none' ? r.token_endpoint_auth.client_secret : undefined;
      return {
        auth: { type: 'mcp_oauth', mcp_server_url: a.mcp_server_url, expires_at: a.expires_at ?? null, refresh: refresh ?? null },
        secret: { access_token: a.access_token, ...(r ? { refresh_token: r.refresh_token } : {}), ...(client_secret ? { client_secret } : {}) },
      };
    }
    case 'environment_variable': {
      const injection_location = { header: a.injection_location?.header ?? true, body: a.injection_location?.body ?? false };
      if (!injection_location.header && !injection_location.body) throw invalid('auth.injection_location: at least one of header and body must be enabled');
      return { auth: { type: 'environment_variable', secret_name: a.secret_name, networking: a.networking, injection_location }, secret: { secret_value: a.secret_value } };
    }
  }
}

/** Applies an auth update to the stored auth and secret; the type cannot change. */
function updateAuth(current: Credential['auth'], secret: CredentialSecret, u: z.output<typeof CredentialAuthUpdate>): { auth: Credential['auth']; secret: CredentialSecret } {
  if (u.type !== current.type) throw invalid(`auth.type: this credential is ${current.type} and cannot become ${u.type}`);
  const next = { ...secret };
  if (u.type === 'static_bearer') {
    if (u.token) next.token = u.token;
    return { auth: current, secret: next };
  }
  if (u.type === 'mcp_oauth' && current.type === 'mcp_oauth') {
    if (u.access_token) next.access_token = u.access_token;
    const auth = { ...current, expires_at: u.expires_at !== undefined ? u.expires_at : current.expires_at };
    if (u.refresh) {
      if (!current.refresh) throw invalid('auth.refresh: this credential was created without refresh settings');
      if (u.refresh.refresh_token) next.refresh_token = u.refresh.refresh_token;
      if (u.refresh.scope !== undefined) auth.refresh = { ...current.refresh, scope: u.refresh.scope || null };
      if (u.refresh.token_endpoint_auth?.client_secret) {
        if (current.refresh.token_endpoint_auth.type === 'none') throw invalid('auth.refresh.token_endpoint_auth: this credential uses no client secret');
        next.client_secret = u.refresh.token_endpoint_auth.client_secret;
      }
    }
    return { auth, secret: next };
  }
  if (u.type === 'environment_variable' && current.type === 'environment_variable') {
    if (u.secret_value) next.secret_value = u.secret_value;
    const injection_location = { ...current.injection_location, ...Object.fromEntries(Object.entries(u.injection_location ?? {}).filter(([, v]) => v !== undefined)) };
    if (!injection_location.header && !injection_location.body) throw invalid('auth.injection_location: at least one of header and body must be enabled');
    return { auth: { ...current, networking: u.networking ?? current.networking, injection_location }, secret: next };
  }
  throw invalid('auth: does not match the credential');
}

/** Two live credentials of one vault may not serve the same MCP server or the same variable. */
function checkUnique(store: Store, vaultId: string, auth: Credential['auth'], except?: string): void {
  for (const c of store.vaults.credentials(vaultId)) {
    if (c.archived_at || c.id === except) continue;
    if (auth.type === 'environment_variable' && c.auth.type === 'environment_variable' && c.auth.secret_name === auth.secret_name)
      throw conflict(`vault ${vaultId} already has a credential for the environment variable ${auth.secret_name} (${c.id})`);
    if (auth.type !== 'environment_variable' && c.auth.type !== 'environment_variable' && sameServer(c.auth.mcp_server_url, auth.mcp_server_url))
      throw conflict(`vault ${vaultId} already has a credential for ${auth.mcp_server_url} (${c.id})`);
  }
}

export function vaultServices(store: Store, secrets: SecretStore, validate?: ValidateCredential): VaultServices {
  const vault = (id: string): Vault => {
    const v = store.vaults.get(id);
    if (!v) throw notFound('vault', id);
    return v;
  };
  const writable = (id: string): Vault => {
    const v = vault(id);
    if (v.archived_at) throw invalid(`vault ${id} is archived and read-only`);
    return v;
  };
  const credential = (vaultId: string, id: string): Credential => {
    vault(vaultId);
    const c = store.vaults.credential(vaultId, id);
    if (!c) throw notFound('credential', id);
    return c;
  };
  /** Archiving removes the secret from the keychain: an archived credential is kept for the record only. */
  const archiveCredential = async (c: Credential, at: string): Promise<Credential> => {
    if (c.archived_at) return c;
    await secrets.delete(`credential/${c.id}`);
    const archived = { ...c, archived_at: at, updated_at: at };
    store.vaults.putCredential(archived);
    return archived;
  };

  return {
    async 'vaults.create'(p) {
      const at = now();
      const v: Vault = { id: newId('vlt'), type: 'vault', display_name: p.display_name, metadata: p.metadata ?? {}, created_at: at, updated_at: at, archived_at: null };
      store.vaults.put(v);
      return v;
    },
    async 'vaults.retrieve'({ vault_id }) {
      return vault(vault_id);
    },
    async 'vaults.update'({ vault_id, display_name, metadata }) {
      const v = writable(vault_id);
      const next: Vault = { ...v, display_name: display_name ?? v.display_name, metadata: patchMetadata(v.metadata, metadata), updated_at: now() };
      store.vaults.put(next);
      return next;
    },
    async 'vaults.list'(q) {
      const res = store.vaults.list(q.include_archived ?? false, pageSize(q.limit), q.page);
      return { data: res.rows, next_page: res.next_page };
    },
    async 'vaults.archive'({ vault_id }) {
      const v = vault(vault_id);
      if (v.archived_at) return v;
      const at = now();
      for (const c of store.vaults.credentials(vault_id)) await archiveCredential(c, at);
      const archived = { ...v, archived_at: at, updated_at: at };
      store.vaults.put(archived);
      return archived;
    },
    async 'vaults.delete'({ vault_id }) {
      vault(vault_id);
      // Secrets first: with no keychain the refusal leaves everything as it was.
      for (const c of store.vaults.credentials(vault_id)) await secrets.delete(`credential/${c.id}`);
      store.vaults.delete(vault_id);
      return { id: vault_id, type: 'vault_deleted' };
    },

    async 'vaults.credentials.create'({ vault_id, auth: params, display_name, metadata }) {
      writable(vault_id);
      const { auth, secret } = splitAuth(params);
      checkUnique(store, vault_id, auth);
      const at = now();
      const c: Credential = { id: newId('vcrd'), type: 'vault_credential', vault_id, display_name: display_name || null, auth, metadata: metadata ?? {}, created_at: at, updated_at: at, archived_at: null };
      // The keychain first: if it refuses, nothing of the credential exists anywhere.
      await writeSecret(secrets, c.id, secret);
      store.vaults.putCredential(c);
      return c;
    },
    async 'vaults.credentials.retrieve'({ vault_id, credential_id }) {
      return credential(vault_id, credential_id);
    },
    async 'vaults.credentials.update'({ vault_id, credential_id, auth: params, display_name, metadata }) {
      writable(vault_id);
      const c = credential(vault_id, credential_id);
      if (c.archived_at) throw invalid(`credential ${credential_id} is archived and read-only`);
      let auth = c.auth;
      if (params) {
        const next = updateAuth(c.auth, await readSecret(secrets, c.id), params);
        auth = next.auth;
        checkUnique(store, vault_id, auth, c.id);
        await writeSecret(secrets, c.id, next.secret);
      }
      const updated: Credential = {
        ...c,
        auth,
        display_name: display_name === undefined ? c.display_name : display_name || null,
        metadata: patchMetadata(c.metadata, metadata),
        updated_at: now(),
      };
      store.vaults.putCredential(updated);
      return updated;
    },
    async 'vaults.credentials.list'(q) {
      vault(q.vault_id);
      const res = store.vaults.listCredentials(q.vault_id, q.include_archived ?? false, pageSize(q.limit), q.page);
      return { data: res.rows, next_page: res.next_page };
    },
    async 'vaults.credentials.archive'({ vault_id, credential_id }) {
      return archiveCredential(credential(vault_id, credential_id), now());
    },
    async 'vaults.credentials.mcp_oauth_validate'({ vault_id, credential_id }) {
      const c = credential(vault_id, credential_id);
      if (c.auth.type !== 'mcp_oauth') throw invalid(`credential ${credential_id} is ${c.auth.type}: only mcp_oauth credentials are validated`);
      if (c.archived_at) throw invalid(`credential ${credential_id} is archived`);
      if (!validate) throw invalid('MCP servers cannot be reached from this Dockhand (it runs without the brain)');
      return validate(c);
    },
    async 'vaults.credentials.delete'({ vault_id, credential_id }) {
      credential(vault_id, credential_id);
      await secrets.delete(`credential/${credential_id}`);
      store.vaults.deleteCredential(credential_id);
      return { id: credential_id, type: 'vault_credential_deleted' };
    },
  };
}
