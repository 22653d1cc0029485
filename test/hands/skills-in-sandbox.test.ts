// An agent's skills in the Docker sandbox, through the local API (official SDK, scripted model,
// `serve --hands docker`): the model's system prompt lists each skill's name and description (never its
// body), and a tool call reads the skill's files, mounted read-only at /mnt/skills/<name>.
import { toFile } from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { reply, toolUse } from '../support/scripted-model/index.ts';
import { uniqueName } from '../support/fixtures.ts';
import { zipOf } from '../support/zips.ts';
import { baseImage, engineUp } from './sandbox-rig.ts';

const resultText = (e: { type: string }) => JSON.stringify((e as { content?: unknown }).content);
const BODY = 'Step 1: run scripts/total.sh and report its output verbatim.';

describe.skipIf(!engineUp)('skills in the Docker sandbox (skipped: no Docker engine answers)', () => {
  let rig: BrainRig;
  beforeAll(async () => {
    await baseImage();
    rig = await brainRig({ args: ['--hands', 'docker'] });
  });
  afterAll(async () => rig?.close());

  it("a skill attached to an agent is listed in the model's system prompt and readable, read-only, in the sandbox", async () => {
    const c = rig.client;
    const zip = await zipOf([
      { name: 'ledger-totals/SKILL.md', content: `---\nname: ledger-totals\ndescription: Sums ledger files. Use when asked for totals.\n---\n${BODY}\n` },
      { name: 'ledger-totals/scripts/total.sh', content: 'echo total: 42\n' },
    ]);
    const skill = await c.beta.skills.create({ files: [await toFile(zip, 'ledger-totals.zip', { type: 'application/zip' })] });
    const agent = await c.beta.agents.create({
      name: uniqueName('accountant'),
      model: 'claude-sonnet-4-6',
      system: 'You keep the books.',
      tools: [{ type: 'agent_toolset_20260401' }],
      skills: [{ type: 'custom', skill_id: skill.id }],
    });
    const env = await c.beta.environments.create({ name: uniqueName('env') });
    const session = await c.beta.sessions.create({ agent: agent.id, environment_id: env.id });

    rig.model.enqueue(
      reply([toolUse('bash', { command: 'cat /mnt/skills/ledger-totals/SKILL.md && sh /mnt/skills/ledger-totals/scripts/total.sh' })]),
      reply([toolUse('bash', { command: 'echo changed > /mnt/skills/ledger-totals/SKILL.md' })]),
      reply('total: 42'),
    );
    const { events, idle } = await turn(c, session.id, [say('what is the total?')]);
    expect(idle.stop_reason).toEqual({ type: 'end_turn' });

    const system = (rig.model.requests.at(-1)!.body as { system?: string }).system ?? '';
    expect(system).toContain('You keep the books.');
    expect(system).toContain('- ledger-totals: Sums ledger files. Use when asked for totals. (/mnt/skills/ledger-totals/SKILL.md)');
    expect(system).not.toContain(BODY); // the body is read when needed, not sent every turn

    const results = events.filter((e) => e.type === 'agent.tool_result');
    expect(resultText(results[0]!)).toContain(BODY);
    expect(resultText(results[0]!)).toContain('total: 42');
    expect((results[1] as { is_error?: boolean }).is_error).toBe(true);
    expect(resultText(results[1]!)).toMatch(/Read-only file system|Permission denied/);
  });
});
