// The change feed (`changes.stream`, GET /v1/dockhand/changes): what the official SDK changes arrives
// on it, in order, with the resource; a session's status from the brain too; a reconnecting reader
// resumes or is told to resync; a reader that stops reading is cut off and resumes.
import { connect } from 'node:net';
import { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceChange, SessionChange } from '../../electron/core/api/changes.ts';
import { brainRig, say, type BrainRig } from '../support/brain.ts';
import { openFeed } from '../support/changes.ts';
import { createAgent, createEnvironment, sessionParts, uniqueName, useServer } from '../support/fixtures.ts';
import { reply, text, toolUse } from '../support/scripted-model/index.ts';
import { serve } from '../support/serve.ts';

const api = useServer();
const kinds = (changes: ResourceChange[]) => changes.map((c) => c.type);

describe('the change feed', () => {
  it('carries every create, update, archive and delete made through the SDK, in order, with the resource', async () => {
    const { client } = api;
    const feed = await openFeed(api.server);
    try {
      const agent = await createAgent(client);
      const agent2 = await client.beta.agents.update(agent.id, { version: agent.version, system: 'Be brief.' });
      const archived = await client.beta.agents.archive(agent.id);
      const env = await createEnvironment(client);
      const env2 = await client.beta.environments.update(env.id, { description: 'changed' });
      const a = await createAgent(client);
      const e = await createEnvironment(client);
      const session = await client.beta.sessions.create({ agent: a.id, environment_id: e.id, title: 'watched' });
      const session2 = await client.beta.sessions.update(session.id, { title: 'renamed' });
      const sessionArchived = await client.beta.sessions.archive(session.id);
      await client.beta.sessions.delete(session.id);
      await client.beta.environments.archive(env.id);
      await client.beta.environments.delete(env.id);

      const got = (await feed.take(13)).map((c) => c.item);
      expect(kinds(got)).toEqual([
        'agent.created',
        'agent.updated',
        'agent.archived',
        'environment.created',
        'environment.updated',
        'agent.created',
        'environment.created',
        'session.created',
        'session.updated',
        'session.archived',
        'session.deleted',
        'environment.archived',
        'environment.deleted',
      ]);
      const byType = (t: string) => got.filter((c) => c.type === t);
      expect(byType('agent.created')[0]).toEqual({ type: 'agent.created', id: agent.id, resource: agent });
      expect(byType('agent.updated')[0]).toEqual({ type: 'agent.updated', id: agent.id, resource: agent2 });
      expect(byType('agent.archived')[0]).toEqual({ type: 'agent.archived', id: agent.id, resource: archived });
      expect(byType('environment.updated')[0]).toEqual({ type: 'environment.updated', id: env.id, resource: env2 });
      const created = byType('session.created')[0] as Extract<SessionChange, { resource: unknown }>;
      // stats.duration_seconds is computed at each read; everything else is the SDK's own answer.
      expect({ ...created.resource, stats: null }).toEqual({ ...session, stats: null });
      expect(created.activity).toEqual({ state: 'idle', awaiting: [] });
      expect((byType('session.updated')[0] as Extract<SessionChange, { resource: unknown }>).resource.title).toBe(session2.title);
      expect((byType('session.archived')[0] as Extract<SessionChange, { resource: unknown }>).resource.archived_at).toBe(sessionArchived.archived_at);
      expect(byType('session.deleted')[0]).toEqual({ type: 'session.deleted', id: session.id });
      expect(byType('environment.deleted')[0]).toEqual({ type: 'environment.deleted', id: env.id });
    } finally {
      feed.close();
    }
  });

  it('carries a skill made, given a version, rid of its versions and deleted, with the skill as it then is', async () => {
    const { client } = api;
    const skillMd = (description: string) => `---\nname: changes-skill\ndescription: ${description}\n---\nBody.\n`;
    const feed = await openFeed(api.server);
    try {
      const skill = await client.beta.skills.create({ files: [await toFile(Buffer.from(skillMd('First.')), 'changes-skill/SKILL.md')], display_name: 'Watched skill' });
      const v2 = await client.beta.skills.versions.create(skill.id, { files: [await toFile(Buffer.from(skillMd('Second.')), 'changes-skill/SKILL.md')] });
      const afterV2 = await client.beta.skills.retrieve(skill.id);
      await client.beta.skills.versions.delete(v2.id, { skill_id: skill.id });
      const afterDelete = await client.beta.skills.retrieve(skill.id);
      await client.beta.skills.versions.delete(skill.latest_version_id, { skill_id: skill.id });
      await client.beta.skills.delete(skill.id);

      const got = (await feed.take(5)).map((c) => c.item);
      expect(got).toEqual([
        { type: 'skill.created', id: skill.id, resource: skill },
        { type: 'skill.updated', id: skill.id, resource: afterV2 },
        { type: 'skill.updated', id: skill.id, resource: afterDelete },
        { type: 'skill.updated', id: skill.id, resource: expect.objectContaining({ id: skill.id }) },
        { type: 'skill.deleted', id: skill.id },
      ]);
      expect(afterV2.latest_version_id).toBe(v2.id);
      expect(afterDelete.latest_version_id).toBe(skill.latest_version_id);
    } finally {
      feed.close();
    }
  });

  it('resumes after the last change a reconnecting reader saw, without loss or repeats', async () => {
    const { client } = api;
    const first = await openFeed(api.server);
    const a = await createAgent(client, { name: uniqueName('before') });
    const [seen] = await first.take(1);
    expect(seen!.item).toMatchObject({ type: 'agent.created', id: a.id });
    first.close();

    const missed = [await createAgent(client), await createAgent(client), await createEnvironment(client)];
    const again = await openFeed(api.server, seen!.id);
    try {
      const got = await again.take(3);
      expect(got.map((c) => (c.item as { id: string }).id)).toEqual(missed.map((m) => m.id));
      const live = await createAgent(client);
      expect((await again.take(1))[0]!.item).toMatchObject({ type: 'agent.created', id: live.id });
    } finally {
      again.close();
    }
  });

  it('tells a reader to resync when it resumes after a change this server does not hold', async () => {
    const feed = await openFeed(api.server, 'chg_00000000_5');
    try {
      const [first] = await feed.take(1);
      expect(first!.item).toEqual({ type: 'changes.resync' });
      const live = await createAgent(api.client);
      expect((await feed.take(1))[0]!.item).toMatchObject({ type: 'agent.created', id: live.id });
    } finally {
      feed.close();
    }
  });

  it('refuses a malformed resume id and a missing key', async () => {
    const bad = await fetch(`${api.server.url}/v1/dockhand/changes?after=sevt_123`, { headers: { 'x-api-key': api.server.apiKey } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((await fetch(`${api.server.url}/v1/dockhand/changes`)).status).toBe(401);
  });

  it('cuts off a reader that stops reading, and that reader resumes where it stopped', async () => {
    const { server, client } = api;
    // A raw connection that reads the response head, then nothing.
    const socket = connect(server.port, '127.0.0.1');
    socket.write(`GET /v1/dockhand/changes HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nx-api-key: ${server.apiKey}\r\n\r\n`);
    let received = '';
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    await new Promise<void>((resolve) => socket.once('data', () => (socket.pause(), resolve())));
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));

    // ~24 MB of changes: far more than the kernel's buffers and the server's unread limit hold.
    const system = 'x'.repeat(100_000);
    const agents = [];
    for (let i = 0; i < 240; i++) agents.push(await createAgent(client, { system }));
    socket.resume();
    await closed;
    const ids = [...received.matchAll(/^id: (chg_\S+)$/gm)].map((m) => m[1]!);
    const delivered = [...received.matchAll(/"type":"agent.created","id":"(agent_\w+)"/g)].map((m) => m[1]!);
    expect(delivered.length).toBeLessThan(agents.length);

    // Resuming after the last change it got brings the rest, in order (ids[0] is the feed's opening position).
    expect(received).toMatch(/event: changes.ready/);
    const lastComplete = ids[delivered.length]!;
    const feed = await openFeed(server, lastComplete);
    try {
      const rest = await feed.take(agents.length - delivered.length);
      expect([...delivered, ...rest.map((c) => (c.item as { id: string }).id)]).toEqual(agents.map((a) => a.id));
    } finally {
      feed.close();
    }
  });

  it('starts a restarted server with a resync for readers of the old one, even those that saw no change', async () => {
    const one = await serve();
    const quiet = await openFeed(one);
    const busy = await openFeed(one);
    await createAgent(one.client());
    const [seen] = await busy.take(1);
    const position = quiet.lastId()!;
    quiet.close();
    busy.close();
    const { port, dataDir, apiKey } = one;
    await one.stop();
    const two = await serve({ port, dataDir, apiKey });
    try {
      for (const after of [seen!.id, position]) {
        const again = await openFeed(two, after);
        expect((await again.take(1))[0]!.item).toEqual({ type: 'changes.resync' });
        again.close();
      }
    } finally {
      await two.stop();
    }
  });
});

