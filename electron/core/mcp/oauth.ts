// Refreshing an mcp_oauth credential's access token at its token endpoint (RFC 6749 section 6), before it
// expires and when a server refuses it. The new token (and a rotated refresh token) go to the keychain, the
// new expiry to the credential's metadata. One refresh per credential at a time.
import type { Store } from '../store/index.ts';
import { now } from '../store/ids.ts';
import { readSecret, writeSecret, type Credential } from '../vault/credentials.ts';
import type { SecretStore } from '../vault/secrets.ts';

/** Refresh this long before the recorded expiry. */
const EARLY_MS = 60_000;
const TIMEOUT_MS = 15_000;

/** The token endpoint's answer to a refresh that failed, as the validation API reports it. */
export interface RefreshHttpResponse {
  status_code: number;
  content_type: string;
  body: string;
  body_truncated: boolean;
}

export class RefreshFailed extends Error {
  override name = 'RefreshFailed';
  constructor(
    message: string,
    readonly status: 'failed' | 'connect_error' | 'no_refresh_token',
    readonly httpResponse: RefreshHttpResponse | null = null,
  ) {
    super(message);
  }
}

type OAuth = Credential & { auth: { type: 'mcp_oauth' } };

export const isOAuth = (c: Credential): c is OAuth => c.auth.type === 'mcp_oauth';
export const expiresSoon = (c: OAuth): boolean => !!c.auth.expires_at && Date.parse(c.auth.expires_at) - Date.now() < EARLY_MS;

/** A response body for a report: at most 2 KiB, with every secret the request carried scrubbed. */
export function captured(status: number, contentType: string, text: string, secrets: readonly string[]): RefreshHttpResponse {
  const scrubbed = secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('[redacted]'), text);
  return { status_code: status, content_type: contentType, body: scrubbed.slice(0, 2048), body_truncated: scrubbed.length > 2048 };
}

export class OAuthRefresher {
  private readonly running = new Map<string, Promise<string>>();

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretStore,
  ) {}

  /** Refreshes the credential's access token; resolves to the new one. */
  refresh(c: OAuth): Promise<string> {
    let p = this.running.get(c.id);
    if (!p) {
      p = this.exchange(c).finally(() => this.running.delete(c.id));
      this.running.set(c.id, p);
    }
    return p;
  }

  private async exchange(c: OAuth): Promise<string> {
    const r = c.auth.refresh;
    const secret = await readSecret(this.secrets, c.id);
    if (!r || !secret.refresh_token) throw new RefreshFailed('the access token expired and the credential has no refresh token: authorize again', 'no_refresh_token');
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: secret.refresh_token });
    if (r.scope) form.set('scope', r.scope);
    if (r.resource) form.set('resource', r.resource);
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (r.token_endpoint_auth.type === 'client_secret_basic') {
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(r.client_id)}:${encodeURIComponent(secret.client_secret ?? '')}`).toString('base64')}`;
    } else {
      form.set('client_id', r.client_id);
      if (r.token_endpoint_auth.type === 'client_secret_post') form.set('client_secret', secret.client_secret ?? '');
    }
    let res: Response;
    try {
      res = await fetch(r.token_endpoint, { method: 'POST', headers, body: form, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
    } catch (err) {
      throw new RefreshFailed(`refreshing the access token failed: the token endpoint ${r.token_endpoint} could not be reached (${(err as Error).cause ?? (err as Error).message})`, 'connect_error');
    }
    const text = await res.text().catch(() => '');
    const known = [secret.refresh_token, secret.client_secret ?? '', secret.access_token ?? ''];
    let body: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: reported below
    }
    if (!res.ok || typeof body.access_token !== 'string' || !body.access_token) {
      const response = captured(res.status, res.headers.get('content-type') ?? '', text, known);
      const said = (body as { error?: unknown }).error;
      throw new RefreshFailed(`refreshing the access token failed: the token endpoint ${r.token_endpoint} answered ${res.status}${typeof said === 'string' ? ` ${said}` : ''}`, 'failed', response);
    }
    const next = { ...secret, access_token: body.access_token, ...(typeof body.refresh_token === 'string' && body.refresh_token ? { refresh_token: body.refresh_token } : {}) };
    await writeSecret(this.secrets, c.id, next);
    const expires_at = typeof body.expires_in === 'number' ? new Date(Date.now() + body.expires_in * 1000).toISOString() : null;
    const current = this.store.vaults.credential(c.vault_id, c.id);
    if (current?.auth.type === 'mcp_oauth') this.store.vaults.putCredential({ ...current, auth: { ...current.auth, expires_at }, updated_at: now() });
    return body.access_token;
  }
}
