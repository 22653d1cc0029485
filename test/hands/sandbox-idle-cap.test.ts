// Sandboxes over a day of use: one no call uses for a while is stopped (its outputs stay, the next call
// starts a new one and is told), and at most `maxSandboxes` run at once: at the cap the least recently used
// idle one makes room, and when a call runs in every one, a new one waits for the first to come free.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DockerProvider } from '../../electron/core/hands/docker/provider.ts';
import { baseImage, containersOf, engineUp, expectNoneLeft, newSessionId, rig, type Rig } from './sandbox-rig.ts';

const STOPPED_FOR_ROOM =
  "[This session's sandbox was stopped to make room for another session's (as many sandboxes as may run at once were running), and this call started a new one: " +
  "files outside /mnt/session/outputs and the shell's working directory and variables are gone.]";

/** A bash call that runs until the test lets it end (by making a file in its session's outputs). */
function held(provider: DockerProvider, session: string) {
  const call = provider.forSession(session).execute('bash', { command: 'touch /mnt/session/outputs/started; until [ -e /mnt/session/outputs/go ]; do sleep 0.05; done; echo released' });
  const dir = provider.outputsDir(session);
  return {
    call,
    started: () => expect.poll(() => existsSync(join(dir, 'started')), { timeout: 60_000, interval: 50 }).toBe(true),
    release: () => writeFileSync(join(dir, 'go'), ''),
  };
}

const hostOf = async (session: string) => (await containersOf(session)).map((c) => c.Id.slice(0, 12));

describe.skipIf(!engineUp)('sandboxes over a day of use (skipped: no Docker engine answers)', () => {
  const rigs: Rig[] = [];
  const newRig = (opts: Parameters<typeof rig>[0]) => {
    const r = rig(opts);
    rigs.push(r);
    return r;
  };
  beforeAll(async () => {
    await baseImage();
  });
  afterAll(async () => {
    for (const r of rigs) await r.close();
    await expectNoneLeft();
  });

  it('stops a sandbox left idle; its outputs stay, and the next call starts a new one and says what was lost', async () => {
    const r = newRig({ idleTimeoutMs: 1_000 });
    const session = newSessionId();
    const box = r.provider.forSession(session);
    const first = await box.execute('bash', { command: 'echo kept > /mnt/session/outputs/kept.txt; echo scratch > /workspace/scratch.txt; hostname' });
    // A call that outlasts the timeout is not cut short: the clock runs only while no call does.
    expect(await box.execute('bash', { command: 'sleep 2; hostname' })).toBe(first);
    expect(r.provider.stats()).toMatchObject({ running: 1, idle: 1, idleTimeoutMs: 1_000 });

    await expect.poll(() => hostOf(session), { timeout: 30_000, interval: 100 }).toEqual([]);
    expect(r.provider.stats()).toMatchObject({ running: 0, idle: 0 });
    expect(readFileSync(join(r.provider.outputsDir(session), 'kept.txt'), 'utf8')).toBe('kept\n');

    const next = await box.execute('bash', { command: 'cat /mnt/session/outputs/kept.txt; ls /workspace; hostname' });
    const [again] = await hostOf(session);
    expect(next).toBe(
      "[This session's sandbox was stopped after 1 second without a tool call, and this call started a new one: files outside /mnt/session/outputs and the shell's working directory and variables are gone.]" +
        `\n\nkept\n${again}`,
    );
    expect(again).not.toBe(first);
    // Told once: the call after it is plain.
    expect(await box.execute('bash', { command: 'echo plain' })).toBe('plain');
  });

  it('at the cap, a new sandbox takes the place of the least recently used idle one', async () => {
    const r = newRig({ maxSandboxes: 2, idleTimeoutMs: 0 });
    const [a, b, c] = [newSessionId(), newSessionId(), newSessionId()];
    const run = (s: string, command: string) => r.provider.forSession(s).execute('bash', { command });
    expect(await run(a, 'echo a')).toBe('a');
    expect(await run(b, 'echo b')).toBe('b');
    expect(r.provider.stats()).toMatchObject({ running: 2, cap: 2, idle: 2, waiting: 0 });

    // c's slot is a's, given back only once a's container is removed.
    expect(await run(c, 'echo c')).toBe('c');
    expect(await hostOf(a)).toEqual([]);
    expect(await hostOf(b)).toHaveLength(1);
    expect(r.provider.stats()).toMatchObject({ running: 2, idle: 2 });

    // a goes on in a new sandbox, in the place of b (used before c), and is told.
    expect(await run(a, 'echo a again')).toBe(`${STOPPED_FOR_ROOM}\n\na again`);
    expect(await hostOf(b)).toEqual([]);
    expect(await hostOf(c)).toHaveLength(1);
  });

  it('when a call runs in every sandbox at the cap, a new one waits for the first to come free (or for its abort)', async () => {
    const r = newRig({ maxSandboxes: 2, idleTimeoutMs: 0 });
    const [a, b, c, d] = [newSessionId(), newSessionId(), newSessionId(), newSessionId()];
    const ha = held(r.provider, a);
    const hb = held(r.provider, b);
    await ha.started();
    await hb.started();

    const waiting = r.provider.forSession(c).execute('bash', { command: 'echo c ran' });
    const abort = new AbortController();
    const given = r.provider.forSession(d).execute('bash', { command: 'echo d ran' }, { signal: abort.signal });
    await expect.poll(() => r.provider.stats().waiting, { timeout: 30_000, interval: 50 }).toBe(2);
    expect(r.provider.stats()).toMatchObject({ running: 2, cap: 2, idle: 0 });

    abort.abort();
    await expect(given).rejects.toThrow(/aborted/);
    expect(r.provider.stats().waiting).toBe(1);
    expect(await hostOf(d)).toEqual([]);

    // a's call ends: its sandbox, now idle, is stopped for c, which was waiting.
    ha.release();
    expect(await ha.call).toBe('released');
    expect(await waiting).toBe('c ran');
    expect(await hostOf(a)).toEqual([]);
    expect(await hostOf(c)).toHaveLength(1);
    expect(r.provider.stats()).toMatchObject({ running: 2, waiting: 0 });

    hb.release();
    expect(await hb.call).toBe('released');
  });
});
