// What a sandbox prints cannot take Dockhand down. Everything a command writes goes to a file in the
// sandbox, but a process can write straight to the persistent shell's own output (`> /proc/$$/fd/1`), which
// `dockhand serve` reads: hundreds of MB of it once ended the server (RangeError: Invalid string length).
// Now the shell is cut off past a bounded window, its processes stopped, and the next call works.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execIn, OutputOverflow } from '../../electron/core/hands/docker/exec.ts';
import { MAX_UNREAD } from '../../electron/core/hands/docker/shell.ts';
import { brainRig, say, turn, type BrainRig } from '../support/brain.ts';
import { lastToolResults, reply, text, toolUse } from '../support/scripted-model/index.ts';
import { baseImage, containersOf, docker, engineUp, expectNoneLeft, newSessionId, rig, toolError, type Rig } from './sandbox-rig.ts';

/** The server's peak resident memory so far, from the kernel (VmHWM), in bytes. */
function peakRss(pid: number): number {
  const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb[1]) * 1024;
}

const resultText = (e: { content?: unknown }) => (e.content as { type: string; text: string }[]).map((b) => b.text).join('');

describe.skipIf(!engineUp)('a flood on the shell (skipped: no Docker engine answers)', () => {
  let brain: BrainRig;
  let r: Rig;

  beforeAll(async () => {
    await baseImage();
    brain = await brainRig({ args: ['--hands', 'docker'] });
    r = rig();
  });
  afterAll(async () => {
    await brain?.close();
    await r?.close();
    await expectNoneLeft();
  });

  it('700 MB written to the shell by a background job: serve stays up with bounded memory, and the next call is told and works', async () => {
    const { client, server, model } = brain;
    const agent = await client.beta.agents.create({ name: 'flooder', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
    const env = await client.beta.environments.create({ name: `env-${Math.random()}` });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    const go = join(server.dataDir, 'outputs', session.id, 'go');
    // The command, gated on a file the test makes, and removing it once the flood is over (cut off or done).
    const flood = `(until [ -e /mnt/session/outputs/go ]; do sleep 0.1; done; head -c 700000000 /dev/zero | tr "\\0" a > /proc/$$/fd/1; rm /mnt/session/outputs/go) & echo started`;
    model.enqueue(reply([toolUse('bash', { command: flood })]), (req) => reply(`It said ${resultText(lastToolResults(req)[0]!)}.`));
    const first = await turn(client, session.id, [say('start it')]);
    expect(first.events.filter((e) => e.type === 'agent.tool_result').map((e) => [e.is_error, resultText(e)])).toEqual([[false, 'started']]);

    const before = peakRss(server.child.pid!);
    writeFileSync(go, '');
    await expect.poll(() => existsSync(go), { timeout: 60_000, interval: 100 }).toBe(false);

    model.enqueue(reply([toolUse('bash', { command: 'echo next' })]), reply([text('Done.')]));
    const second = await turn(client, session.id, [say('go on')]);
    const [result] = second.events.filter((e) => e.type === 'agent.tool_result');
    expect(result?.is_error).toBe(false);
    expect(resultText(result!)).toBe(
      `[Processes left running by an earlier command wrote more than ${MAX_UNREAD} characters straight to the shell's own output (not to the command's output, which is kept in a file and cut). ` +
        'They were stopped, and this command ran in a new shell: the working directory and variables were reset.]\n\nnext',
    );
    expect(server.child.exitCode).toBeNull();
    // Reading 700 MB into a string took the server past 700 MB before it died; a bounded window adds a few MB at most.
    expect(peakRss(server.child.pid!) - before).toBeLessThan(64 * 1024 ** 2);
    expect(await containersOf(session.id)).toHaveLength(1);
  });

  it('a flood while a command runs fails that call; the next one runs in a new shell', async () => {
    const session = newSessionId();
    const box = r.provider.forSession(session);
    // A background job takes hold of the shell's own stderr between two commands (while a command runs, the
    // shell's descriptors point at its output file), says so, and floods it once the next command asks.
    const arm = String.raw`(until [[ $(readlink /proc/$$/fd/2) == pipe:* ]]; do sleep 0.02; done; exec 5>/proc/$$/fd/2
[[ $(readlink /proc/self/fd/5) == pipe:* ]] && touch /mnt/session/outputs/armed
until [ -e /tmp/go ]; do sleep 0.05; done; yes flood >&5) & echo armed`;
    expect(await box.execute('bash', { command: arm })).toBe('armed');
    await expect.poll(() => existsSync(join(r.provider.outputsDir(session), 'armed')), { timeout: 30_000, interval: 50 }).toBe(true);

    const heapBefore = process.memoryUsage().heapUsed;
    expect(await toolError(box.execute('bash', { command: 'touch /tmp/go; sleep 600' }))).toBe(
      `[While the command ran, something wrote more than ${MAX_UNREAD} characters straight to the shell's own output (not to the command's output, which is kept in a file and cut), ` +
        'so the shell was cut off. The command was stopped with everything it started; the next command runs in a new shell, so the working directory and variables are reset.]',
    );
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 ** 2);
    // The flooder was stopped with the rest: the next call has the sandbox to itself, no note needed.
    expect(await box.execute('bash', { command: 'echo ok; cat /proc/[0-9]*/comm | grep -c "^yes$" || true' })).toBe('ok\n0');
    expect(await containersOf(session)).toHaveLength(1);
  });

  it("a one-shot exec (the file tools') is cut off past its output limit, and the sandbox stays up", async () => {
    const session = newSessionId();
    await r.provider.forSession(session).execute('bash', { command: 'true' });
    const [c] = await containersOf(session);
    const container = docker.getContainer(c!.Id);
    const err = await execIn(container, ['bash', '-c', 'yes flood'], { maxOutput: 1_000_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputOverflow);
    expect((err as Error).message).toBe('the command printed more than 1000000 characters');
    expect((await container.inspect()).State.Running).toBe(true);
    expect(await r.provider.forSession(session).execute('bash', { command: 'echo fine' })).toBe('fine');
  });
});
