// The secret rule, end to end: a repository's authorization_token handed to a session never comes back
// out of the API and never reaches the SQLite file (main database or WAL).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { expectApiError, reader, sessionParts, useServer, userMessage } from '../support/fixtures.ts';
import { keychainUp } from '../support/keychain.ts';

const SENTINEL = `ghp_SENTINEL_${Math.random().toString(36).slice(2)}_DO_NOT_STORE`;
// A value stored next to the token, to prove the byte search below can find what is written.
const MARKER = `visible-title-${Math.random().toString(36).slice(2)}`;


const rig = useServer();

it.skipIf(!keychainUp)('never returns or stores a github_repository authorization_token (skipped: no OS keychain to keep it in)', async () => {
  const responses: unknown[] = [];
  const seen = <T>(value: T): T => (responses.push(value), value);
  const { agent, environment } = await sessionParts(rig.client);

  const session = seen(
    await rig.client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      title: MARKER,
      resources: [{ type: 'github_repository', url: 'https://github.com/example/private.git', authorization_token: SENTINEL, checkout: { type: 'branch', name: 'main' } }],
      initial_events: [userMessage('work on the repository')],
    }),
  );
  const repo = session.resources[0]!;
  expect(repo).toMatchObject({ type: 'github_repository', url: 'https://github.com/example/private.git', mount_path: '/workspace/private' });
  expect(repo).not.toHaveProperty('authorization_token');

  const stream = reader(await rig.client.beta.sessions.events.stream(session.id));
  seen(await rig.client.beta.sessions.events.send(session.id, { events: [userMessage('and again')] }));
  // What the stream delivers (from the log) is checked too.
  seen(await stream.take(1));
  stream.close();

  seen(await rig.client.beta.sessions.retrieve(session.id));
  seen(await rig.client.beta.sessions.update(session.id, { metadata: { k: 'v' } }));
  seen((await rig.client.beta.sessions.list({ agent_id: agent.id })).data);
  seen((await rig.client.beta.sessions.events.list(session.id)).data);
  seen(await rig.client.beta.sessions.archive(session.id));

  // A refused request does not echo the token back either.
  const refused = await expectApiError(
    rig.client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      resources: [{ type: 'github_repository', url: 'not a url', authorization_token: SENTINEL }],
    }),
    Anthropic.BadRequestError,
    400,
    'invalid_request_error',
  );
  seen(refused.error);

  const everything = JSON.stringify(responses);
  expect(everything).toContain(MARKER);
  expect(everything).not.toContain(SENTINEL);

  // Stop gracefully, then read the raw bytes of the store as they are on disk.
  expect(await rig.server.stop()).toBe(0);
  expect(rig.server.stderr()).not.toContain(SENTINEL);
  const files = ['dockhand.db', 'dockhand.db-wal', 'dockhand.db-shm'].map((f) => join(rig.server.dataDir, f)).filter(existsSync);
  expect(files).toContain(join(rig.server.dataDir, 'dockhand.db'));
  const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
  expect(bytes.includes(MARKER)).toBe(true);
  expect(bytes.includes(SENTINEL)).toBe(false);
  expect(bytes.includes(Buffer.from(SENTINEL, 'utf16le'))).toBe(false);
});
