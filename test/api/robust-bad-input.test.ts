// Hundreds of generated bad requests against a real `dockhand serve`: every one gets a clear 4xx in
// the official envelope, the process never fails or hangs, and the data already stored is untouched.
import Anthropic, { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { inPool, problemWith } from '../support/envelope.ts';
import { malformedRequests, type Case, type Ids } from '../support/malformed.ts';
import { reply } from '../support/scripted-model/index.ts';
import { snapshot } from '../support/snapshot.ts';
import { integrityCheck } from '../support/store-file.ts';

let rig: BrainRig;
let ids: Ids;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  rig = await brainRig({ model: { script: reply('Noted.') } });
  const client = rig.client;
  const agent = await client.beta.agents.create({ name: 'robust-target', model: 'claude-sonnet-4-6', system: 'v1', metadata: { team: 'qa' } });
  await client.beta.agents.update(agent.id, { version: 1, system: 'v2' });
  const env = await client.beta.environments.create({
    name: `robust-env-${process.pid}`,
    config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: ['api.example.com'] }, packages: { apt: ['jq'] } },
  });
  const [session, other] = await Promise.all([
    client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title: 'target' }),
    client.beta.sessions.create({ agent: { type: 'agent', id: agent.id, version: 1 }, environment_id: env.id }),
  ]);
  await turn(client, session.id, [say('hello')]);
  await turn(client, other.id, [say('hi')]);
  const foreignEvent = (await client.beta.sessions.events.list(other.id, { limit: 1 })).data[0]!.id;
  const vault = await client.beta.vaults.create({ display_name: 'robust-target' });
  const file = await client.beta.files.upload({ file: await toFile(Buffer.from('kept'), 'kept.txt') });
  const resource = await client.beta.sessions.resources.add(session.id, { type: 'file', file_id: file.id });
  const skill = await client.beta.skills.create({ files: [await toFile(Buffer.from('---\nname: robust-skill\ndescription: For bad-input tests.\n---\n'), 'robust-skill/SKILL.md')] });
  ids = { agent: agent.id, env: env.id, session: session.id, vault: vault.id, foreignEvent, file: file.id, resource: resource.id, skill: skill.id, skillVersion: skill.latest_version_id };
  before = await snapshot(client);
});

afterAll(async () => {
  await rig?.close();
});

describe('bad input, at scale', () => {
  let cases: Case[];

  it('generates hundreds of bad requests, deterministically, across every category', () => {
    cases = malformedRequests({ port: rig.server.port, apiKey: rig.server.apiKey, ids });
    expect(cases.length).toBeGreaterThanOrEqual(500);
    expect(malformedRequests({ port: rig.server.port, apiKey: rig.server.apiKey, ids }).map((c) => c.name)).toEqual(cases.map((c) => c.name));
    const categories = new Set(cases.map((c) => c.category));
    for (const c of ['malformed JSON', 'JSON not an object', 'wrong field', 'missing field', 'unknown field', 'unknown event type', 'huge string', 'deep nesting', 'oversized body', 'unknown id', 'hostile id', 'bad query', 'bad key', 'foreign host', 'wrong verb', 'not HTTP']) {
      expect(categories).toContain(c);
    }
  });

  it('answers every one with a 4xx in the error envelope; never a 5xx, a hang or a crash', { timeout: 120_000 }, async () => {
    const failures: string[] = [];
    await inPool(cases, 8, async (c) => {
      const problem = await problemWith(rig.server.port, c);
      if (problem) failures.push(`[${c.category}] ${c.name}: ${problem}`);
    });
    expect(failures).toEqual([]);
    expect(rig.server.child.exitCode).toBeNull();
    expect(rig.server.stderr()).not.toContain('internal error');
  });

  it('gives the SDK its own ContentTooLargeError for a body over 8 MiB, not a dropped connection', async () => {
    const err = await rig.client.beta.agents.create({ name: 'too-big', model: 'claude-sonnet-4-6', system: 'x'.repeat(9 * 1024 * 1024) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.ContentTooLargeError);
    expect((err as InstanceType<typeof Anthropic.ContentTooLargeError>).error).toMatchObject({ type: 'error', error: { type: 'request_too_large', message: expect.stringMatching(/\S/) } });
  });

  it('still serves valid requests, and the data stored before is unchanged', async () => {
    const agent = await rig.client.beta.agents.retrieve(ids.agent);
    expect(agent.version).toBe(2);
    expect(await snapshot(rig.client)).toEqual(before);
  });

  it('stops cleanly afterwards, leaving a sound database file', async () => {
    expect(await rig.server.stop()).toBe(0);
    expect(integrityCheck(rig.server.dataDir)).toBe('ok');
  });
});
