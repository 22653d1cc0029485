// Each error class the official SDK raises, from a real `dockhand serve`: status, envelope, finer subclasses, auth.
import Anthropic from '@anthropic-ai/sdk';
import { BetaEnvironmentNotFoundError } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { describe, expect, it } from 'vitest';
import { createAgent, createEnvironment, expectApiError, useServer } from '../support/fixtures.ts';


const rig = useServer();

/** A client that sends no credentials at all (the SDK otherwise refuses to send a request without one). */
const keylessClient = () =>
  new Anthropic({ baseURL: rig.server.url, apiKey: null, authToken: null, maxRetries: 0, defaultHeaders: { Authorization: null } });

describe('BadRequestError (400)', () => {
  it('names the offending field of an invalid body', async () => {
    const err = await expectApiError(
      rig.client.beta.agents.create({ name: 'x', model: 'm', tools: [{ type: 'bogus_toolset' }] } as unknown as Anthropic.Beta.AgentCreateParams),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    expect(err.message).toContain('tools');
    expect(err.requestID).toMatch(/^req_/);
  });

  it('refuses ids that are not ids, including path tricks', async () => {
    for (const id of ['agent_../../sessions', '../v1/sessions', 'agent_a%2Fb', 'agent_']) {
      await expectApiError(rig.client.beta.agents.retrieve(id), Anthropic.BadRequestError, 400, 'invalid_request_error');
    }
    await expectApiError(rig.client.beta.sessions.retrieve('sesn_a b'), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });

  it('refuses an out-of-range query parameter', async () => {
    await expectApiError(rig.client.beta.agents.list({ limit: 0 }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(rig.client.beta.sessions.list({ 'created_at[gt]': 'yesterday' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});

describe('AuthenticationError (401)', () => {
  it('refuses a wrong key, sent as the SDK sends it', async () => {
    const wrong = rig.server.client({ apiKey: 'not-the-key' });
    await expectApiError(wrong.beta.agents.list(), Anthropic.AuthenticationError, 401, 'authentication_error');
    await expectApiError(wrong.beta.sessions.retrieve('sesn_whatever'), Anthropic.AuthenticationError, 401, 'authentication_error');
  });

  it('refuses a wrong bearer token and a wrong x-api-key header', async () => {
    const bearer = new Anthropic({ baseURL: rig.server.url, apiKey: null, authToken: 'not-the-key', maxRetries: 0 });
    await expectApiError(bearer.beta.agents.list(), Anthropic.AuthenticationError, 401, 'authentication_error');
    const header = new Anthropic({ baseURL: rig.server.url, apiKey: null, authToken: null, maxRetries: 0, defaultHeaders: { Authorization: null, 'x-api-key': 'nope' } });
    await expectApiError(header.beta.agents.list(), Anthropic.AuthenticationError, 401, 'authentication_error');
  });

  it('refuses a request without any key, before anything else is looked at', async () => {
    const keyless = keylessClient();
    await expectApiError(keyless.beta.agents.list(), Anthropic.AuthenticationError, 401, 'authentication_error');
    await expectApiError(keyless.beta.agents.create({ name: 'x', model: 'm' }), Anthropic.AuthenticationError, 401, 'authentication_error');
    await expectApiError(keyless.beta.sessions.events.stream('sesn_whatever'), Anthropic.AuthenticationError, 401, 'authentication_error');
  });

  it('accepts the right key as a bearer token and as x-api-key', async () => {
    const bearer = new Anthropic({ baseURL: rig.server.url, apiKey: null, authToken: rig.server.apiKey, maxRetries: 0 });
    expect((await bearer.beta.agents.list()).data).toEqual(expect.any(Array));
    const header = new Anthropic({ baseURL: rig.server.url, apiKey: null, authToken: null, maxRetries: 0, defaultHeaders: { Authorization: null, 'x-api-key': rig.server.apiKey } });
    expect((await header.beta.agents.list()).data).toEqual(expect.any(Array));
  });

  it('creates nothing for a refused request', async () => {
    const env = await createEnvironment(rig.client);
    const wrong = rig.server.client({ apiKey: 'not-the-key' });
    await expectApiError(wrong.beta.environments.delete(env.id), Anthropic.AuthenticationError, 401, 'authentication_error');
    expect((await rig.client.beta.environments.retrieve(env.id)).id).toBe(env.id);
  });
});

describe('NotFoundError (404)', () => {
  it('for unknown objects of each kind', async () => {
    await expectApiError(rig.client.beta.agents.retrieve('agent_unknown'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.agents.versions.list('agent_unknown'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.retrieve('sesn_unknown'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.events.list('sesn_unknown'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.events.send('sesn_unknown', { events: [{ type: 'user.interrupt' }] }), Anthropic.NotFoundError, 404, 'not_found_error');
  });

  it('as the SDK\'s BetaEnvironmentNotFoundError for an unknown environment, with details.error_code', async () => {
    const err = await expectApiError(rig.client.beta.environments.retrieve('env_unknown'), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.errorCode).toBe('environment_not_found');
    expect(err.details).toEqual({ error_code: 'environment_not_found' });
  });

  it('for a path that is no route', async () => {
    await expectApiError(rig.client.get('/v1/nothing-here'), Anthropic.NotFoundError, 404, 'not_found_error');
  });
});

describe('ConflictError (409)', () => {
  it('for a duplicate environment name and a stale agent version', async () => {
    const env = await createEnvironment(rig.client);
    await expectApiError(rig.client.beta.environments.create({ name: env.name }), Anthropic.ConflictError, 409, 'conflict_error');
    const agent = await createAgent(rig.client);
    await rig.client.beta.agents.update(agent.id, { name: 'v2' });
    await expectApiError(rig.client.beta.agents.update(agent.id, { name: 'v3', version: 1 }), Anthropic.ConflictError, 409, 'conflict_error');
  });
});
