// Agents through the official SDK against a real `dockhand serve`: defaults, versions, updates, lists, archive.
import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { createAgent, createEnvironment, expectApiError, tickPast, useServer } from '../support/fixtures.ts';

const rig = useServer();

const allIds = async (params: Anthropic.Beta.AgentListParams) => {
  const ids: string[] = [];
  for await (const a of rig.client.beta.agents.list({ limit: 100, ...params })) ids.push(a.id);
  return ids;
};

describe('agents.create', () => {
  it('fills in the resolved defaults', async () => {
    const agent = await rig.client.beta.agents.create({
      name: 'defaults',
      model: 'claude-sonnet-4-6',
      tools: [{ type: 'agent_toolset_20260401' }, { type: 'mcp_toolset', mcp_server_name: 'docs' }],
      mcp_servers: [{ type: 'url', name: 'docs', url: 'https://mcp.example.com/sse' }],
      skills: [{ type: 'anthropic', skill_id: 'xlsx' }],
    });
    expect(agent.id).toMatch(/^agent_[A-Za-z0-9]+$/);
    expect(agent).toMatchObject({
      type: 'agent',
      name: 'defaults',
      version: 1,
      model: { id: 'claude-sonnet-4-6' },
      description: null,
      system: null,
      metadata: {},
      archived_at: null,
      execution_identity: { type: 'service_account' },
      mcp_servers: [{ type: 'url', name: 'docs', url: 'https://mcp.example.com/sse' }],
      skills: [{ type: 'anthropic', skill_id: 'xlsx', version: 'latest' }],
    });
    expect(agent.tools).toEqual([
      { type: 'agent_toolset_20260401', default_config: { enabled: true, permission_policy: { type: 'always_allow' } }, configs: [] },
      { type: 'mcp_toolset', mcp_server_name: 'docs', default_config: { enabled: true, permission_policy: { type: 'always_ask' } }, configs: [] },
    ]);
    expect(Number.isNaN(Date.parse(agent.created_at))).toBe(false);
    expect(agent.updated_at).toBe(agent.created_at);
  });

  it('applies the toolset default to per-tool configs that do not set their own policy', async () => {
    const agent = await createAgent(rig.client, {
      tools: [
        {
          type: 'agent_toolset_20260401',
          default_config: { permission_policy: { type: 'always_ask' } },
          configs: [{ name: 'bash', enabled: false }, { name: 'read', permission_policy: { type: 'always_allow' } }],
        },
      ],
    });
    const toolset = agent.tools[0]!;
    expect(toolset.type).toBe('agent_toolset_20260401');
    if (toolset.type !== 'agent_toolset_20260401') return;
    expect(toolset.configs).toEqual([
      { name: 'bash', type: 'bash', enabled: false, permission_policy: { type: 'always_ask' } },
      { name: 'read', type: 'read', enabled: true, permission_policy: { type: 'always_allow' } },
    ]);
  });

  it('refuses an MCP server that no toolset uses, and a toolset naming an unknown server', async () => {
    await expectApiError(
      createAgent(rig.client, { mcp_servers: [{ type: 'url', name: 'unused', url: 'https://mcp.example.com' }] }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    await expectApiError(
      createAgent(rig.client, { tools: [{ type: 'mcp_toolset', mcp_server_name: 'missing' }] }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
  });

  it('refuses a missing model and an empty name', async () => {
    await expectApiError(
      rig.client.beta.agents.create({ name: 'no model' } as Anthropic.Beta.AgentCreateParams),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
    await expectApiError(rig.client.beta.agents.create({ name: '  ', model: 'm' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});

describe('agents.retrieve and agents.update', () => {
  it('bumps the version on each change and keeps every old version retrievable', async () => {
    const v1 = await createAgent(rig.client, { description: 'first', system: 'be brief' });
    expect(await rig.client.beta.agents.retrieve(v1.id)).toEqual(v1);

    const v2 = await rig.client.beta.agents.update(v1.id, { description: 'second' });
    expect(v2).toMatchObject({ id: v1.id, version: 2, description: 'second', system: 'be brief', created_at: v1.created_at });
    const v3 = await rig.client.beta.agents.update(v1.id, { model: { id: 'claude-opus-4-6', effort: 'high' } });
    expect(v3.version).toBe(3);
    expect(v3.model).toEqual({ id: 'claude-opus-4-6', effort: { type: 'high' } });

    expect(await rig.client.beta.agents.retrieve(v1.id)).toEqual(v3);
    expect(await rig.client.beta.agents.retrieve(v1.id, { version: 1 })).toEqual(v1);
    expect(await rig.client.beta.agents.retrieve(v1.id, { version: 2 })).toEqual(v2);
    await expectApiError(rig.client.beta.agents.retrieve(v1.id, { version: 4 }), Anthropic.NotFoundError, 404, 'not_found_error');
  });

  it('does not bump the version for an update that changes nothing', async () => {
    const agent = await createAgent(rig.client, { description: 'same', metadata: { team: 'a' } });
    const same = await rig.client.beta.agents.update(agent.id, { description: 'same', name: agent.name, metadata: { team: 'a' } });
    expect(same).toEqual(agent);
    const empty = await rig.client.beta.agents.update(agent.id, {});
    expect(empty.version).toBe(1);
    const versions = await rig.client.beta.agents.versions.list(agent.id);
    expect(versions.data.map((v) => v.version)).toEqual([1]);
  });

  it('clears description and system with null or ""', async () => {
    const agent = await createAgent(rig.client, { description: 'to clear', system: 'to clear' });
    const a = await rig.client.beta.agents.update(agent.id, { description: null });
    expect(a).toMatchObject({ description: null, system: 'to clear', version: 2 });
    const b = await rig.client.beta.agents.update(agent.id, { system: '' });
    expect(b).toMatchObject({ description: null, system: null, version: 3 });
  });

  it('patches metadata: a string upserts a key, null deletes it', async () => {
    const agent = await createAgent(rig.client, { metadata: { keep: '1', drop: '2', change: '3' } });
    const next = await rig.client.beta.agents.update(agent.id, { metadata: { drop: null, change: 'changed', added: '4' } });
    expect(next.metadata).toEqual({ keep: '1', change: 'changed', added: '4' });
    expect(next.version).toBe(2);
  });

  it('replaces tools as a whole and clears them with null', async () => {
    const agent = await createAgent(rig.client, { tools: [{ type: 'agent_toolset_20260401' }] });
    const custom = await rig.client.beta.agents.update(agent.id, {
      tools: [{ type: 'custom', name: 'lookup', description: 'Looks a thing up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } }],
    });
    expect(custom.tools).toEqual([
      { type: 'custom', name: 'lookup', description: 'Looks a thing up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ]);
    const none = await rig.client.beta.agents.update(agent.id, { tools: null });
    expect(none.tools).toEqual([]);
    expect(none.version).toBe(3);
  });

  it('refuses an update that names a stale version with ConflictError, and accepts the current one', async () => {
    const agent = await createAgent(rig.client);
    await rig.client.beta.agents.update(agent.id, { description: 'moved on', version: 1 });
    const err = await expectApiError(
      rig.client.beta.agents.update(agent.id, { description: 'lost update', version: 1 }),
      Anthropic.ConflictError,
      409,
      'conflict_error',
    );
    expect(err.message).toContain('version');
    expect((await rig.client.beta.agents.retrieve(agent.id)).description).toBe('moved on');
    const ok = await rig.client.beta.agents.update(agent.id, { description: 'on top', version: 2 });
    expect(ok.version).toBe(3);
  });

  it('refuses an update that would leave an MCP server without a toolset', async () => {
    const agent = await createAgent(rig.client, {
      tools: [{ type: 'mcp_toolset', mcp_server_name: 'docs' }],
      mcp_servers: [{ type: 'url', name: 'docs', url: 'https://mcp.example.com' }],
    });
    await expectApiError(rig.client.beta.agents.update(agent.id, { tools: [] }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    expect((await rig.client.beta.agents.retrieve(agent.id)).version).toBe(1);
  });

  it('answers NotFoundError for an unknown agent', async () => {
    await expectApiError(rig.client.beta.agents.retrieve('agent_doesnotexist'), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.agents.update('agent_doesnotexist', { name: 'x' }), Anthropic.NotFoundError, 404, 'not_found_error');
  });
});

describe('agents.versions.list', () => {
  it('lists every version, newest first, across pages', async () => {
    const agent = await createAgent(rig.client);
    for (let i = 2; i <= 5; i++) await rig.client.beta.agents.update(agent.id, { description: `v${i}` });
    const first = await rig.client.beta.agents.versions.list(agent.id, { limit: 2 });
    expect(first.data.map((v) => v.version)).toEqual([5, 4]);
    expect(first.hasNextPage()).toBe(true);
    const versions: number[] = [];
    for await (const v of rig.client.beta.agents.versions.list(agent.id, { limit: 2 })) {
      expect(v.id).toBe(agent.id);
      versions.push(v.version);
    }
    expect(versions).toEqual([5, 4, 3, 2, 1]);
    const v3 = (await rig.client.beta.agents.versions.list(agent.id, { limit: 10 })).data.find((v) => v.version === 3);
    expect(v3?.description).toBe('v3');
  });
});

describe('agents.list and agents.archive', () => {
  it('auto-paginates over more than one page without duplicates or gaps', async () => {
    // Everything created before `since` has a strictly earlier created_at.
    await tickPast(new Date().toISOString());
    const since = new Date().toISOString();
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await createAgent(rig.client)).id);

    const page = await rig.client.beta.agents.list({ limit: 2, 'created_at[gte]': since });
    expect(page.data).toHaveLength(2);
    expect(page.next_page).toEqual(expect.any(String));

    const seen: string[] = [];
    for await (const a of rig.client.beta.agents.list({ limit: 2, 'created_at[gte]': since })) seen.push(a.id);
    expect(seen).toEqual([...created].reverse());
  });

  it('filters on created_at[gte] and created_at[lte]', async () => {
    const a = await createAgent(rig.client);
    await tickPast(a.created_at);
    const b = await createAgent(rig.client);
    await tickPast(b.created_at);
    const c = await createAgent(rig.client);

    const fromB = await allIds({ 'created_at[gte]': b.created_at });
    expect(fromB).toContain(b.id);
    expect(fromB).toContain(c.id);
    expect(fromB).not.toContain(a.id);

    const untilB = await allIds({ 'created_at[lte]': b.created_at });
    expect(untilB).toContain(a.id);
    expect(untilB).toContain(b.id);
    expect(untilB).not.toContain(c.id);

    expect(await allIds({ 'created_at[gte]': b.created_at, 'created_at[lte]': b.created_at })).toEqual([b.id]);
  });

  it('archives: hidden from the list by default, still retrievable, no longer updatable or usable by new sessions', async () => {
    const agent = await createAgent(rig.client);
    await rig.client.beta.agents.update(agent.id, { system: 'v2' });
    const archived = await rig.client.beta.agents.archive(agent.id);
    expect(archived.archived_at).toEqual(expect.any(String));
    expect(archived.version).toBe(2);
    // Archiving is a state of the agent: every version reads as archived, and no version was added.
    expect((await rig.client.beta.agents.retrieve(agent.id, { version: 1 })).archived_at).toBe(archived.archived_at);
    const versions = [];
    for await (const v of rig.client.beta.agents.versions.list(agent.id)) versions.push(v);
    expect(versions.map((v) => [v.version, v.archived_at])).toEqual([[2, archived.archived_at], [1, archived.archived_at]]);

    expect(await allIds({ 'created_at[gte]': agent.created_at })).not.toContain(agent.id);
    expect(await allIds({ 'created_at[gte]': agent.created_at, include_archived: true })).toContain(agent.id);
    expect((await rig.client.beta.agents.retrieve(agent.id)).archived_at).toBe(archived.archived_at);

    await expectApiError(rig.client.beta.agents.update(agent.id, { name: 'renamed' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    const env = await createEnvironment(rig.client);
    await expectApiError(
      rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id }),
      Anthropic.BadRequestError,
      400,
      'invalid_request_error',
    );
  });
});
