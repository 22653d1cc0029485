// A repository's token goes in `authorization_token`, which Dockhand keeps in the OS keychain only: a token in
// the URL itself (`https://x-access-token:TOKEN@host/repo`) would be stored and returned verbatim, so such
// a URL is refused, and so is a token that would travel over plain http to another machine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { expectApiError, sessionParts, useServer } from '../support/fixtures.ts';
import { keychainUp } from '../support/keychain.ts';

const TOKEN = `ghp_URLSENTINEL_${Math.random().toString(36).slice(2)}`;

const rig = useServer();
const messageOf = (err: InstanceType<typeof Anthropic.APIError>) => (err.error as { error: { message: string } }).error.message;

const createWith = async (resource: Record<string, unknown>) => {
  const { agent, environment } = await sessionParts(rig.client);
  return rig.client.beta.sessions.create({
    agent: agent.id,
    environment_id: environment.id,
    resources: [{ type: 'github_repository', ...resource } as never],
  });
};

it('refuses a repository URL that carries credentials, saying where the token goes, without echoing it', async () => {
  const urls = [
    `https://x-access-token:${TOKEN}@github.com/acme/private.git`,
    `https://${TOKEN}@github.com/acme/private.git`,
    `https://:${TOKEN}@github.com/acme/private.git`,
    `http://user:${TOKEN}@127.0.0.1:8080/acme/private.git`,
  ];
  for (const url of urls) {
    const err = await expectApiError(createWith({ url }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(messageOf(err)).toBe('resources.0.url: must not carry credentials (user:token@): pass the token in authorization_token, which Dockhand keeps in the OS keychain only');
    expect(JSON.stringify(err.error)).not.toContain(TOKEN);
  }
});

it.skipIf(!keychainUp)('sends a token over plain http only to this machine (skipped: no OS keychain to keep the token in)', async () => {
  const err = await expectApiError(
    createWith({ url: 'http://git.example.com/acme/private.git', authorization_token: TOKEN }),
    Anthropic.BadRequestError,
    400,
    'invalid_request_error',
  );
  expect(messageOf(err)).toBe('resources.0.url: an authorization_token is sent over https only (or plain http to this machine): use the https URL');
  expect(JSON.stringify(err.error)).not.toContain(TOKEN);

  for (const url of ['http://127.0.0.1:8080/acme/widgets.git', 'http://localhost:8080/acme/widgets.git', 'http://[::1]:8080/acme/widgets.git', 'https://git.example.com/acme/widgets.git']) {
    const session = await createWith({ url, authorization_token: TOKEN });
    expect(session.resources[0]).toMatchObject({ type: 'github_repository', url });
  }
  // Without a token, plain http anywhere is the user's choice.
  const open = await createWith({ url: 'http://git.example.com/acme/public.git' });
  expect(open.resources[0]).toMatchObject({ url: 'http://git.example.com/acme/public.git' });
});

it('takes only http(s) repository URLs', async () => {
  for (const url of ['ssh://git@github.com/acme/widgets.git', 'file:///etc/passwd', 'git://github.com/acme/widgets.git']) {
    const err = await expectApiError(createWith({ url }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(messageOf(err)).toBe('resources.0.url: must be an http(s) URL');
  }
});

it('stored none of the refused tokens', async () => {
  expect(await rig.server.stop()).toBe(0);
  const files = ['dockhand.db', 'dockhand.db-wal'].map((f) => join(rig.server.dataDir, f)).filter(existsSync);
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  expect(bytes.includes('acme/widgets.git')).toBe(true); // the byte search sees what was stored
  expect(bytes.includes(TOKEN)).toBe(false);
});
