// The vault through the official SDK against a real `dockhand serve`, with the real OS keychain
// (gnome-keyring's Secret Service under D-Bus in CI): vaults and credentials in the official shapes,
// secrets written to the keychain and never returned, rotated and deleted there, kept across a restart;
// the model key set through the API and used after a restart; and, with no keychain, one clear refusal.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYCHAIN_MISSING } from '../../electron/core/vault/keychain.ts';
import { say, turn } from '../support/brain.ts';
import { expectApiError, sessionParts, shutDown } from '../support/fixtures.ts';
import { openFeed } from '../support/changes.ts';
import { keychainUp, keychainValue, NO_KEYCHAIN_ENV } from '../support/keychain.ts';
import { reply, startScriptedModel, type ScriptedModel } from '../support/scripted-model/index.ts';
import { BIN, serve, tempDir, type Served } from '../support/serve.ts';

const unique = (what: string) => `${what}-SENTINEL-${Math.random().toString(36).slice(2)}`;
const BEARER = unique('bearer');
const ROTATED = unique('rotated');
const ACCESS = unique('access');
const REFRESH = unique('refresh');
const CLIENT_SECRET = unique('client-secret');
const ENV_VALUE = unique('env-value');
const MODEL_KEY = unique('sk-ant');
const FEED_TOKEN = unique('feed-token');
const FEED_ROTATED = unique('feed-rotated');
const ALL = [BEARER, ROTATED, ACCESS, REFRESH, CLIENT_SECRET, ENV_VALUE, MODEL_KEY, FEED_TOKEN, FEED_ROTATED];

/** The raw bytes of the store as they are on disk, WAL included. */
const storeBytes = (dataDir: string) =>
  Buffer.concat(['dockhand.db', 'dockhand.db-wal', 'dockhand.db-shm'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));

