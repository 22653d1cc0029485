// A credential as the add and rotate dialogs hold it, the API's rules for it, and the calls' params.
// The secret fields live only in the open dialog's state: they go into one call and are dropped.
import type { Params } from '../../../electron/core/api/contract.ts';
import type { Credential, CredentialCreateParams } from '../data/types.ts';

export type Kind = Credential['auth']['type'];

export interface CredentialDraft {
  kind: Kind;
  name: string;
  /** static_bearer, mcp_oauth */
  serverUrl: string;
  /** The secret: the bearer token, the OAuth access token, or the variable's value. */
  secret: string;
  /** mcp_oauth, optional: refreshed at `tokenEndpoint` with `clientId` before `expiresAt`. */
  expiresAt: string;
  refreshToken: string;
  tokenEndpoint: string;
  clientId: string;
  /** environment_variable */
  variable: string;
  hosts: string[];
  inBody: boolean;
}

export const NEW_CREDENTIAL: CredentialDraft = {
  kind: 'static_bearer',
  name: '',
  serverUrl: '',
  secret: '',
  expiresAt: '',
  refreshToken: '',
  tokenEndpoint: '',
  clientId: '',
  variable: '',
  hosts: [],
  inBody: false,
};

// The API's rules (electron/core/api/schemas/vaults.ts), word for word.
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
const HOST = /^(\*\.)?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const MAX_SECRET = 16_384;
export const MAX_HOSTS = 16;

export type Problems = Partial<Record<'name' | 'serverUrl' | 'secret' | 'expiresAt' | 'refreshToken' | 'tokenEndpoint' | 'clientId' | 'variable' | 'hosts', string>>;

function urlProblem(value: string, what: string): string | undefined {
  if (!value.trim()) return `Give the ${what}.`;
  try {
    const u = new URL(value.trim());
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return `The ${what} starts with https:// (or http://).`;
  } catch {
    return `This is not an address; it looks like https://mcp.example.com/mcp.`;
  }
  return undefined;
}

export function secretProblem(secret: string): string | undefined {
  if (!secret) return 'Give the value. It goes to the OS keychain and is never shown again.';
  if (secret.length > MAX_SECRET) return `At most ${MAX_SECRET.toLocaleString('en')} characters.`;
  return undefined;
}

/** Why an allowed host would be refused, or null. */
export function hostProblem(host: string): string | null {
  if (/^[a-z]+:\/\//i.test(host)) return `Give the host only, without ${host.split('//')[0]}//.`;
  if (host.length > 253 || !HOST.test(host)) return `“${host}” is not a host name: use a name like api.example.com or *.example.com (no port or path).`;
  return null;
}

export function validateCredential(d: CredentialDraft): Problems {
  const p: Problems = {};
  if (d.name.trim().length > 255) p.name = 'At most 255 characters.';
  p.secret = secretProblem(d.secret);
  if (d.kind === 'environment_variable') {
    if (!VARIABLE.test(d.variable)) p.variable = d.variable ? 'Letters, digits and _, not starting with a digit (e.g. SERVICE_TOKEN).' : 'Give the variable’s name, e.g. SERVICE_TOKEN.';
    if (d.hosts.length === 0) p.hosts = 'Name at least one host the value may be sent to.';
    else if (d.hosts.length > MAX_HOSTS) p.hosts = `At most ${MAX_HOSTS} hosts.`;
    else p.hosts = d.hosts.map(hostProblem).find(Boolean) ?? undefined;
  } else {
    p.serverUrl = urlProblem(d.serverUrl, 'MCP server’s address');
    if (d.kind === 'mcp_oauth') {
      if (d.expiresAt && !(Date.parse(d.expiresAt) > Date.now())) p.expiresAt = 'Give a time in the future, or leave it empty.';
      if (d.refreshToken || d.tokenEndpoint || d.clientId) {
        if (!d.refreshToken) p.refreshToken = 'Give the refresh token, or clear the refresh settings.';
        p.tokenEndpoint = urlProblem(d.tokenEndpoint, 'token endpoint');
        if (!d.clientId.trim()) p.clientId = 'Give the OAuth client id.';
      }
    }
  }
  for (const k of Object.keys(p) as (keyof Problems)[]) if (!p[k]) delete p[k];
  return p;
}

/** The create call's params for a valid draft. */
export function createParams(vaultId: string, d: CredentialDraft): CredentialCreateParams {
  const base = { vault_id: vaultId, display_name: d.name.trim() || undefined };
  switch (d.kind) {
    case 'static_bearer':
      return { ...base, auth: { type: 'static_bearer', mcp_server_url: d.serverUrl.trim(), token: d.secret } };
    case 'mcp_oauth':
      return {
        ...base,
        auth: {
          type: 'mcp_oauth',
          mcp_server_url: d.serverUrl.trim(),
          access_token: d.secret,
          expires_at: d.expiresAt ? new Date(d.expiresAt).toISOString() : undefined,
          refresh: d.refreshToken
            ? { refresh_token: d.refreshToken, token_endpoint: d.tokenEndpoint.trim(), client_id: d.clientId.trim(), token_endpoint_auth: { type: 'none' } }
            : undefined,
        },
      };
    case 'environment_variable':
      return {
        ...base,
        auth: { type: 'environment_variable', secret_name: d.variable, secret_value: d.secret, networking: { type: 'limited', allowed_hosts: d.hosts }, injection_location: { header: true, body: d.inBody } },
      };
  }
}

/** The update call that replaces a credential's secret (and, for OAuth, its expiry and refresh token when given). */
export function rotateParams(c: Credential, secret: string, extra: { expiresAt?: string; refreshToken?: string } = {}): Params<'vaults.credentials.update'> {
  const ref = { vault_id: c.vault_id, credential_id: c.id };
  switch (c.auth.type) {
    case 'static_bearer':
      return { ...ref, auth: { type: 'static_bearer', token: secret } };
    case 'mcp_oauth':
      return {
        ...ref,
        auth: {
          type: 'mcp_oauth',
          access_token: secret,
          expires_at: extra.expiresAt ? new Date(extra.expiresAt).toISOString() : null,
          refresh: extra.refreshToken && c.auth.refresh ? { refresh_token: extra.refreshToken } : undefined,
        },
      };
    case 'environment_variable':
      return { ...ref, auth: { type: 'environment_variable', secret_value: secret } };
  }
}

export const KIND_LABEL: Record<Kind, string> = {
  static_bearer: 'MCP bearer token',
  mcp_oauth: 'MCP OAuth',
  environment_variable: 'Environment variable',
};

/** What a credential is for, in a few words: its server, or its variable and hosts. */
export function targetOf(c: Credential): string {
  return c.auth.type === 'environment_variable'
    ? `$${c.auth.secret_name} → ${c.auth.networking.type === 'limited' ? c.auth.networking.allowed_hosts.join(', ') : 'any host'}`
    : c.auth.mcp_server_url;
}

/** Whether an agent's MCP server is the one a credential serves: core's rule (vault/credentials.ts), word for word. */
export function sameServer(a: string, b: string): boolean {
  try {
    const [u, v] = [new URL(a), new URL(b)];
    const path = (x: URL) => x.pathname.replace(/\/+$/, '');
    return u.origin === v.origin && path(u) === path(v) && u.search === v.search;
  } catch {
    return false;
  }
}
