// The vault screen's checks (renderer/src/vaults/credential-draft.ts) repeat the API's rules for
// credentials; here both judge the same samples, and every draft the dialog accepts is one the API's own
// schema accepts, with the secret in the field the API keeps in the keychain.
import { describe, expect, it } from 'vitest';
import { CredentialCreate, CredentialUpdate } from '../../electron/core/api/schemas/vaults.ts';
import { sameServer as coreSameServer } from '../../electron/core/vault/credentials.ts';
import type { Credential } from '../../renderer/src/data/types.ts';
import { createParams, hostProblem, NEW_CREDENTIAL, rotateParams, sameServer, validateCredential, type CredentialDraft } from '../../renderer/src/vaults/credential-draft.ts';

const VAULT = 'vlt_0123456789abcdefghijklmn';
const apiAcceptsHost = (host: string) =>
  CredentialCreate.safeParse({ vault_id: VAULT, auth: { type: 'environment_variable', secret_name: 'X', secret_value: 'v', networking: { type: 'limited', allowed_hosts: [host] } } }).success;

const HOSTS = ['api.github.com', '*.example.com', 'localhost', 'a', 'x1.y2', '10.0.0.1', 'https://api.github.com', 'api.github.com/repos', 'example.com:8443', '*.', 'exa mple.com',
  '-bad.com', 'bad-.com', `${'a'.repeat(250)}.com`, '*.*.com', 'under_score.com'];

const draft = (d: Partial<CredentialDraft>): CredentialDraft => ({ ...NEW_CREDENTIAL, ...d });
const DRAFTS: CredentialDraft[] = [
  draft({ kind: 'static_bearer', name: 'Linear', serverUrl: 'https://mcp.linear.app/mcp', secret: 'tok' }),
  draft({ kind: 'mcp_oauth', serverUrl: 'https://mcp.example.com/sse', secret: 'access' }),
  draft({ kind: 'mcp_oauth', serverUrl: 'http://127.0.0.1:9000/mcp', secret: 'access', expiresAt: '2999-01-01T10:00', refreshToken: 'r', tokenEndpoint: 'https://auth.example.com/token', clientId: 'c' }),
  draft({ kind: 'environment_variable', variable: 'SERVICE_TOKEN', secret: 'v', hosts: ['api.example.com', '*.example.org'], inBody: true }),
];
const BAD: [CredentialDraft, string][] = [
  [draft({ kind: 'static_bearer', serverUrl: 'https://mcp.example.com', secret: '' }), 'secret'],
  [draft({ kind: 'static_bearer', serverUrl: 'mcp.example.com', secret: 't' }), 'serverUrl'],
  [draft({ kind: 'static_bearer', serverUrl: 'ftp://mcp.example.com', secret: 't' }), 'serverUrl'],
  [draft({ kind: 'mcp_oauth', serverUrl: 'https://m.example.com', secret: 't', expiresAt: '2001-01-01T00:00' }), 'expiresAt'],
  [draft({ kind: 'mcp_oauth', serverUrl: 'https://m.example.com', secret: 't', refreshToken: 'r' }), 'tokenEndpoint'],
  [draft({ kind: 'environment_variable', variable: '1X', secret: 'v', hosts: ['a.com'] }), 'variable'],
  [draft({ kind: 'environment_variable', variable: 'X', secret: 'v', hosts: [] }), 'hosts'],
  [draft({ kind: 'environment_variable', variable: 'X', secret: 'x'.repeat(16_385), hosts: ['a.com'] }), 'secret'],
];

describe('the vault screen’s checks', () => {
  it('refuse exactly the allowed hosts the API refuses', () => {
    for (const host of HOSTS) expect(hostProblem(host) === null, host).toBe(apiAcceptsHost(host));
  });

  it('accept drafts the API accepts as they are sent, with the secret where the API expects it', () => {
    for (const d of DRAFTS) {
      expect(validateCredential(d), d.kind).toEqual({});
      const parsed = CredentialCreate.safeParse(createParams(VAULT, d));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
      const auth = parsed.data!.auth;
      expect(auth.type === 'environment_variable' ? auth.secret_value : auth.type === 'static_bearer' ? auth.token : auth.access_token).toBe(d.secret);
    }
  });

  it('say which field is wrong, for drafts the API would refuse', () => {
    for (const [d, field] of BAD) {
      expect(Object.keys(validateCredential(d)), JSON.stringify(d)).toContain(field);
      if (field !== 'expiresAt' && field !== 'tokenEndpoint') expect(CredentialCreate.safeParse(createParams(VAULT, d)).success, field).toBe(false);
    }
  });

  it('rotate with an update the API accepts, for each kind', () => {
    const at = '2026-01-01T00:00:00Z';
    const base = { id: 'vcrd_0123456789abcdefghijklmn', type: 'vault_credential', vault_id: VAULT, display_name: null, metadata: {}, created_at: at, updated_at: at, archived_at: null } as const;
    const credentials: Credential[] = [
      { ...base, auth: { type: 'static_bearer', mcp_server_url: 'https://m.example.com' } },
      { ...base, auth: { type: 'mcp_oauth', mcp_server_url: 'https://m.example.com', expires_at: null, refresh: { client_id: 'c', token_endpoint: 'https://a.example.com/t', token_endpoint_auth: { type: 'none' }, resource: null, scope: null } } },
      { ...base, auth: { type: 'environment_variable', secret_name: 'X', networking: { type: 'limited', allowed_hosts: ['a.com'] }, injection_location: { header: true, body: false } } },
    ];
    for (const c of credentials) {
      const parsed = CredentialUpdate.safeParse(rotateParams(c, 'new-secret', { refreshToken: 'new-refresh', expiresAt: '2999-01-01T00:00' }));
      expect(parsed.success, `${c.auth.type}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(JSON.stringify(parsed.data)).toContain('new-secret');
    }
  });

  it('match an agent’s MCP server to a credential as core does', () => {
    const pairs = [
      ['https://m.example.com/mcp', 'https://m.example.com/mcp/'],
      ['https://M.example.com/mcp', 'https://m.example.com/mcp'],
      ['https://m.example.com/mcp', 'http://m.example.com/mcp'],
      ['https://m.example.com/mcp', 'https://m.example.com/mcp?x=1'],
      ['https://m.example.com:443/mcp', 'https://m.example.com/mcp'],
      ['not a url', 'not a url'],
    ] as const;
    for (const [a, b] of pairs) expect(sameServer(a, b), `${a} ~ ${b}`).toBe(coreSameServer(a, b));
  });
});
