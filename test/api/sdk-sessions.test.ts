import Anthropic, { toFile } from '@anthropic-ai/sdk';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import { BetaEnvironmentNotFoundError } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { describe, expect, it } from 'vitest';
import { createAgent, createEnvironment, expectApiError, sessionParts, tickPast, useServer, userMessage } from '../support/fixtures.ts';

const rig = useServer();

/** A session as returned, without `stats` (its running duration changes between two reads). */
const stable = ({ stats: _stats, ...rest }: BetaManagedAgentsSession) => rest;

describe('sessions.create and retrieve', () => {
  it('creates a session from an agent id, pinned to the agent\'s latest version', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const v2 = await rig.client.beta.agents.update(agent.id, { system: 'version two' });
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, title: 'first', metadata: { ticket: 'T-1' } });
    expect(session.id).toMatch(/^sesn_[A-Za-z0-9]+$/);
    expect(session).toMatchObject({
      type: 'session',
      environment_id: environment.id,
      title: 'first',
      metadata: { ticket: 'T-1' },
      status: 'idle',
      resources: [],
      vault_ids: [],
      archived_at: null,
      agent: { type: 'agent', id: agent.id, version: 2, name: agent.name, system: 'version two', model: v2.model, tools: v2.tools },
    });
    expect(stable(await rig.client.beta.sessions.retrieve(session.id))).toEqual(stable(session));
  });

  it('pins the version given as {type:"agent", id, version}; later agent changes do not reach the session', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    await rig.client.beta.agents.update(agent.id, { system: 'version two' });
    const session = await rig.client.beta.sessions.create({ agent: { type: 'agent', id: agent.id, version: 1 }, environment_id: environment.id });
    expect(session.agent).toMatchObject({ id: agent.id, version: 1, system: null });

    await rig.client.beta.agents.update(agent.id, { system: 'version three', name: 'renamed' });
    const again = await rig.client.beta.sessions.retrieve(session.id);
    expect(again.agent).toEqual(session.agent);

    const latest = await rig.client.beta.sessions.create({ agent: { type: 'agent', id: agent.id }, environment_id: environment.id });
    expect(latest.agent).toMatchObject({ version: 3, system: 'version three', name: 'renamed' });
  });

  it('stores initial_events in the log, in order', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const session = await rig.client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      initial_events: [userMessage('hello'), userMessage('and more')],
    });
    const events = (await rig.client.beta.sessions.events.list(session.id)).data;
    expect(events.map((e) => e.type)).toEqual(['user.message', 'user.message']);
    expect(events.map((e) => (e as { content: { text: string }[] }).content[0]!.text)).toEqual(['hello', 'and more']);
    for (const e of events) {
      expect(e.id).toMatch(/^sevt_/);
      expect(e.processed_at).toEqual(expect.any(String));
    }
  });

  it('resolves resources and keeps their configuration', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const file = await rig.client.beta.files.upload({ file: await toFile(Buffer.from('a,b'), 'input.csv') });
    const session = await rig.client.beta.sessions.create({
      agent: agent.id,
      environment_id: environment.id,
      resources: [
        { type: 'github_repository', url: 'https://github.com/example/widgets.git', checkout: { type: 'branch', name: 'main' } },
        { type: 'file', file_id: file.id, mount_path: '/data/input.csv' },
      ],
    });
    expect(session.resources).toEqual([
      expect.objectContaining({
        id: expect.any(String),
        type: 'github_repository',
        url: 'https://github.com/example/widgets.git',
        checkout: { type: 'branch', name: 'main' },
        mount_path: '/workspace/widgets',
      }),
      expect.objectContaining({ id: expect.any(String), type: 'file', file_id: file.id, mount_path: '/data/input.csv' }),
    ]);
  });

  it('refuses unknown agents, agent versions and environments', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    await expectApiError(rig.client.beta.sessions.create({ agent: 'agent_doesnotexist', environment_id: environment.id }), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(
      rig.client.beta.sessions.create({ agent: { type: 'agent', id: agent.id, version: 9 }, environment_id: environment.id }),
      Anthropic.NotFoundError,
      404,
      'not_found_error',
    );
    const err = await expectApiError(rig.client.beta.sessions.create({ agent: agent.id, environment_id: 'env_doesnotexist' }), BetaEnvironmentNotFoundError, 404, 'not_found_error');
    expect(err.errorCode).toBe('environment_not_found');
    await expectApiError(rig.client.beta.sessions.retrieve('sesn_doesnotexist'), Anthropic.NotFoundError, 404, 'not_found_error');
  });
});

