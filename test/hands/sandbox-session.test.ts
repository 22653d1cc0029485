// A session through the local API (official SDK, scripted model) with `serve --hands docker`: the agent
// writes, edits and runs a small program in its sandbox, which is made only at the first tool call.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { serve } from '../support/serve.ts';
import { lastToolResults, reply, text, toolUse } from '../support/scripted-model/index.ts';
import { baseImage, containersOf, engineUp } from './sandbox-rig.ts';

describe.skipIf(!engineUp)('a session with Docker hands (skipped: no Docker engine answers)', () => {
  let rig: BrainRig;
  beforeAll(async () => {
    await baseImage();
    rig = await brainRig({ args: ['--hands', 'docker'] });
  });
  afterAll(async () => rig?.close());

  it('writes, edits and runs a program in a sandbox made at the first tool call; its outputs outlive the session', async () => {
    const agent = await rig.client.beta.agents.create({ name: 'coder', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
    const env = await rig.client.beta.environments.create({ name: `env-${Math.random()}` });
    const session = await rig.client.beta.sessions.create({ agent: agent.id, environment_id: env.id });

    let containersAtFirstRequest: number | undefined;
    const program = '#!/bin/bash\nfor i in 1 2 3; do echo "line $i"; done\n';
    rig.model.enqueue(
      async () => {
        containersAtFirstRequest = (await containersOf(session.id)).length;
        return reply([text('Writing the program.'), toolUse('write', { file_path: 'count.sh', content: program })]);
      },
      reply([toolUse('edit', { file_path: 'count.sh', old_string: '1 2 3', new_string: '1 2 3 4' })]),
      reply([toolUse('bash', { command: 'cd /workspace && bash count.sh | tee /mnt/session/outputs/count.txt | wc -l' })]),
      (req) => reply(`It printed ${JSON.stringify(lastToolResults(req)[0]?.content)} lines.`),
    );
    const { events, idle } = await turn(rig.client, session.id, [say('write a counting program, make it count to 4, run it')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });

    // The brain asked the model before any container existed: provisioning waited for the first tool call.
    expect(containersAtFirstRequest).toBe(0);
    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(results.map((r) => [r.is_error, JSON.stringify(r.content)])).toEqual([
      [false, JSON.stringify([{ type: 'text', text: `wrote ${program.length} bytes to /workspace/count.sh` }])],
      [false, JSON.stringify([{ type: 'text', text: 'edited /workspace/count.sh (1 replacement)' }])],
      [false, JSON.stringify([{ type: 'text', text: '4' }])],
    ]);
    expect(await containersOf(session.id)).toHaveLength(1);

    // Deleting the session removes its sandbox; what it wrote to /mnt/session/outputs stays in the data directory.
    await rig.client.beta.sessions.delete(session.id);
    await expect.poll(async () => (await containersOf(session.id)).length, { timeout: 15_000 }).toBe(0);
    expect(readFileSync(join(rig.server.dataDir, 'outputs', session.id, 'count.txt'), 'utf8')).toBe('line 1\nline 2\nline 3\nline 4\n');
  });
});

describe.skipIf(!engineUp)('eager sandboxes (skipped: no Docker engine answers)', () => {
  it('with --eager-sandboxes, creating a session starts its container', async () => {
    await baseImage();
    const server = await serve({ args: ['--hands', 'docker', '--eager-sandboxes'] });
    try {
      const client = server.client();
      const agent = await client.beta.agents.create({ name: 'eager', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
      const env = await client.beta.environments.create({ name: `env-${Math.random()}` });
      const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
      const [c] = await containersOf(session.id);
      expect(c?.State).toBe('running');
    } finally {
      await server.stop();
    }
  });
});
