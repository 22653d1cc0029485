// Many sessions at once with Docker hands: 20, then 40 sessions each start a turn at the same moment on one
// `dockhand serve --hands docker` child (the default cap and idle timeout), the scripted model asking for one
// bash call. Time to the first agent.* event on each session's SSE stream and to the turn's end, against one
// session alone on the same server (before and after each batch, same run); and the server's resident memory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type Anthropic from '@anthropic-ai/sdk';
import type Dockerode from 'dockerode';
import { DEFAULT_MAX_SANDBOXES } from '../electron/core/hands/docker/provider.ts';
import { lastToolResults, reply, startScriptedModel, toolUse } from '../test/support/scripted-model/index.ts';
import { serve } from '../test/support/serve.ts';
import { untilGone } from './hands-engine.ts';
import { sequential } from './hands-tools.ts';
import { message, TEXT_CHARS } from './payload.ts';
import type { Row, Timing } from './stats.ts';

const MODEL_KEY = 'sk-ant-bench-model-key';
const BATCHES = [20, 40] as const;
/** Sessions alone around each batch: half before it, half after. */
const ALONE = 8;
/** A turn slower than this is stuck, not slow. */
const LOST_MS = 180_000;
const COMMAND = 'echo ran';

interface Turn {
  firstEventMs: number;
  turnMs: number;
}

/** The server's resident memory now, from the kernel, in bytes. */
function rss(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return kb ? Number(kb[1]) * 1024 : NaN;
}

/** The peak of `rss` while `fn` runs, sampled every 50 ms. */
async function peakRss<T>(pid: number, fn: () => Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  try {
    const result = await fn();
    return { result, peak: Math.max(peak, rss(pid)) };
  } finally {
    clearInterval(timer);
  }
}

interface Side {
  client: Anthropic;
  agent: string;
  environment: string;
  /** Sessions made, to delete between measures. */
  sessions: string[];
}

/**
 * One session's turn: create it, open its stream, then (once `start` resolves) send a user.message; times from
 * the send to the first agent event and to idle. `ready` is called once the stream is open.
 */
