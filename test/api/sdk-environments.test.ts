// Environments through the official SDK against a real `dockhand serve`: defaults, faithful config, names, archive, delete.
import Anthropic from '@anthropic-ai/sdk';
import { BetaEnvironmentNotFoundError, BetaInvalidConfigTypeChangeError } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { describe, expect, it } from 'vitest';
import { createAgent, createEnvironment, expectApiError, uniqueName, useServer } from '../support/fixtures.ts';

const rig = useServer();

const listIds = async (params: Anthropic.Beta.EnvironmentListParams = {}) => {
  const ids: string[] = [];
  for await (const e of rig.client.beta.environments.list({ limit: 100, ...params })) ids.push(e.id);
  return ids;
};

const EMPTY_PACKAGES = { type: 'packages', apt: [], pip: [], npm: [], cargo: [], gem: [], go: [] };

describe('environments.create', () => {
  it('fills in the defaults: cloud, unrestricted networking, empty package lists', async () => {
    const name = uniqueName('plain');
    const env = await rig.client.beta.environments.create({ name });
    expect(env.id).toMatch(/^env_[A-Za-z0-9]+$/);
    expect(env).toMatchObject({
      type: 'environment',
      name,
      description: null,
      metadata: {},
      archived_at: null,
      config: { type: 'cloud', networking: { type: 'unrestricted' }, packages: EMPTY_PACKAGES },
    });
    expect(await rig.client.beta.environments.retrieve(env.id)).toEqual(env);
  });

  it('stores limited networking and every package manager faithfully', async () => {
    const config = {
      type: 'cloud' as const,
      networking: {
        type: 'limited' as const,
        allowed_hosts: ['api.example.com', '*.pypi.org', 'registry.example.com:8443'],
        allow_package_managers: true,
        allow_mcp_servers: false,
      },
      packages: {
        apt: ['jq', 'ripgrep'],
        pip: ['requests==2.32.3'],
        npm: ['typescript@5'],
        cargo: ['ripgrep'],
        gem: ['rake'],
        go: ['golang.org/x/tools/cmd/goimports@latest'],
      },
    };
    const env = await createEnvironment(rig.client, { config, description: 'data work', metadata: { team: 'data' } });
    expect(env.config).toEqual({ ...config, packages: { type: 'packages', ...config.packages } });
    expect(env).toMatchObject({ description: 'data work', metadata: { team: 'data' } });
    expect(await rig.client.beta.environments.retrieve(env.id)).toEqual(env);
  });

  it('fills the optional fields of limited networking', async () => {
    const env = await createEnvironment(rig.client, { config: { type: 'cloud', networking: { type: 'limited' } } });
    expect(env.config).toEqual({
      type: 'cloud',
      networking: { type: 'limited', allowed_hosts: [], allow_package_managers: false, allow_mcp_servers: false },
      packages: EMPTY_PACKAGES,
    });
  });

  it('refuses a package spec with shell metacharacters and a host with a scheme', async () => {
    await expectApiError(
      createEnvironment(rig.client, { config: { type: 'cloud', packages: { apt: ['jq; rm -rf /'] } } }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    await expectApiError(
      createEnvironment(rig.client, { config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['https://x.com/'] } } }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
  });

  it('refuses a duplicate name with ConflictError', async () => {
    const env = await createEnvironment(rig.client);
    await expectApiError(rig.client.beta.environments.create({ name: env.name }), Anthropic.ConflictError, 409, 'conflict_error');
  });
});

describe('environments.update', () => {
  it('changes name, description, config and metadata', async () => {
    const env = await createEnvironment(rig.client, { metadata: { a: '1', b: '2' } });
    const name = uniqueName('renamed');
    const next = await rig.client.beta.environments.update(env.id, {
      name,
      description: 'now described',
      config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['example.org'] }, packages: { pip: ['numpy'] } },
      metadata: { a: null, c: '3' },
    });
    expect(next).toMatchObject({
      id: env.id,
      name,
      description: 'now described',
      metadata: { b: '2', c: '3' },
      created_at: env.created_at,
      config: {
        type: 'cloud',
        networking: { type: 'limited', allowed_hosts: ['example.org'], allow_package_managers: false, allow_mcp_servers: false },
        packages: { ...EMPTY_PACKAGES, pip: ['numpy'] },
      },
    });
    expect(await rig.client.beta.environments.retrieve(env.id)).toEqual(next);
  });

  it('keeps what an update omits', async () => {
    const env = await createEnvironment(rig.client, { description: 'kept', config: { type: 'cloud', packages: { apt: ['git'] } } });
    const next = await rig.client.beta.environments.update(env.id, { metadata: { k: 'v' } });
    expect(next).toMatchObject({ name: env.name, description: 'kept', config: env.config, metadata: { k: 'v' } });
  });

  it('refuses to change the config type (BadRequestError, invalid_config_type_change)', async () => {
    const env = await createEnvironment(rig.client);
    const err = await expectApiError(
      rig.client.beta.environments.update(env.id, { config: { type: 'self_hosted' } }),
      BetaInvalidConfigTypeChangeError,
      400,
      'invalid_request_error',
    );
    expect(err).toBeInstanceOf(Anthropic.BadRequestError);
    expect((await rig.client.beta.environments.retrieve(env.id)).config.type).toBe('cloud');
  });

  it('refuses to rename onto a name in use', async () => {
    const [a, b] = await Promise.all([createEnvironment(rig.client), createEnvironment(rig.client)]);
    await expectApiError(rig.client.beta.environments.update(b.id, { name: a.name }), Anthropic.ConflictError, 409, 'conflict_error');
    expect((await rig.client.beta.environments.retrieve(b.id)).name).toBe(b.name);
  });
});