describe('sessions.update', () => {
  it('changes the title and patches metadata', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, title: 'old', metadata: { a: '1', b: '2' } });
    await tickPast(session.updated_at);
    const next = await rig.client.beta.sessions.update(session.id, { title: 'new', metadata: { a: null, c: '3' } });
    expect(next).toMatchObject({ id: session.id, title: 'new', metadata: { b: '2', c: '3' }, created_at: session.created_at });
    expect(Date.parse(next.updated_at)).toBeGreaterThan(Date.parse(session.updated_at));
    expect(stable(await rig.client.beta.sessions.retrieve(session.id))).toEqual(stable(next));

    const untitled = await rig.client.beta.sessions.update(session.id, { title: null });
    expect(untitled).toMatchObject({ title: null, metadata: { b: '2', c: '3' } });
  });
});

describe('sessions.list', () => {
  /** Five sessions of one fresh agent (a filter that isolates them), each strictly later than the one before. */
  async function fiveSessions() {
    const { agent, environment } = await sessionParts(rig.client);
    const sessions: BetaManagedAgentsSession[] = [];
    for (let i = 0; i < 5; i++) {
      if (i) await tickPast(sessions[i - 1]!.created_at);
      sessions.push(await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, title: `s${i}` }));
    }
    return { agent, environment, ids: sessions.map((s) => s.id), sessions };
  }

  it('filters by agent_id and orders newest first by default, oldest first with order=asc', async () => {
    const { agent, ids } = await fiveSessions();
    const desc = await rig.client.beta.sessions.list({ agent_id: agent.id });
    expect(desc.data.map((s) => s.id)).toEqual([...ids].reverse());
    const asc = await rig.client.beta.sessions.list({ agent_id: agent.id, order: 'asc' });
    expect(asc.data.map((s) => s.id)).toEqual(ids);
    expect(asc.data[0]).toMatchObject({ type: 'session', agent: { id: agent.id } });
  });

  it('filters by agent_version', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const onV1 = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    await rig.client.beta.agents.update(agent.id, { description: 'v2' });
    const onV2 = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const v1 = await rig.client.beta.sessions.list({ agent_id: agent.id, agent_version: 1 });
    expect(v1.data.map((s) => s.id)).toEqual([onV1.id]);
    const v2 = await rig.client.beta.sessions.list({ agent_id: agent.id, agent_version: 2 });
    expect(v2.data.map((s) => s.id)).toEqual([onV2.id]);
  });

  it('filters by created_at[gt|gte|lt|lte]', async () => {
    const { agent, ids, sessions } = await fiveSessions();
    const mid = sessions[2]!.created_at;
    const q = async (p: Anthropic.Beta.SessionListParams) =>
      (await rig.client.beta.sessions.list({ agent_id: agent.id, order: 'asc', ...p })).data.map((s) => s.id);
    expect(await q({ 'created_at[gt]': mid })).toEqual(ids.slice(3));
    expect(await q({ 'created_at[gte]': mid })).toEqual(ids.slice(2));
    expect(await q({ 'created_at[lt]': mid })).toEqual(ids.slice(0, 2));
    expect(await q({ 'created_at[lte]': mid })).toEqual(ids.slice(0, 3));
    expect(await q({ 'created_at[gt]': sessions[0]!.created_at, 'created_at[lt]': sessions[4]!.created_at })).toEqual(ids.slice(1, 4));
  });

  it('pages forward with next_page and back with prev_page', async () => {
    const { agent, ids } = await fiveSessions();
    const list = (page?: string | null) => rig.client.beta.sessions.list({ agent_id: agent.id, order: 'asc', limit: 2, page });

    const p1 = await list();
    expect(p1.data.map((s) => s.id)).toEqual(ids.slice(0, 2));
    expect(p1.prev_page).toBeNull();
    expect(p1.next_page).toEqual(expect.any(String));

    const p2 = await list(p1.next_page);
    expect(p2.data.map((s) => s.id)).toEqual(ids.slice(2, 4));
    expect(p2.prev_page).toEqual(expect.any(String));

    const p3 = await p2.getNextPage();
    expect(p3.data.map((s) => s.id)).toEqual(ids.slice(4));
    expect(p3.next_page).toBeNull();
    expect(p3.hasNextPage()).toBe(false);

    const back2 = await list(p3.prev_page);
    expect(back2.data.map((s) => s.id)).toEqual(ids.slice(2, 4));
    const back1 = await list(back2.prev_page);
    expect(back1.data.map((s) => s.id)).toEqual(ids.slice(0, 2));
    expect(back1.prev_page).toBeNull();
    expect(back1.next_page).toEqual(expect.any(String));
  });

  it('pages newest first the same way with order=desc', async () => {
    const { agent, ids } = await fiveSessions();
    const seen: string[] = [];
    for await (const s of rig.client.beta.sessions.list({ agent_id: agent.id, limit: 2 })) seen.push(s.id);
    expect(seen).toEqual([...ids].reverse());

    const p2 = await (await rig.client.beta.sessions.list({ agent_id: agent.id, limit: 2 })).getNextPage();
    expect(p2.data.map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const p1 = await rig.client.beta.sessions.list({ agent_id: agent.id, limit: 2, page: p2.prev_page });
    expect(p1.data.map((s) => s.id)).toEqual([ids[4], ids[3]]);
  });

  it('auto-paginates over more than one page', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id })).id);
    const seen: string[] = [];
    for await (const s of rig.client.beta.sessions.list({ agent_id: agent.id, limit: 2, order: 'asc' })) seen.push(s.id);
    expect(seen).toEqual(made);
  });

  it('refuses a page token it did not issue', async () => {
    await expectApiError(rig.client.beta.sessions.list({ page: 'not-a-token' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
  });
});

describe('sessions.archive and sessions.delete', () => {
  it('archives: read-only, hidden from the list unless include_archived', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const kept = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    await rig.client.beta.sessions.events.send(session.id, { events: [userMessage('before archiving')] });

    const archived = await rig.client.beta.sessions.archive(session.id);
    expect(archived.archived_at).toEqual(expect.any(String));
    expect((await rig.client.beta.sessions.retrieve(session.id)).archived_at).toBe(archived.archived_at);

    expect((await rig.client.beta.sessions.list({ agent_id: agent.id })).data.map((s) => s.id)).toEqual([kept.id]);
    expect((await rig.client.beta.sessions.list({ agent_id: agent.id, include_archived: true })).data.map((s) => s.id)).toEqual([session.id, kept.id]);

    await expectApiError(rig.client.beta.sessions.events.send(session.id, { events: [userMessage('after')] }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    await expectApiError(rig.client.beta.sessions.update(session.id, { title: 'changed' }), Anthropic.BadRequestError, 400, 'invalid_request_error');
    // Its history stays readable.
    const events = (await rig.client.beta.sessions.events.list(session.id)).data;
    expect(events).toHaveLength(1);
    expect((await rig.client.beta.sessions.retrieve(session.id)).title).toBeNull();
  });

  it('deletes a session and its events', async () => {
    const { agent, environment } = await sessionParts(rig.client);
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: [userMessage('one')] });
    await rig.client.beta.sessions.events.send(session.id, { events: [userMessage('two')] });
    expect(await rig.client.beta.sessions.delete(session.id)).toEqual({ id: session.id, type: 'session_deleted' });

    await expectApiError(rig.client.beta.sessions.retrieve(session.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.events.list(session.id), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.events.send(session.id, { events: [userMessage('three')] }), Anthropic.NotFoundError, 404, 'not_found_error');
    await expectApiError(rig.client.beta.sessions.delete(session.id), Anthropic.NotFoundError, 404, 'not_found_error');
    expect((await rig.client.beta.sessions.list({ agent_id: agent.id, include_archived: true })).data).toEqual([]);
  });

  it('keeps other sessions of the same agent and environment when one is deleted', async () => {
    const agent = await createAgent(rig.client);
    const environment = await createEnvironment(rig.client);
    const a = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: [userMessage('a')] });
    const b = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: environment.id, initial_events: [userMessage('b')] });
    await rig.client.beta.sessions.delete(a.id);
    expect((await rig.client.beta.sessions.retrieve(b.id)).id).toBe(b.id);
    expect((await rig.client.beta.sessions.events.list(b.id)).data).toHaveLength(1);
  });
});