async function oneTurn({ client, agent, environment, sessions }: Side, tag: string, gate?: { ready: () => void; start: Promise<void> }): Promise<Turn> {
  const session = await client.beta.sessions.create({ agent, environment_id: environment });
  sessions.push(session.id);
  const stream = await client.beta.sessions.events.stream(session.id);
  gate?.ready();
  await gate?.start;
  const t0 = performance.now();
  let first: number | undefined;
  const timer = setTimeout(() => stream.controller.abort(), LOST_MS);
  try {
    await client.beta.sessions.events.send(session.id, { events: [message(tag)] });
    for await (const e of stream) {
      const at = performance.now();
      if (e.type.startsWith('agent.')) first ??= at;
      if (e.type === 'agent.tool_result' && e.is_error) throw new Error(`${tag}: the bash call failed: ${JSON.stringify(e.content)}`);
      if (e.type === 'session.error') throw new Error(`${tag}: session.error ${JSON.stringify(e.error)}`);
      if (e.type === 'session.status_idle') {
        if (first === undefined) throw new Error(`${tag} went idle without an agent event`);
        return { firstEventMs: first - t0, turnMs: at - t0 };
      }
    }
    throw new Error(`${tag}: the stream ended before the turn did (or it took over ${LOST_MS} ms)`);
  } finally {
    clearTimeout(timer);
    stream.controller.abort();
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

export async function concurrentBench(docker: Dockerode, dir: string, atExit: (pid: number, kill: () => void) => void): Promise<{ rows: Row[]; note: string }> {
  const model = await startScriptedModel({
    apiKey: MODEL_KEY,
    script: (req) => (lastToolResults(req).length ? reply('Done.') : reply([toolUse('bash', { command: COMMAND })])),
  });
  const env = { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY, DOCKHAND_MAX_RETRIES: '0' };
  const s = await serve({ dataDir: join(dir, 'serve'), brain: true, args: ['--hands', 'docker'], env });
  const pid = s.child.pid!;
  atExit(pid, () => s.child.exitCode === null && s.child.kill('SIGKILL'));
  try {
    const client = s.client();
    const side: Side = {
      client,
      agent: (await client.beta.agents.create({ name: 'bench-concurrent', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] })).id,
      environment: (await client.beta.environments.create({ name: 'bench-concurrent' })).id,
      sessions: [],
    };
    /** Sessions one at a time; the sandboxes they leave idle stay, as they would in use. */
    const alone = async (n: number, tag: string) => {
      const turns: Turn[] = [];
      for (let i = 0; i < n; i++) turns.push(await oneTurn(side, `${tag}-${i}`));
      return turns;
    };
    /** Every session is made and its stream opened first (untimed); then all send at once. */
    const batch = (n: number, tag: string) => {
      let go!: () => void;
      const start = new Promise<void>((r) => (go = r));
      let ready = 0;
      const gate = { start, ready: () => ++ready === n && go() };
      return Promise.all(Array.from({ length: n }, (_, i) => oneTurn(side, `${tag}-${i}`, gate)));
    };
    /** Deletes the sessions made so far (their sandboxes go), so the next measure starts from an empty engine. */
    const clear = async () => {
      for (const id of side.sessions.splice(0)) await client.beta.sessions.delete(id);
      await untilGone(docker, [pid], 60_000);
    };

    process.stderr.write('hands: concurrent sessions, warmup\n');
    await alone(2, 'warmup');
    await clear();
    const rows: Row[] = [];
    const peaks: string[] = [];
    for (const n of BATCHES) {
      process.stderr.write(`hands: ${n} sessions at once, with ${ALONE} alone around them\n`);
      const before = await peakRss(pid, () => alone(ALONE / 2, `alone-before-${n}`));
      await clear();
      const t0 = performance.now();
      const at = await peakRss(pid, () => batch(n, `batch-${n}`));
      const elapsedMs = performance.now() - t0;
      await clear();
      const after = await peakRss(pid, () => alone(ALONE / 2, `alone-after-${n}`));
      await clear();
      const solo = [...before.result, ...after.result];
      const timing = (pick: (t: Turn) => number): Timing => ({ samples: at.result.map(pick), elapsedMs, perSample: 1 });
      const soloTiming = (pick: (t: Turn) => number) => sequential(solo.map(pick));
      const payload = `${n} sessions at once on one dockhand serve child (SDK, SSE per session); each a ${TEXT_CHARS}-char user.message, the model asks for bash \`${COMMAND}\`; default environment (a bridge per sandbox); cap ${DEFAULT_MAX_SANDBOXES} sandboxes`;
      const baseline = `one session alone, same server: ${ALONE / 2} before and ${ALONE / 2} after the batch`;
      rows.push(
        {
          area: 'Hands',
          measure: `${n} concurrent sessions: events.send → first agent.* event on the session's SSE stream`,
          payload,
          unit: 'sessions',
          timing: timing((t) => t.firstEventMs),
          baseline: { name: baseline, timing: soloTiming((t) => t.firstEventMs) },
        },
        {
          area: 'Hands',
          measure: `${n} concurrent sessions: events.send → session.status_idle (the bash turn done: sandbox made, or waited for at the cap)`,
          payload,
          unit: 'sessions',
          timing: timing((t) => t.turnMs),
          baseline: { name: baseline, timing: soloTiming((t) => t.turnMs) },
        },
      );
      peaks.push(`${n} at once ${mib(at.peak)} (alone: ${mib(Math.max(before.peak, after.peak))})`);
    }
    const code = await s.stop();
    if (code !== 0) throw new Error(`dockhand serve --hands docker exited with ${code} on SIGTERM:\n${s.stderr()}`);
    return { rows, note: `Server resident memory (VmRSS), peak while the sessions ran: ${peaks.join('; ')}.` };
  } finally {
    await s.kill();
    await model.close();
  }
}
