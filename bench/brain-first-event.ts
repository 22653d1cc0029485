// Harness time-to-first-event: from a user.message accepted (the events.send response) to the first
// agent.* event on the SSE stream, less the scripted model's own first-byte delay, through a real
// `dockhand serve` child running the brain. Baseline, alternating send by send: events.send → the SSE
// echo of the user.message on the twin server that runs no brain (the store + SSE path alone).
import { performance } from 'node:perf_hooks';
import type Anthropic from '@anthropic-ai/sdk';
import { brainRig } from '../test/support/brain.ts';
import { reply } from '../test/support/scripted-model/index.ts';
import type { Served } from '../test/support/serve.ts';
import { message, tagOf, TEXT_CHARS } from './payload.ts';
import type { Row, Timing } from './stats.ts';

/** The model's first-byte delays measured: none, and one long enough that subtracting it matters. */
const FIRST_BYTE_MS = [0, 50] as const;
const COUNT = 300;
const CAP_MS = 7000;
const WARMUP = 10;
/** A turn slower than this means the brain is stuck, not slow: fail instead of hanging. */
const LOST_MS = 10_000;
/** The model's answer: one short text block, streamed in the scripted server's default 8-character deltas. */
const ANSWER = 'Done: the file is updated and the tests pass.';

interface Times {
  sentAt: number;
  ackAt: number;
  echoAt: number;
  /** The first agent.* event after the echo (brain server only). */
  agentAt?: number;
}

interface Pending {
  tag: string;
  echoAt?: number;
  agentAt?: number;
  /** Called on the echo (no brain) or on the next session.status_idle (brain). */
  done: () => void;
  fail: (err: Error) => void;
}

/**
 * Sends tagged user.messages to a new session and times them on one SSE stream. With `untilIdle`
 * each send is a whole turn: it completes when the brain has gone idle again.
 */
async function sender(client: Anthropic, name: string, untilIdle: boolean) {
  const agent = await client.beta.agents.create({ name: 'bench-brain', model: 'claude-sonnet-4-6', system: 'You are a benchmark agent.' });
  const env = await client.beta.environments.create({ name });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
  const stream = await client.beta.sessions.events.stream(session.id);
  let current: Pending | undefined;
  const pump = (async () => {
    for await (const e of stream) {
      const at = performance.now();
      const p = current;
      if (!p) continue;
      if (e.type === 'user.message') {
        if (tagOf(e) !== p.tag) continue;
        p.echoAt = at;
        if (!untilIdle) p.done();
      } else if (p.echoAt === undefined) {
        continue; // the previous turn's tail
      } else if (e.type.startsWith('agent.')) {
        p.agentAt ??= at;
      } else if (e.type === 'session.error') {
        p.fail(new Error(`session.error during the turn: ${JSON.stringify(e.error)}`));
      } else if (e.type === 'session.status_idle') {
        if (p.agentAt === undefined) p.fail(new Error(`turn ${p.tag} went idle without an agent event`));
        else p.done();
      }
    }
    throw new Error('the server ended the stream');
  })().catch((err: Error) => {
    if (!stream.controller.signal.aborted) current?.fail(err);
  });

  return {
    send(tag: string): Promise<Times> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${tag} was not delivered${untilIdle ? ' and answered' : ''} in ${LOST_MS} ms`)), LOST_MS);
        const p: Pending = {
          tag,
          done: () => acked.then((ackAt) => (clearTimeout(timer), resolve({ sentAt, ackAt, echoAt: p.echoAt!, agentAt: p.agentAt })), p.fail),
          fail: (err) => (clearTimeout(timer), reject(err)),
        };
        current = p;
        const sentAt = performance.now();
        const acked = client.beta.sessions.events.send(session.id, { events: [message(tag)] }).then(() => performance.now());
        acked.catch(p.fail);
      });
    },
    close: async () => (stream.controller.abort(), await pump),
  };
}

const timing = (samples: number[], elapsedMs: number): Timing => ({ samples, elapsedMs, perSample: 1 });

export async function firstEventBench(twin: Served, dataDir: string, atExit: (fn: () => void) => void): Promise<Row[]> {
  let firstByteMs = 0;
  const rig = await brainRig({ dataDir, model: { script: () => reply(ANSWER, { firstByteMs }) } });
  atExit(() => rig.server.child.exitCode === null && rig.server.child.kill('SIGKILL'));
  const rows: Row[] = [];
  const acks = { brain: [] as number[], twin: [] as number[], elapsedMs: 0 };
  const echoName = 'events.send → SSE echo of a user.message, twin server without the brain (alternating sends)';
  let exit: number | null = null;
  try {
    for (const ms of FIRST_BYTE_MS) {
      process.stderr.write(`brain: time to first event, model's first byte after ${ms} ms\n`);
      firstByteMs = ms;
      const brain = await sender(rig.client, `bench-first-event-${ms}`, true);
      const plain = await sender(twin.client(), `bench-first-event-twin-${ms}`, false);
      try {
        for (let i = 0; i < WARMUP; i++) (await plain.send(`warm-twin-${ms}-${i}`), await brain.send(`warm-${ms}-${i}`));
        const first: number[] = [];
        const echo: number[] = [];
        const start = performance.now();
        for (let i = 0; i < COUNT && performance.now() - start < CAP_MS; i++) {
          const p = await plain.send(`twin-${ms}-${i}`);
          const b = await brain.send(`turn-${ms}-${i}`);
          first.push(b.agentAt! - b.ackAt - ms);
          echo.push(p.echoAt - p.sentAt);
          acks.brain.push(b.ackAt - b.sentAt);
          acks.twin.push(p.ackAt - p.sentAt);
        }
        const elapsedMs = performance.now() - start;
        acks.elapsedMs += elapsedMs;
        rows.push({
          area: 'Brain',
          measure: `user.message accepted (events.send response) → first agent.* on SSE, less the model's ${ms} ms first-byte delay`,
          payload: `${TEXT_CHARS}-char user.message; ${ANSWER.length}-char reply streamed in 8-char deltas`,
          unit: 'turns',
          timing: timing(first, elapsedMs),
          baseline: { name: echoName, timing: timing(echo, elapsedMs) },
        });
      } finally {
        await Promise.all([brain.close(), plain.close()]);
      }
    }
  } finally {
    exit = await rig.server.stop();
    await rig.model.close();
  }
  if (exit !== 0) throw new Error(`dockhand serve (brain) exited with ${exit} on SIGTERM:\n${rig.server.stderr()}`);
  // The brain starts a turn synchronously inside the append (lease, load, first events), so part of
  // its work lands before the acceptance the rows above start from; this row shows how much.
  rows.push({
    area: 'Brain',
    measure: 'events.send acknowledgement, brain running (same sends as above)',
    payload: `${TEXT_CHARS}-char user.message`,
    unit: 'events',
    timing: timing(acks.brain, acks.elapsedMs),
    baseline: { name: 'events.send acknowledgement, twin server without the brain (alternating sends)', timing: timing(acks.twin, acks.elapsedMs) },
  });
  return rows;
}
