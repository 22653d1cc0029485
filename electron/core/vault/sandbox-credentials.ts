// What the host adds to a session's sandbox traffic, from the vault: git's route to each repository given
// with a token, and a placeholder for each environment_variable credential of the session's vaults.
import { placeholderFor, type ProxyCredentials } from '../hands/docker/credential-injection.ts';
import { egressPolicy } from '../hands/docker/egress-policy.ts';
import type { Store } from '../store/index.ts';
import { readSecret, sessionCredentials } from './credentials.ts';
import type { Vault } from './index.ts';

export function sandboxCredentials(store: Store, vault: Vault, sessionId: string): ProxyCredentials {
  const session = store.sessions.get(sessionId);
  const tokens = new Set(session?.body.token_resources ?? []);
  const repositories = (session?.body.resources ?? []).flatMap((r) =>
    r.type === 'github_repository' && tokens.has(r.id) ? [{ id: r.id, url: r.url, token: () => vault.sessionSecrets.get(sessionId, r.id) }] : [],
  );
  const substitutions = sessionCredentials(store, sessionId).flatMap((c) => {
    if (c.auth.type !== 'environment_variable') return [];
    const { networking, injection_location } = c.auth;
    const hosts = networking.type === 'limited' ? egressPolicy({ type: 'limited', allowed_hosts: networking.allowed_hosts, allow_package_managers: false, allow_mcp_servers: false }) : undefined;
    return [
      {
        name: c.auth.secret_name,
        placeholder: placeholderFor(c.id),
        value: async () => (await readSecret(vault.secrets, c.id)).secret_value,
        allows: (host: string) => !hosts || hosts.allows(host, 0),
        header: injection_location.header,
        body: injection_location.body,
      },
    ];
  });
  return { repositories, substitutions };
}