describe.skipIf(!keychainUp)('vaults and credentials with the OS keychain (skipped: no OS keychain answers)', () => {
  let model: ScriptedModel;
  let server: Served;
  let client: Anthropic;
  const dataDir = tempDir();
  const responses: unknown[] = [];
  const seen = <T>(value: T): T => (responses.push(value), value);
  // No ANTHROPIC_API_KEY: the model key comes from the keychain.
  const start = () => serve({ dataDir, brain: true, env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: '', DOCKHAND_MAX_RETRIES: '0' } });

  beforeAll(async () => {
    model = await startScriptedModel({ apiKey: MODEL_KEY });
    server = await start();
    client = server.client();
  });
  afterAll(async () => {
    await shutDown(server);
    await model?.close();
  });

  it('creates, reads, lists, updates, archives and deletes vaults in the official shapes', async () => {
    const v = seen(await client.beta.vaults.create({ display_name: 'Work', metadata: { team: 'infra' } }));
    expect(v).toMatchObject({ type: 'vault', display_name: 'Work', metadata: { team: 'infra' }, archived_at: null });
    expect(v.id).toMatch(/^vlt_/);
    expect(await client.beta.vaults.retrieve(v.id)).toEqual(v);
    const renamed = await client.beta.vaults.update(v.id, { display_name: 'Work (renamed)', metadata: { team: null, env: 'prod' } });
    expect(renamed).toMatchObject({ display_name: 'Work (renamed)', metadata: { env: 'prod' } });
    const other = await client.beta.vaults.create({ display_name: 'Other' });
    const listed: string[] = [];
    for await (const x of client.beta.vaults.list({ limit: 1 })) listed.push(x.id);
    expect(listed).toEqual(expect.arrayContaining([v.id, other.id]));
    const archived = await client.beta.vaults.archive(other.id);
    expect(archived.archived_at).not.toBeNull();
    expect((await client.beta.vaults.list()).data.map((x) => x.id)).not.toContain(other.id);
    expect((await client.beta.vaults.list({ include_archived: true })).data.map((x) => x.id)).toContain(other.id);
    await expectApiError(client.beta.vaults.credentials.create(other.id, { auth: { type: 'static_bearer', token: 'x', mcp_server_url: 'https://a.example/mcp' } }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect(await client.beta.vaults.delete(other.id)).toEqual({ id: other.id, type: 'vault_deleted' });
    await expectApiError(client.beta.vaults.retrieve(other.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(client.beta.vaults.create({ display_name: '' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });

  it('keeps every secret field in the keychain only: stored, read back host-side, rotated, deleted; never returned', async () => {
    const v = await client.beta.vaults.create({ display_name: 'Secrets' });
    const bearer = seen(await client.beta.vaults.credentials.create(v.id, { display_name: 'Linear', auth: { type: 'static_bearer', token: BEARER, mcp_server_url: 'https://mcp.example.com/mcp' } }));
    expect(bearer).toMatchObject({ type: 'vault_credential', vault_id: v.id, display_name: 'Linear', auth: { type: 'static_bearer', mcp_server_url: 'https://mcp.example.com/mcp' } });
    expect(bearer.auth).not.toHaveProperty('token');
    expect(JSON.parse((await keychainValue(dataDir, `credential/${bearer.id}`))!)).toEqual({ token: BEARER });

    const expires = new Date(Date.now() + 3_600_000).toISOString();
    const oauth = seen(
      await client.beta.vaults.credentials.create(v.id, {
        auth: {
          type: 'mcp_oauth',
          access_token: ACCESS,
          mcp_server_url: 'https://oauth.example.com/mcp',
          expires_at: expires,
          refresh: { client_id: 'dockhand', refresh_token: REFRESH, token_endpoint: 'https://oauth.example.com/token', token_endpoint_auth: { type: 'client_secret_post', client_secret: CLIENT_SECRET }, scope: 'read' },
        },
      }),
    );
    expect(oauth.auth).toEqual({
      type: 'mcp_oauth',
      mcp_server_url: 'https://oauth.example.com/mcp',
      expires_at: expires,
      refresh: { client_id: 'dockhand', token_endpoint: 'https://oauth.example.com/token', token_endpoint_auth: { type: 'client_secret_post' }, resource: null, scope: 'read' },
    });
    expect(JSON.parse((await keychainValue(dataDir, `credential/${oauth.id}`))!)).toEqual({ access_token: ACCESS, refresh_token: REFRESH, client_secret: CLIENT_SECRET });

    const envVar = seen(
      await client.beta.vaults.credentials.create(v.id, {
        auth: { type: 'environment_variable', secret_name: 'SERVICE_TOKEN', secret_value: ENV_VALUE, networking: { type: 'limited', allowed_hosts: ['api.example.com', '*.example.org'] } },
      }),
    );
    expect(envVar.auth).toEqual({
      type: 'environment_variable',
      secret_name: 'SERVICE_TOKEN',
      networking: { type: 'limited', allowed_hosts: ['api.example.com', '*.example.org'] },
      injection_location: { header: true, body: false },
    });

    // One credential per server and per variable in a vault.
    await expectApiError(client.beta.vaults.credentials.create(v.id, { auth: { type: 'static_bearer', token: 't', mcp_server_url: 'https://mcp.example.com/mcp/' } }), Anthropic.ConflictError, 409, 'conflict_error');
    await expectApiError(
      client.beta.vaults.credentials.create(v.id, { auth: { type: 'environment_variable', secret_name: 'SERVICE_TOKEN', secret_value: 'v', networking: { type: 'unrestricted' } } }),
      Anthropic.ConflictError,
      409,
      'conflict_error',
    );
    await expectApiError(
      client.beta.vaults.credentials.create(v.id, { auth: { type: 'environment_variable', secret_name: 'X', secret_value: 'v', networking: { type: 'limited', allowed_hosts: ['https://a.example/x'] } } }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );

    // Rotate: the keychain holds the new value; the type cannot change.
    const rotated = seen(await client.beta.vaults.credentials.update(bearer.id, { vault_id: v.id, auth: { type: 'static_bearer', token: ROTATED }, metadata: { rotated: 'yes' } }));
    expect(rotated).toMatchObject({ id: bearer.id, metadata: { rotated: 'yes' }, auth: { type: 'static_bearer', mcp_server_url: 'https://mcp.example.com/mcp' } });
    expect(JSON.parse((await keychainValue(dataDir, `credential/${bearer.id}`))!)).toEqual({ token: ROTATED });
    await expectApiError(client.beta.vaults.credentials.update(bearer.id, { vault_id: v.id, auth: { type: 'mcp_oauth', access_token: 'x' } }), Anthropic.BadRequestError, 400, 'invalid_request_error');

    seen(await client.beta.vaults.credentials.retrieve(oauth.id, { vault_id: v.id }));
    const all: unknown[] = [];
    for await (const c of client.beta.vaults.credentials.list(v.id, { limit: 1 })) all.push(c);
    expect(all).toHaveLength(3);
    seen(all);

    // Archive purges the secret and keeps the record; delete removes both.
    const archived = seen(await client.beta.vaults.credentials.archive(envVar.id, { vault_id: v.id }));
    expect(archived.archived_at).not.toBeNull();
    expect(await keychainValue(dataDir, `credential/${envVar.id}`)).toBeNull();
    expect(await client.beta.vaults.credentials.delete(oauth.id, { vault_id: v.id })).toEqual({ id: oauth.id, type: 'vault_credential_deleted' });
    expect(await keychainValue(dataDir, `credential/${oauth.id}`)).toBeNull();
    await expectApiError(client.beta.vaults.credentials.retrieve(oauth.id, { vault_id: v.id }), Anthropic.NotFoundError, 404, 'not_found_error');

    // Sessions name vaults that exist.
    const { agent, environment } = await sessionParts(client);
    const s = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, vault_ids: [v.id] });
    expect(s.vault_ids).toEqual([v.id]);
    // Where a vault is used (a Dockhand extension for the Vaults screen).
    expect(((await client.get(`/v1/vaults/${v.id}/sessions`)) as { data: { id: string }[] }).data.map((x) => x.id)).toEqual([s.id]);
    await expectApiError(client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, vault_ids: ['vlt_missing'] }), Anthropic.NotFoundError, 404, 'not_found_error');
  });

  it('takes the model key through the API (write-only), keeps it across a restart and uses it for the model', async () => {
    const before = await client.beta.vaults.list(); // any call: the server answers
    expect(before.data).toBeDefined();
    const statusPath = '/v1/dockhand/settings/model_key';
    expect(await client.get(statusPath)).toMatchObject({ type: 'model_key', configured: false, source: null, stored: false, keychain: { available: true } });
    const set = seen(await client.post(statusPath, { body: { api_key: MODEL_KEY } }));
    expect(set).toMatchObject({ configured: true, source: 'keychain', stored: true });
    expect(await keychainValue(dataDir, 'model-api-key')).toBe(MODEL_KEY);

    // A restart: the credential set before and the model key are still there, and the model answers.
    const bearerVault = (await client.beta.vaults.list()).data.find((x) => x.display_name === 'Secrets')!;
    await server.stop();
    server = await start();
    client = server.client();
    const [bearer] = (await client.beta.vaults.credentials.list(bearerVault.id)).data.filter((c) => c.auth.type === 'static_bearer');
    expect(JSON.parse((await keychainValue(dataDir, `credential/${bearer!.id}`))!)).toEqual({ token: ROTATED });
    expect(await client.get(statusPath)).toMatchObject({ configured: true, source: 'keychain' });

    const { agent, environment } = await sessionParts(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    model.enqueue(reply('hello with the stored key'));
    const { idle, events } = await turn(client, session.id, [say('hi')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    expect(events.some((e) => e.type === 'agent.message')).toBe(true);
    expect(model.requests).toHaveLength(1); // it passed the model's key check

    // Deleting the key: the next turn fails clearly, without retrying.
    seen(await client.delete(statusPath));
    expect(await keychainValue(dataDir, 'model-api-key')).toBeNull();
    const failed = await turn(client, session.id, [say('again')]);
    const error = failed.events.find((e) => e.type === 'session.error');
    expect(error).toMatchObject({ error: { type: 'model_request_failed_error', retry_status: { type: 'terminal' } } });
    expect(JSON.stringify(error)).toContain('dockhand key set');
  });

  it('`dockhand key set` reads the key from standard input into the keychain', async () => {
    const child = spawn(process.execPath, [BIN, 'key', 'set', '--data-dir', dataDir], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ANTHROPIC_API_KEY: '' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.stdin.end(`${MODEL_KEY}\n`);
    expect(await new Promise((r) => child.once('exit', r))).toBe(0);
    expect(out).toContain('uses the key in the OS keychain');
    expect(out).not.toContain(MODEL_KEY);
    expect(await keychainValue(dataDir, 'model-api-key')).toBe(MODEL_KEY);
    expect(await server.client().get('/v1/dockhand/settings/model_key')).toMatchObject({ source: 'keychain' });
  });

  it('publishes vault and credential changes on the change feed, with their metadata and never a secret', async () => {
    const feed = await openFeed(server);
    try {
      const v = await client.beta.vaults.create({ display_name: 'Watched' });
      const c = await client.beta.vaults.credentials.create(v.id, { display_name: 'Docs', auth: { type: 'static_bearer', token: FEED_TOKEN, mcp_server_url: 'https://docs.example/mcp' } });
      const rotated = await client.beta.vaults.credentials.update(c.id, { vault_id: v.id, auth: { type: 'static_bearer', token: FEED_ROTATED } });
      const archivedC = await client.beta.vaults.credentials.archive(c.id, { vault_id: v.id });
      await client.beta.vaults.credentials.delete(c.id, { vault_id: v.id });
      const renamed = await client.beta.vaults.update(v.id, { display_name: 'Watched (renamed)' });
      const archived = await client.beta.vaults.archive(v.id);
      await client.beta.vaults.delete(v.id);
      const got = (await feed.take(8)).map((x) => x.item);
      responses.push(got);
      expect(got).toEqual([
        { type: 'vault.created', id: v.id, resource: v },
        { type: 'credential.created', id: c.id, resource: c },
        { type: 'credential.updated', id: c.id, resource: rotated },
        { type: 'credential.archived', id: c.id, resource: archivedC },
        { type: 'credential.deleted', id: c.id, vault_id: v.id },
        { type: 'vault.updated', id: v.id, resource: renamed },
        { type: 'vault.archived', id: v.id, resource: archived },
        { type: 'vault.deleted', id: v.id },
      ]);
      expect(JSON.stringify(got)).not.toContain('feed-');
    } finally {
      feed.close();
    }
  });

  it('never returned, logged or stored a secret value', async () => {
    const everything = JSON.stringify(responses);
    expect(everything).toContain('Linear'); // the search sees what was returned
    await server.stop();
    const bytes = storeBytes(dataDir);
    expect(bytes.includes('Linear')).toBe(true);
    for (const secret of ALL) {
      expect(everything).not.toContain(secret);
      expect(server.stderr()).not.toContain(secret);
      expect(bytes.includes(secret)).toBe(false);
    }
  });
});

describe('without a keychain', () => {
  let server: Served;
  beforeAll(async () => {
    server = await serve({ env: NO_KEYCHAIN_ENV });
  });
  afterAll(async () => {
    await shutDown(server);
  });

  it('refuses every secret with one clear message and stores nothing in plain text', async () => {
    const client = server.client();
    expect(await client.get('/v1/dockhand/settings/keychain')).toEqual({ type: 'keychain', available: false, message: KEYCHAIN_MISSING });
    const v = await client.beta.vaults.create({ display_name: 'No keychain' });
    const refused = await expectApiError(
      client.beta.vaults.credentials.create(v.id, { auth: { type: 'static_bearer', token: BEARER, mcp_server_url: 'https://mcp.example.com/mcp' } }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    expect(refused.error).toEqual({ type: 'error', error: { type: 'invalid_request_error', message: KEYCHAIN_MISSING, details: { error_code: 'keychain_unavailable' } }, request_id: expect.stringMatching(/^req_/) });
    expect((await client.beta.vaults.credentials.list(v.id)).data).toEqual([]);
    await expectApiError(client.post('/v1/dockhand/settings/model_key', { body: { api_key: MODEL_KEY } }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const { agent, environment } = await sessionParts(client);
    await expectApiError(
      client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, resources: [{ type: 'github_repository', url: 'https://example.com/a/b.git', authorization_token: ENV_VALUE }] }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    expect((await client.beta.sessions.list()).data).toEqual([]); // the refused session does not exist
    await server.stop();
    const bytes = storeBytes(server.dataDir);
    for (const secret of [BEARER, MODEL_KEY, ENV_VALUE]) {
      expect(server.stderr()).not.toContain(secret);
      expect(bytes.includes(secret)).toBe(false);
    }
  });
});
