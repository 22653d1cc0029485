// A day of sessions through `dockhand serve --hands docker` (official SDK, scripted model): 40 sessions one
// after another, each one bash call then left idle, and 40 at once, all get their sandbox; the engine holds
// no more than the cap of them. An archived session's sandbox goes; an idle one goes after the timeout.
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_LABEL, SANDBOX_LABEL } from '../../electron/core/hands/docker/container.ts';
import { MANAGED_LABEL } from '../../electron/core/hands/docker/engine.ts';
import { DEFAULT_MAX_SANDBOXES } from '../../electron/core/hands/docker/provider.ts';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { serve } from '../support/serve.ts';
import { lastToolResults, reply, toolUse, type RecordedRequest } from '../support/scripted-model/index.ts';
import { baseImage, containersOf, docker, engineUp } from './sandbox-rig.ts';

const SESSIONS = 40;

/** The model runs the user's message as a bash command, then ends the turn with what it printed. */
function runWhatIsAsked(req: RecordedRequest) {
  const [result] = lastToolResults(req);
  if (result) return reply(`Done: ${JSON.stringify(result.content)}`);
  const last = req.body.messages.at(-1)!;
  const asked = typeof last.content === 'string' ? last.content : last.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
  return reply([toolUse('bash', { command: asked })]);
}

/** One turn: the user asks for `command`; returns what the bash call answered, as [is_error, text]. */
async function bashTurn(client: Anthropic, sessionId: string, command: string): Promise<[boolean | null | undefined, string]> {
  const { events, idle } = await turn(client, sessionId, [say(command)]);
  expect(idle.stop_reason).toEqual({ type: 'end_turn' });
  const results = events.filter((e) => e.type === 'agent.tool_result');
  expect(results).toHaveLength(1);
  return [results[0]!.is_error, (results[0]!.content as { text: string }[]).map((b) => b.text).join('')];
}

/** What the server process made and is still on the engine. */
async function onEngine(pid: number) {
  const owned = { label: [`${MANAGED_LABEL}=1`, `${OWNER_LABEL}=${hostname()}:${pid}`] };
  const containers = await docker.listContainers({ all: true, filters: { ...owned, label: [...owned.label, SANDBOX_LABEL] } });
  const networks = await docker.listNetworks({ filters: owned });
  return { containers: containers.length, networks: networks.length };
}

describe.skipIf(!engineUp)('a day of sessions with Docker hands (skipped: no Docker engine answers)', () => {
  let rig: BrainRig;
  let agent: string;
  let environment: string;
  const newSession = async () => (await rig.client.beta.sessions.create({ agent, environment_id: environment })).id;

  beforeAll(async () => {
    await baseImage();
    rig = await brainRig({ args: ['--hands', 'docker'], model: { script: runWhatIsAsked } });
    agent = (await rig.client.beta.agents.create({ name: 'day', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] })).id;
    // The default environment: unrestricted networking, so each sandbox has a bridge network of its own.
    environment = (await rig.client.beta.environments.create({ name: `day-${Math.random()}` })).id;
  });
  afterAll(async () => rig?.close());

  it(`${SESSIONS} sessions in a row, one bash call each and left idle: all get a sandbox, and at most the cap run`, async () => {
    const sessions: string[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const id = await newSession();
      sessions.push(id);
      expect(await bashTurn(rig.client, id, `echo session ${i}`)).toEqual([false, `session ${i}`]);
    }
    const held = await onEngine(rig.server.child.pid!);
    expect(held.containers).toBeLessThanOrEqual(DEFAULT_MAX_SANDBOXES);
    expect(held.networks).toBeLessThanOrEqual(DEFAULT_MAX_SANDBOXES);
    // The first session's sandbox made room long ago; it goes on in a new one, and the model is told.
    const [isError, said] = await bashTurn(rig.client, sessions[0]!, 'echo back');
    expect(isError).toBe(false);
    expect(said).toMatch(/^\[This session's sandbox was stopped to make room for another session's .*\]\n\nback$/);
  });

  it(`${SESSIONS} sessions at once: all get a sandbox, and at most the cap run`, async () => {
    const ids = await Promise.all(Array.from({ length: SESSIONS }, newSession));
    const answers = await Promise.all(ids.map((id, i) => bashTurn(rig.client, id, `echo at once ${i}`)));
    // Those past the cap wait for a slot: each sandbox whose call is over makes room for the next.
    expect(answers).toEqual(ids.map((_, i) => [false, `at once ${i}`]));
    const held = await onEngine(rig.server.child.pid!);
    expect(held.containers).toBeLessThanOrEqual(DEFAULT_MAX_SANDBOXES);
    expect(held.networks).toBeLessThanOrEqual(DEFAULT_MAX_SANDBOXES);
  });

  it("archiving a session stops its sandbox; what it wrote to its outputs stays", async () => {
    const id = await newSession();
    expect(await bashTurn(rig.client, id, 'echo done > /mnt/session/outputs/report.txt && echo written')).toEqual([false, 'written']);
    expect(await containersOf(id)).toHaveLength(1);
    await rig.client.beta.sessions.archive(id);
    await expect.poll(async () => (await containersOf(id)).length, { timeout: 30_000, interval: 100 }).toBe(0);
    expect(readFileSync(join(rig.server.dataDir, 'outputs', id, 'report.txt'), 'utf8')).toBe('done\n');
  });
});

describe.skipIf(!engineUp)('serve options for sandboxes (skipped: no Docker engine answers)', () => {
  it('--sandbox-idle-timeout stops a sandbox no call uses; the next turn gets a new one', async () => {
    await baseImage();
    const rig = await brainRig({ args: ['--hands', 'docker', '--sandbox-idle-timeout', '1'], model: { script: runWhatIsAsked } });
    try {
      const agent = await rig.client.beta.agents.create({ name: 'idle', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
      const env = await rig.client.beta.environments.create({ name: `idle-${Math.random()}` });
      const id = (await rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id })).id;
      const [, first] = await bashTurn(rig.client, id, 'hostname');
      await expect.poll(async () => (await containersOf(id)).length, { timeout: 30_000, interval: 100 }).toBe(0);
      expect(existsSync(join(rig.server.dataDir, 'outputs', id))).toBe(true);
      const [isError, said] = await bashTurn(rig.client, id, 'hostname');
      expect(isError).toBe(false);
      const [note, second] = said.split('\n\n');
      expect(note).toBe(
        "[This session's sandbox was stopped after 1 second without a tool call, and this call started a new one: files outside /mnt/session/outputs and the shell's working directory and variables are gone.]",
      );
      expect(second).toMatch(/^\w{12}$/);
      expect(second).not.toBe(first);
    } finally {
      await rig.close();
    }
  });

  it('refuses a cap below one and an idle timeout that is not a number of seconds', async () => {
    await expect(serve({ args: ['--hands', 'docker', '--max-sandboxes', '0'] })).rejects.toThrow(/--max-sandboxes must be a whole number of at least 1, not 0/);
    await expect(serve({ args: ['--hands', 'docker', '--sandbox-idle-timeout', 'soon'] })).rejects.toThrow(/--sandbox-idle-timeout must be a number of seconds \(0: never\), not soon/);
  });
});
