// Environment packages in real sessions (serve --hands docker, official SDK, scripted model): an environment
// with `packages: { apt: ['jq'] }` gives a sandbox in which the agent's bash runs jq, and a second session of
// that environment starts from the same cached image without building anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BetaManagedAgentsAgentToolResultEvent as ToolResult } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { ENV_REPO, imageFor } from '../../electron/core/hands/docker/images.ts';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { reply, toolUse } from '../support/scripted-model/index.ts';
import { baseImage, containersOf, docker, engineUp } from './sandbox-rig.ts';

const JQ = { packages: { apt: ['jq'] } };

describe.skipIf(!engineUp)('environment packages in sessions with Docker hands (skipped: no Docker engine answers)', () => {
  let rig: BrainRig;
  let agentId: string;
  const sessions: string[] = [];

  beforeAll(async () => {
    await baseImage();
    rig = await brainRig({ args: ['--hands', 'docker'] });
    agentId = (await rig.client.beta.agents.create({ name: 'jq-user', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] })).id;
  });
  afterAll(async () => {
    // A failed test may have left its session: deleting it removes its sandbox. Cached images stay (shared).
    for (const id of sessions) {
      await rig.client.beta.sessions.delete(id).catch(() => undefined);
      await expect.poll(async () => (await containersOf(id)).length, { timeout: 15_000 }).toBe(0);
    }
    await rig?.close();
  });

  const environment = (config?: typeof JQ) =>
    rig.client.beta.environments.create({ name: `env-${Math.random()}`, ...(config && { config: { type: 'cloud', ...config } }) });

  async function newSession(environmentId: string): Promise<string> {
    const { id } = await rig.client.beta.sessions.create({ agent: agentId, environment_id: environmentId });
    sessions.push(id);
    return id;
  }

  /** One turn in which the agent runs `command` with its bash tool; the tool's result as the model saw it. */
  async function agentRuns(sessionId: string, command: string): Promise<{ isError: boolean; text: string }> {
    rig.model.enqueue(reply([toolUse('bash', { command })]), reply('Done.'));
    const { events, idle } = await turn(rig.client, sessionId, [say(`run ${command}`)]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });
    const results = events.filter((e): e is ToolResult => e.type === 'agent.tool_result');
    expect(results).toHaveLength(1);
    const content = results[0]!.content ?? [];
    return { isError: Boolean(results[0]!.is_error), text: content.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('') };
  }

  /** The one sandbox container of a session: the image it was created from, by tag and by id. */
  async function sandboxOf(sessionId: string): Promise<{ image: string; imageId: string }> {
    const boxes = await containersOf(sessionId);
    expect(boxes).toHaveLength(1);
    return { image: boxes[0]!.Image, imageId: boxes[0]!.ImageID };
  }

  async function deleteSession(sessionId: string): Promise<void> {
    await rig.client.beta.sessions.delete(sessionId);
    sessions.splice(sessions.indexOf(sessionId), 1);
    await expect.poll(async () => (await containersOf(sessionId)).length, { timeout: 15_000 }).toBe(0);
  }

  /** The names the engine tagged images with since `sinceMs`: every image build ends with such a `tag` event. */
  async function tagsSince(sinceMs: number): Promise<string[]> {
    const stream = await docker.getEvents({
      since: Math.floor(sinceMs / 1000),
      until: Math.ceil(Date.now() / 1000) + 1,
      filters: { type: ['image'], event: ['tag'] },
    });
    let raw = '';
    for await (const chunk of stream) raw += chunk.toString();
    return raw
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { timeNano: number; Actor: { Attributes: { name?: string } } })
      .filter((e) => e.timeNano / 1e6 >= sinceMs)
      .map((e) => e.Actor.Attributes.name ?? '');
  }

  it('runs jq, installed from the environment\'s apt packages; a second session starts from the same cached image, nothing rebuilt', async () => {
    const env = await environment(JQ);

    const first = await newSession(env.id);
    expect(await agentRuns(first, `echo '{"a":{"b":42}}' | jq .a.b`)).toEqual({ isError: false, text: '42' });
    const box1 = await sandboxOf(first);
    // The environment's image, tagged by the hash of its config (asked for after the session used it: no build here).
    expect(box1.image).toBe(await imageFor(docker, JQ));
    expect(box1.image.startsWith(`${ENV_REPO}:`)).toBe(true);
    const before = await docker.getImage(box1.image).inspect();
    expect(before.Id).toBe(box1.imageId);
    await deleteSession(first);

    const secondStarted = Date.now();
    const second = await newSession(env.id);
    expect(await agentRuns(second, `jq -n '6 * 7'`)).toEqual({ isError: false, text: '42' });
    const box2 = await sandboxOf(second);
    expect(box2).toEqual(box1);
    // The same image, untouched: not rebuilt (a rebuild, even from the layer cache, tags the image again).
    // Only this tag is looked at: other test files may build other environments meanwhile.
    const after = await docker.getImage(box1.image).inspect();
    expect({ id: after.Id, created: after.Created }).toEqual({ id: before.Id, created: before.Created });
    expect((await tagsSince(secondStarted)).filter((name) => name === box1.image)).toEqual([]);
    await deleteSession(second);
  });

  it('an environment without packages gives a sandbox with no jq (so the jq above came from the environment)', async () => {
    const env = await environment();
    const session = await newSession(env.id);
    const r = await agentRuns(session, `echo '{"a":{"b":42}}' | jq .a.b`);
    expect(r.isError).toBe(true);
    expect(r.text).toContain('jq: command not found');
    expect(r.text).toContain('[exit code 127]');
    expect((await sandboxOf(session)).image).toBe(await baseImage());
    await deleteSession(session);
  });
});
