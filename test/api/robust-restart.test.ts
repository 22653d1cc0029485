// Stopping `dockhand serve` (SIGTERM) and starting it again on the same data directory loses nothing:
// every agent version, environment, session and event reads back identical through the SDK, in order.
import type Anthropic from '@anthropic-ai/sdk';
import { expect, it } from 'vitest';
import { brainRig, say, turn } from '../support/brain.ts';
import { reply } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';
import { snapshot } from '../support/snapshot.ts';
import { integrityCheck } from '../support/store-file.ts';

/** Waits until the session's agent has answered what it was given and gone idle. */
async function settled(client: Anthropic, sessionId: string): Promise<void> {
  for (;;) {
    const last = (await client.beta.sessions.events.list(sessionId, { order: 'desc', limit: 1 })).data[0];
    if (last?.type === 'session.status_idle') return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A bit of everything the API stores, in the shapes users create. Returns the sessions it made, by role. */
async function populate(c: Anthropic) {
  const writer = await c.beta.agents.create({ name: 'writer', model: 'claude-sonnet-4-6', system: 'v1', metadata: { team: 'docs' } });
  await c.beta.agents.update(writer.id, { version: 1, system: 'v2' });
  await c.beta.agents.update(writer.id, { version: 2, description: 'third version', metadata: { team: null, tier: 'gold' } });
  const tooled = await c.beta.agents.create({
    name: 'tooled',
    model: { id: 'claude-opus-4-6', speed: 'standard' },
    tools: [
      { type: 'agent_toolset_20260401', default_config: { permission_policy: { type: 'always_ask' } } },
      { type: 'custom', name: 'lookup', description: 'Looks a word up', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ],
  });
  const retired = await c.beta.agents.create({ name: 'retired', model: 'claude-haiku-4-5' });
  await c.beta.agents.archive(retired.id);

  const limited = await c.beta.environments.create({
    name: 'limited',
    description: 'only the package mirrors',
    config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['pypi.org'], allow_package_managers: true }, packages: { apt: ['jq'], pip: ['requests==2.32.3'] } },
    metadata: { owner: 'qa' },
  });
  const open = await c.beta.environments.create({ name: 'open' });
  const old = await c.beta.environments.create({ name: 'old' });
  await c.beta.environments.archive(old.id);

  const main = await c.beta.sessions.create({ agent: writer.id, environment_id: limited.id, title: 'main' });
  await turn(c, main.id, [say('first')]);
  await turn(c, main.id, [say('second'), say('and a third in the same send')]);
  const pinned = await c.beta.sessions.create({ agent: { type: 'agent', id: writer.id, version: 1 }, environment_id: open.id, metadata: { ticket: '42' } });
  await c.beta.sessions.update(pinned.id, { title: 'renamed', metadata: { ticket: null, stage: 'review' } });
  const seeded = await c.beta.sessions.create({ agent: tooled.id, environment_id: open.id, initial_events: [say('seeded at creation')] });
  await settled(c, seeded.id);
  await c.beta.sessions.archive(seeded.id);
  const doomed = await c.beta.sessions.create({ agent: writer.id, environment_id: open.id });
  await turn(c, doomed.id, [say('soon gone')]);
  await c.beta.sessions.delete(doomed.id);
  return { main, doomed };
}

it('restarts on the same data directory with everything identical and the logs continuing', { timeout: 90_000 }, async () => {
  const dataDir = tempDir();
  const first = await brainRig({ dataDir, model: { script: reply('Noted.') } });
  const { main, doomed } = await populate(first.client);
  const before = await snapshot(first.client);
  expect(before.events.flat().length).toBeGreaterThan(10);
  expect(await first.server.stop()).toBe(0);
  await first.model.close();
  expect(integrityCheck(dataDir)).toBe('ok');

  const second = await brainRig({ dataDir, model: { script: reply('Noted again.') } });
  try {
    expect(await snapshot(second.client)).toEqual(before);
    await expect(second.client.beta.sessions.retrieve(doomed.id)).rejects.toMatchObject({ status: 404 });

    // The log goes on where it was: new events come after all the old ones.
    const old = before.events[before.sessions.findIndex((s) => s.id === main.id)]!;
    await turn(second.client, main.id, [say('after the restart')]);
    const now = (await snapshot(second.client)).events[before.sessions.findIndex((s) => s.id === main.id)]!;
    expect(now.slice(0, old.length)).toEqual(old);
    expect(now.slice(old.length).map((e) => e.type)).toContain('agent.message');
  } finally {
    expect(await second.server.stop()).toBe(0);
    await second.model.close();
  }
  expect(integrityCheck(dataDir)).toBe('ok');
});
