// MCP through the local API: a real MCP server from the npm registry (server-everything, over streamable
// HTTP and over SSE) behind an auth front that refuses any request without the vault's bearer token, used by
// an agent in a session. The host adds the credential to every request; MCP tools default to always_ask
// (requires_action, then user.tool_confirmation); an expiring OAuth token is refreshed at a token endpoint
// first; a wrong token, a failed refresh and an unreachable server become the SDK's session.error types.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { keychainUp } from '../support/keychain.ts';
import { authFront, everything, tokenEndpoint, type AuthFront, type Child, type TokenEndpoint } from '../support/mcp/servers.ts';
import { lastToolResults, reply, toolUse } from '../support/scripted-model/index.ts';

const BEARER = `mcp-bearer-${randomBytes(12).toString('hex')}`;
const CLIENT_SECRET = `client-secret-${randomBytes(8).toString('hex')}`;

const resultText = (e: StreamEvent | undefined) => JSON.stringify((e as { content?: unknown } | undefined)?.content ?? null);

describe.skipIf(!keychainUp)('MCP servers in sessions (skipped: no OS keychain answers)', () => {
  let rig: BrainRig;
  let client: Anthropic;
  let http: Child;
  let sse: Child;
  let front: AuthFront;
  let sseFront: AuthFront;
  let tokens: TokenEndpoint;

  beforeAll(async () => {
    // The server's environment holds the token, which its get-env tool prints: redaction must catch it.
    [http, sse] = await Promise.all([everything('streamableHttp', { LEAKY_VARIABLE: BEARER }), everything('sse')]);
    [front, sseFront] = await Promise.all([authFront(http.url), authFront(sse.url)]);
    front.accepted.add(BEARER);
    sseFront.accepted.add(BEARER);
    tokens = await tokenEndpoint(front, CLIENT_SECRET);
    rig = await brainRig();
    client = rig.client;
  });
  afterAll(async () => {
    await rig?.close();
    await Promise.all([front?.close(), sseFront?.close(), tokens?.close()]);
    await Promise.all([http?.close(), sse?.close()]);
  });

  const mcpUrl = () => `${front.origin}/mcp`;
  /** An agent using server-everything at `url`: echo always allowed, every other tool at the default (always_ask). */
  const agentFor = (url: string) =>
    client.beta.agents.create({
      name: `mcp-${randomBytes(3).toString('hex')}`,
      model: 'claude-sonnet-4-6',
      mcp_servers: [{ type: 'url', name: 'everything', url }],
      tools: [{ type: 'mcp_toolset', mcp_server_name: 'everything', configs: [{ name: 'echo', permission_policy: { type: 'always_allow' } }] }],
    });
  const sessionWith = async (url: string, auth: Parameters<Anthropic['beta']['vaults']['credentials']['create']>[1]['auth'] | null) => {
    const agent = await agentFor(url);
    const environment = await client.beta.environments.create({ name: `mcp-env-${randomBytes(4).toString('hex')}` });
    const vault = await client.beta.vaults.create({ display_name: 'MCP' });
    const credential = auth ? await client.beta.vaults.credentials.create(vault.id, { display_name: 'everything', auth }) : undefined;
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, vault_ids: [vault.id] });
    return { session, vault, credential };
  };

  it('calls a tool with the vault bearer token added by the host, then offers the server tools to the model', async () => {
    const refusedBefore = front.refused();
    const { session } = await sessionWith(mcpUrl(), { type: 'static_bearer', token: BEARER, mcp_server_url: mcpUrl() });
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'hello over MCP' })]), reply('The server echoed it.'));
    const { events, idle } = await turn(client, session.id, [say('echo something')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    const use = events.find((e) => e.type === 'agent.mcp_tool_use');
    expect(use).toMatchObject({ type: 'agent.mcp_tool_use', mcp_server_name: 'everything', name: 'echo', input: { message: 'hello over MCP' }, evaluated_permission: 'allow' });
    const result = events.find((e) => e.type === 'agent.mcp_tool_result');
    expect(result).toMatchObject({ mcp_tool_use_id: use!.id, is_error: false, content: [{ type: 'text', text: 'Echo: hello over MCP' }] });
    // The model got the result, and, from its next request on, the server's tools with their schemas.
    const second = rig.model.requests.at(-1)!;
    expect(lastToolResults(second)[0]).toMatchObject({ is_error: false, content: [{ type: 'text', text: 'Echo: hello over MCP' }] });
    const offered = (second.body.tools ?? []) as { name: string; input_schema: { properties?: object } }[];
    expect(offered.find((t) => t.name === 'mcp__everything__echo')?.input_schema.properties).toHaveProperty('message');
    expect(offered.map((t) => t.name)).toContain('mcp__everything__get-sum');
    // Every request Dockhand sent carried the token; none was refused.
    expect(front.refused()).toBe(refusedBefore);
    expect(front.seen.filter(Boolean).every((h) => h === `Bearer ${BEARER}` || h?.startsWith('Bearer refreshed-'))).toBe(true);
    // The front really refuses requests without it.
    expect((await fetch(mcpUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(401);
  });

  it('asks before an always_ask MCP tool runs: requires_action, then user.tool_confirmation', async () => {
    const { session } = await sessionWith(mcpUrl(), { type: 'static_bearer', token: BEARER, mcp_server_url: mcpUrl() });
    rig.model.enqueue(reply([toolUse('mcp__everything__get-sum', { a: 2, b: 3 })]), reply('It is 5.'));
    const asked = await turn(client, session.id, [say('add 2 and 3')]);
    const use = asked.events.find((e) => e.type === 'agent.mcp_tool_use');
    expect(use).toMatchObject({ name: 'get-sum', evaluated_permission: 'ask' });
    expect(asked.idle.stop_reason).toEqual({ type: 'requires_action', event_ids: [use!.id] });
    expect(asked.events.some((e) => e.type === 'agent.mcp_tool_result')).toBe(false);

    const done = await turn(client, session.id, [{ type: 'user.tool_confirmation', tool_use_id: use!.id, result: 'allow' }]);
    expect(done.idle.stop_reason.type).toBe('end_turn');
    expect(resultText(done.events.find((e) => e.type === 'agent.mcp_tool_result'))).toContain('5');
  });

  it('redacts a known secret in an MCP result and in the model message before storing or sending them', async () => {
    const { session } = await sessionWith(mcpUrl(), { type: 'static_bearer', token: BEARER, mcp_server_url: mcpUrl() });
    rig.model.enqueue(reply([toolUse('mcp__everything__get-env', {})]), reply(`I saw ${BEARER} in there.`));
    const asked = await turn(client, session.id, [say('show the environment')]);
    const use = asked.events.find((e) => e.type === 'agent.mcp_tool_use')!;
    const { events } = await turn(client, session.id, [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'allow' }]);
    const result = resultText(events.find((e) => e.type === 'agent.mcp_tool_result'));
    expect(result).toContain('LEAKY_VARIABLE'); // the tool really printed the environment
    expect(result).toContain('[redacted: everything]');
    expect(events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ type: 'text', text: 'I saw [redacted: everything] in there.' }] });
    // The next request carries the marker, not the value, both in the tool result and in the model's own message.
    rig.model.enqueue(reply('fine'));
    await turn(client, session.id, [say('again')]);
    const last = JSON.stringify(rig.model.requests.at(-1)!.body);
    expect(last).toContain('I saw [redacted: everything] in there.');
    expect(last).not.toContain(BEARER);
    expect(JSON.stringify((await client.beta.sessions.events.list(session.id, { limit: 1000 })).data)).not.toContain(BEARER);
  });

  it('works over the older HTTP+SSE transport too', async () => {
    const url = `${sseFront.origin}/sse`;
    const { session } = await sessionWith(url, { type: 'static_bearer', token: BEARER, mcp_server_url: url });
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'over SSE' })]), reply('Done.'));
    const { events } = await turn(client, session.id, [say('echo over SSE')]);
    expect(events.find((e) => e.type === 'agent.mcp_tool_result')).toMatchObject({ is_error: false, content: [{ type: 'text', text: 'Echo: over SSE' }] });
    expect(sseFront.seen.filter(Boolean).every((h) => h === `Bearer ${BEARER}`)).toBe(true);
  });

  it('a wrong token is an mcp_authentication_failed_error, and the call fails saying so', async () => {
    const { session } = await sessionWith(mcpUrl(), { type: 'static_bearer', token: 'not-the-token', mcp_server_url: mcpUrl() });
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'x' })]), reply('It failed.'));
    const { events, idle } = await turn(client, session.id, [say('try')]);
    expect(idle.stop_reason.type).toBe('end_turn');
    const error = events.find((e) => e.type === 'session.error');
    expect(error).toMatchObject({ error: { type: 'mcp_authentication_failed_error', mcp_server_name: 'everything', retry_status: { type: 'terminal' } } });
    expect(events.find((e) => e.type === 'agent.mcp_tool_result')).toMatchObject({ is_error: true });
    expect(resultText(events.find((e) => e.type === 'agent.mcp_tool_result'))).toContain('refused the credential');
  });

  it('an unreachable server is an mcp_connection_failed_error', async () => {
    const url = 'http://127.0.0.1:9/mcp';
    const { session } = await sessionWith(url, null);
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'x' })]), reply('No server.'));
    const { events } = await turn(client, session.id, [say('try')]);
    expect(events.find((e) => e.type === 'agent.mcp_tool_result')).toMatchObject({ is_error: true });
    // Reported once, when the server was first tried (listing its tools as the session was created, or the call).
    const errors = (await client.beta.sessions.events.list(session.id, { types: ['session.error'] })).data;
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { type: 'mcp_connection_failed_error', mcp_server_name: 'everything', retry_status: { type: 'retrying' } } });
    expect((errors[0] as { error: { message: string } }).error.message).toContain('could not connect to MCP server "everything" (http://127.0.0.1:9/mcp)');
  });

  it('never delays a model request: a server that never answers leaves the turn to go on without its tools', async () => {
    const hung = createServer(() => undefined); // takes every request, answers none
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/mcp`;
      const { session } = await sessionWith(url, null);
      rig.model.enqueue(reply('Answered without waiting for MCP.'));
      const { events, idle } = await turn(client, session.id, [say('hello')]);
      expect(idle.stop_reason.type).toBe('end_turn');
      expect(events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ type: 'text', text: 'Answered without waiting for MCP.' }] });
      expect(rig.model.requests.at(-1)!.body.tools ?? []).toEqual([]);
      await client.beta.sessions.archive(session.id); // closes its connections
    } finally {
      hung.closeAllConnections();
      await new Promise((r) => hung.close(r));
    }
  });

  it('refreshes an OAuth token about to expire before using it; the new expiry shows, the new token does not', async () => {
    const refresh = `refresh-${randomBytes(8).toString('hex')}`;
    tokens.refreshTokens.add(refresh);
    const soon = new Date(Date.now() + 30_000).toISOString(); // within the refresh margin
    const { session, vault, credential } = await sessionWith(mcpUrl(), {
      type: 'mcp_oauth',
      access_token: 'expired-and-refused',
      expires_at: soon,
      mcp_server_url: mcpUrl(),
      refresh: { client_id: 'dockhand-test', refresh_token: refresh, token_endpoint: tokens.url, token_endpoint_auth: { type: 'client_secret_post', client_secret: CLIENT_SECRET } },
    });
    const issuedBefore = tokens.issued.length;
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'with a fresh token' })]), reply('Done.'));
    const { events } = await turn(client, session.id, [say('echo')]);
    expect(events.find((e) => e.type === 'agent.mcp_tool_result')).toMatchObject({ is_error: false, content: [{ type: 'text', text: 'Echo: with a fresh token' }] });
    expect(tokens.issued.length).toBe(issuedBefore + 1);
    expect(tokens.forms.at(-1)!.get('client_id')).toBe('dockhand-test');
    expect(front.seen).not.toContain('Bearer expired-and-refused'); // refreshed before, not after a refusal
    const after = await client.beta.vaults.credentials.retrieve(credential!.id, { vault_id: vault.id });
    expect(after.auth.type === 'mcp_oauth' && Date.parse(after.auth.expires_at!)).toBeGreaterThan(Date.now() + 3_000_000);
    expect(JSON.stringify(after)).not.toContain(tokens.issued.at(-1)!);
  });

  it('a refresh the token endpoint refuses is a clear mcp_authentication_failed_error', async () => {
    const { session } = await sessionWith(mcpUrl(), {
      type: 'mcp_oauth',
      access_token: 'expired-and-refused',
      expires_at: new Date(Date.now() + 30_000).toISOString(),
      mcp_server_url: mcpUrl(),
      refresh: { client_id: 'dockhand-test', refresh_token: 'revoked', token_endpoint: tokens.url, token_endpoint_auth: { type: 'client_secret_post', client_secret: CLIENT_SECRET } },
    });
    rig.model.enqueue(reply([toolUse('mcp__everything__echo', { message: 'x' })]), reply('It failed.'));
    const { events } = await turn(client, session.id, [say('try')]);
    const error = events.find((e) => e.type === 'session.error');
    expect(error).toMatchObject({ error: { type: 'mcp_authentication_failed_error', mcp_server_name: 'everything' } });
    expect((error as { error: { message: string } }).error.message).toMatch(/refreshing the access token failed: the token endpoint \S+ answered 400 invalid_grant/);
  });

  it('mcp_oauth_validate probes the server, refreshing a refused token', async () => {
    const refresh = `refresh-${randomBytes(8).toString('hex')}`;
    tokens.refreshTokens.add(refresh);
    const vault = await client.beta.vaults.create({ display_name: 'validate' });
    const oauth = (access: string, refresh_token: string) =>
      client.beta.vaults.credentials.create(vault.id, {
        auth: {
          type: 'mcp_oauth',
          access_token: access,
          mcp_server_url: `${mcpUrl()}?v=${randomBytes(3).toString('hex')}`,
          refresh: { client_id: 'dockhand-test', refresh_token, token_endpoint: tokens.url, token_endpoint_auth: { type: 'client_secret_post', client_secret: CLIENT_SECRET } },
        },
      });
    const good = await oauth('refused-now', refresh);
    const valid = await client.beta.vaults.credentials.mcpOAuthValidate(good.id, { vault_id: vault.id });
    expect(valid).toMatchObject({ type: 'vault_credential_validation', credential_id: good.id, status: 'valid', has_refresh_token: true, refresh: { status: 'succeeded' }, mcp_probe: null });
    const bad = await oauth('refused-too', 'revoked');
    const invalid = await client.beta.vaults.credentials.mcpOAuthValidate(bad.id, { vault_id: vault.id });
    expect(invalid).toMatchObject({ status: 'invalid', refresh: { status: 'failed', http_response: { status_code: 400 } }, mcp_probe: { method: 'initialize' } });
  });
});