describe('environments.list, archive and delete', () => {
  it('lists environments across pages, archived ones only when asked', async () => {
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createEnvironment(rig.client));
    const page = await rig.client.beta.environments.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.hasNextPage()).toBe(true);
    const ids = await listIds({ limit: 2 });
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of made) expect(ids).toContain(e.id);

    const archived = await rig.client.beta.environments.archive(made[0]!.id);
    expect(archived.archived_at).toEqual(expect.any(String));
    expect(await listIds()).not.toContain(made[0]!.id);
    expect(await listIds({ include_archived: true })).toContain(made[0]!.id);
  });

  it('frees the name of an archived environment for reuse', async () => {
    const env = await createEnvironment(rig.client);
    await rig.client.beta.environments.archive(env.id);
    const again = await rig.client.beta.environments.create({ name: env.name });
    expect(again.id).not.toBe(env.id);
    expect(again.name).toBe(env.name);
  });

  it('refuses to update an archived environment and to start sessions in it', async () => {
    const env = await createEnvironment(rig.client);
    await rig.client.beta.environments.archive(env.id);
    await expectApiError(rig.client.beta.environments.update(env.id, { description: 'x' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const agent = await createAgent(rig.client);
    await expectApiError(
      rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
  });

  it('deletes an unused environment', async () => {
    const env = await createEnvironment(rig.client);
    expect(await rig.client.beta.environments.delete(env.id)).toEqual({ id: env.id, type: 'environment_deleted' });
    await expectApiError(rig.client.beta.environments.retrieve(env.id), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    expect(await listIds({ include_archived: true })).not.toContain(env.id);
  });

  it('refuses to delete an environment a session uses (409), and allows it once the session is gone', async () => {
    const [env, agent] = await Promise.all([createEnvironment(rig.client), createAgent(rig.client)]);
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    await expectApiError(rig.client.beta.environments.delete(env.id), Anthropic.ConflictError, 409, 'conflict_error');
    expect((await rig.client.beta.environments.retrieve(env.id)).id).toBe(env.id);
    await rig.client.beta.sessions.delete(session.id);
    expect((await rig.client.beta.environments.delete(env.id)).type).toBe('environment_deleted');
  });

  it('answers BetaEnvironmentNotFoundError (a NotFoundError with error_code) for an unknown id', async () => {
    const err = await expectApiError(rig.client.beta.environments.retrieve('env_doesnotexist'), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    expect(err).toBeInstanceOf(Anthropic.NotFoundError);
    expect(err.errorCode).toBe('environment_not_found');
    expect(err.error).toMatchObject({ error: { details: { error_code: 'environment_not_found' } } });
    await expectApiError(rig.client.beta.environments.update('env_doesnotexist', { name: 'x' }), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.environments.archive('env_doesnotexist'), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.environments.delete('env_doesnotexist'), BetaEnvironmentNotFoundError, 404, 'not_found_error');
  });
});
