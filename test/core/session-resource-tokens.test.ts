// A repository resource's token lives in the OS keychain only while the resource does: rotated by update,
// dropped when the resource is removed (the session's other tokens kept), and named in the session's
// token_resources (what the credential proxy and the redaction read). Real SQLite store and keychain.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../../electron/core/api/validate.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { Store } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { keychainUp } from '../support/keychain.ts';
import { tempDir } from '../support/serve.ts';

describe.skipIf(!keychainUp)('repository tokens of session resources (skipped: no OS keychain answers)', () => {
  const store = Store.open(join(tempDir(), 'dockhand.db'));
  const vault = new Vault(store);
  const services = createServices(store, vault);
  const tokens = (sessionId: string, ...ids: string[]) => Promise.all(ids.map((id) => vault.sessionSecrets.get(sessionId, id)));
  const named = (sessionId: string) => store.sessions.get(sessionId)?.body.token_resources;
  afterAll(() => store.close());

  it('are set on add, replaced on update, and forgotten when their resource is deleted', async () => {
    const agent = await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6' }));
    const env = await services['environments.create'](validate('environments.create', { name: 'e' }));
    const s = await services['sessions.create'](
      validate('sessions.create', { agent: agent.id, environment_id: env.id, resources: [{ type: 'github_repository', url: 'https://github.com/acme/a', authorization_token: 'tok-a' }] }),
    );
    const idOf = (r: object) => (r as { id: string }).id;
    const a = { id: idOf(s.resources[0]!) };
    const b = { id: idOf(await services['sessions.resources.add'](validate('sessions.resources.add', { session_id: s.id, type: 'github_repository', url: 'https://github.com/acme/b', authorization_token: 'tok-b' }))) };
    await services['sessions.resources.update'](validate('sessions.resources.update', { session_id: s.id, resource_id: b.id, authorization_token: 'tok-b2' }));
    expect(await tokens(s.id, a.id, b.id)).toEqual(['tok-a', 'tok-b2']);
    expect(named(s.id)).toEqual([a.id, b.id]);
    await services['sessions.resources.delete'](validate('sessions.resources.delete', { session_id: s.id, resource_id: b.id }));
    expect(await tokens(s.id, a.id, b.id)).toEqual(['tok-a', undefined]);
    expect(named(s.id)).toEqual([a.id]);
    await services['sessions.delete']({ session_id: s.id });
    expect(await tokens(s.id, a.id)).toEqual([undefined]);
  });
});