describe('sessions on the change feed and sessions.activity', () => {
  let rig: BrainRig;
  beforeAll(async () => {
    rig = await brainRig();
  });
  afterAll(async () => rig?.close());

  const activityOf = async (id: string) => {
    const res = await fetch(`${rig.server.url}/v1/dockhand/sessions/activity`, {
      method: 'POST',
      headers: { 'x-api-key': rig.server.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ session_ids: [id, 'sesn_gone000000'] }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Record<string, unknown> }).data;
  };

  it('shows a session running, then waiting for approval, then idle, with its usage', async () => {
    const { client } = rig;
    const agent = await client.beta.agents.create({
      name: 'asks-first',
      model: 'claude-sonnet-4-6',
      tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }],
    });
    const env = await createEnvironment(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    const feed = await openFeed(rig.server);
    try {
      rig.model.enqueue(reply([toolUse('bash', { command: 'ls' })], { usage: { input_tokens: 300, output_tokens: 20 } }));
      await client.beta.sessions.events.send(session.id, { events: [say('list the files')] });
      const mine = (c: ResourceChange): c is Extract<SessionChange, { resource: unknown }> => c.type === 'session.updated' && c.id === session.id;
      const waiting = (await feed.until((c) => mine(c) && c.activity.state === 'requires_action')).filter(mine);
      expect(waiting.map((c) => c.activity.state)).toContain('running');
      const last = waiting.at(-1)!;
      expect(last.resource.status).toBe('idle');
      expect(last.resource.usage).toMatchObject({ input_tokens: 300, output_tokens: 20 });
      const events = await client.beta.sessions.events.list(session.id);
      const use = events.data.find((e) => e.type === 'agent.tool_use')!;
      expect(last.activity.awaiting).toEqual([use.id]);
      expect(await activityOf(session.id)).toEqual({ [session.id]: { state: 'requires_action', awaiting: [use.id] } });

      rig.model.enqueue(reply([text('Done.')]));
      await client.beta.sessions.events.send(session.id, { events: [{ type: 'user.tool_confirmation', tool_use_id: use.id, result: 'deny' }] });
      const after = (await feed.until((c) => mine(c) && c.activity.state === 'idle')).filter(mine);
      expect(after.at(-1)!.resource.status).toBe('idle');
      expect(await activityOf(session.id)).toEqual({ [session.id]: { state: 'idle', awaiting: [] } });
    } finally {
      feed.close();
    }
  });

  it('says a session gave up after errors', async () => {
    const { client } = rig;
    const { agent, environment } = await sessionParts(client);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
    const feed = await openFeed(rig.server);
    try {
      const overloaded = { kind: 'http_error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' } as const;
      rig.model.enqueue(overloaded, overloaded, overloaded);
      await client.beta.sessions.events.send(session.id, { events: [say('hello?')] });
      const got = await feed.until((c) => c.type === 'session.updated' && c.id === session.id && c.activity.state === 'error');
      expect(got.at(-1)).toMatchObject({ resource: { status: 'idle' }, activity: { state: 'error' } });
    } finally {
      feed.close();
    }
  });
});
