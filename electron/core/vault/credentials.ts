// What a credential holds beyond its metadata: its secret fields, kept together as one keychain entry, and
// the credentials a session may use (those of its vaults, in the order the session names them).
import type { BetaManagedAgentsCredential } from '@anthropic-ai/sdk/resources/beta/vaults/credentials';
import type { Store } from '../store/index.ts';
import type { SecretStore } from './secrets.ts';

export type Credential = BetaManagedAgentsCredential;

/** The write-only fields of a credential, by its auth type. */
export interface CredentialSecret {
  token?: string;
  access_token?: string;
  refresh_token?: string;
  client_secret?: string;
  secret_value?: string;
}

export async function readSecret(secrets: SecretStore, credentialId: string): Promise<CredentialSecret> {
  const raw = await secrets.get(`credential/${credentialId}`);
  return raw ? (JSON.parse(raw) as CredentialSecret) : {};
}

export const writeSecret = (secrets: SecretStore, credentialId: string, value: CredentialSecret) => secrets.set(`credential/${credentialId}`, JSON.stringify(value));

/** The credentials a session can use: live ones of its live vaults, first vault first. */
export function sessionCredentials(store: Store, sessionId: string): Credential[] {
  const vaultIds = store.sessions.get(sessionId)?.body.vault_ids ?? [];
  return vaultIds.flatMap((id) => (store.vaults.get(id)?.archived_at === null ? store.vaults.credentials(id).filter((c) => c.archived_at === null) : []));
}

/** `https://x/mcp/` and `https://X/mcp` are one server. */
export function sameServer(a: string, b: string): boolean {
  try {
    const [u, v] = [new URL(a), new URL(b)];
    const path = (x: URL) => x.pathname.replace(/\/+$/, '');
    return u.origin === v.origin && path(u) === path(v) && u.search === v.search;
  } catch {
    return false;
  }
}

/** The credential for an MCP server URL: the first bearer or OAuth credential naming it. */
export function mcpCredentialFor(credentials: readonly Credential[], url: string): Credential | undefined {
  return credentials.find((c) => c.auth.type !== 'environment_variable' && sameServer(c.auth.mcp_server_url, url));
}

/** A name for a credential in redaction markers and messages. */
export const credentialName = (c: Credential): string =>
  c.display_name || (c.auth.type === 'environment_variable' ? c.auth.secret_name : `${c.auth.type} for ${c.auth.mcp_server_url}`);
