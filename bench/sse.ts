// SSE delivery: from the moment one client calls events.send until the event arrives at
// subscribers on client.beta.sessions.events.stream, measured against the send's own round trip.
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type Anthropic from '@anthropic-ai/sdk';
import type { Served } from '../test/support/serve.ts';
import { message, tagOf } from './payload.ts';
import type { Row, Timing } from './stats.ts';

const CAP_MS = 8000;
/** Streams open on a session that never read, for the cost they put on a send. */
const IDLE = 2000;
const ROUNDS = 10;
const SETTLE_MS = 50;
/** A delivery slower than this means the stream is broken, not slow: fail instead of hanging. */
const LOST_MS = 10_000;

/** One live stream that reports when a tagged event reaches it. */
async function subscriber(client: Anthropic, sessionId: string) {
  const stream = await client.beta.sessions.events.stream(sessionId);
  const waiting = new Map<string, { resolve: (at: number) => void; reject: (err: Error) => void }>();
  let broken: Error | undefined;
  let frameBytes = 0;
  const pump = (async () => {
    for await (const e of stream) {
      const at = performance.now();
      if (e.type !== 'user.message') continue;
      const tag = tagOf(e);
      const w = tag && waiting.get(tag);
      if (!w) continue;
      // The server writes exactly this frame for the event (see server/sse.ts).
      frameBytes = Buffer.byteLength(`id: ${e.id}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      waiting.delete(tag);
      w.resolve(at);
    }
    return new Error('the server ended the stream');
  })()
    .catch((err: Error) => err)
    .then((err) => {
      if (stream.controller.signal.aborted) return;
      broken = err;
      for (const w of waiting.values()) w.reject(err);
      waiting.clear();
    });
  return {
    /** Resolves with the arrival time of the event tagged `tag`; call it before sending. */
    arrival(tag: string): Promise<number> {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`event ${tag} never reached a subscriber`)), LOST_MS);
        waiting.set(tag, { resolve: (at) => (clearTimeout(timer), resolve(at)), reject: (err) => (clearTimeout(timer), reject(err)) });
      });
    },
    frameBytes: () => frameBytes,
    close: async () => (stream.controller.abort(), await pump),
  };
}

interface Delivery {
  /** send → arrival, every subscriber's. */
  each: Timing;
  /** send → arrival at the slowest subscriber of each send. */
  last: Timing;
  /** send → the server's acknowledgement, same iterations. */
  ack: Timing;
  frameBytes: number;
}

async function deliveries(served: Served, subscribers: number, count: number): Promise<Delivery> {
  const client = served.client();
  const agent = await client.beta.agents.create({ name: 'bench', model: 'claude-sonnet-4-6' });
  const env = await client.beta.environments.create({ name: `bench-sse-${subscribers}` });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
  const subs = await Promise.all(Array.from({ length: subscribers }, () => subscriber(served.client(), session.id)));
  try {
    const each: number[] = [];
    const last: number[] = [];
    const ack: number[] = [];
    const once = async (tag: string) => {
      const arrivals = Promise.all(subs.map((s) => s.arrival(tag)));
      arrivals.catch(() => {}); // handled by the await below; keeps a failure during the send from crashing the run
      const t0 = performance.now();
      await client.beta.sessions.events.send(session.id, { events: [message(tag)] });
      const acked = performance.now();
      const times = (await arrivals).map((t) => t - t0);
      return { times, ack: acked - t0 };
    };
    for (let i = 0; i < 20; i++) await once(`warm-${i}`);
    const start = performance.now();
    for (let i = 0; i < count && performance.now() - start < CAP_MS; i++) {
      const r = await once(`sse-${i}`);
      each.push(...r.times);
      last.push(Math.max(...r.times));
      ack.push(r.ack);
    }
    const elapsedMs = performance.now() - start;
    return {
      each: { samples: each, elapsedMs, perSample: 1 },
      last: { samples: last, elapsedMs, perSample: 1 },
      ack: { samples: ack, elapsedMs, perSample: 1 },
      frameBytes: subs[0]!.frameBytes(),
    };
  } finally {
    await Promise.all(subs.map((s) => s.close()));
  }
}

/** A stream that is open and never read: the server's frames pile up in the kernel's buffers, then in its own. */
function idleSubscriber(served: Served, sessionId: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(served.port, '127.0.0.1', () => {
      socket.write(`GET /v1/sessions/${sessionId}/events/stream HTTP/1.1\r\nhost: 127.0.0.1:${served.port}\r\nx-api-key: ${served.apiKey}\r\n\r\n`);
    });
    socket.once('data', (head) => {
      socket.pause();
      if (head.toString('latin1').startsWith('HTTP/1.1 200')) resolve(socket);
      else reject(new Error(`an idle subscriber was refused: ${head.toString('latin1').split('\r\n')[0]}`));
    });
    socket.on('error', reject);
  });
}

/**
 * The acknowledgement of events.send to a session with `idle` streams that never read, against sends
 * to a session with none: blocks of sends, alternating in rounds, the server left to settle (untimed)
 * between blocks, so the work a block leaves behind (write completions) is counted in its own block.
 */
async function idleCost(served: Served, idle: number, count: number) {
  const client = served.client();
  const agent = await client.beta.agents.create({ name: 'bench', model: 'claude-sonnet-4-6' });
  const env = await client.beta.environments.create({ name: `bench-sse-idle-${idle}` });
  const [crowded, empty] = await Promise.all([0, 1].map(() => client.beta.sessions.create({ agent: agent.id, environment_id: env.id })));
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < idle; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, idle - i) }, () => idleSubscriber(served, crowded!.id)))));
    const ack = async (id: string, tag: string) => {
      const t0 = performance.now();
      await client.beta.sessions.events.send(id, { events: [message(tag)] });
      return performance.now() - t0;
    };
    for (let i = 0; i < 20; i++) (await ack(crowded!.id, `warm-a${i}`), await ack(empty!.id, `warm-b${i}`));
    const subject: number[] = [];
    const baseline: number[] = [];
    const block = Math.ceil(count / ROUNDS);
    let settled = 0;
    const start = performance.now();
    for (let r = 0; r < ROUNDS && performance.now() - start < CAP_MS; r++) {
      for (const [id, into] of [[empty!.id, baseline], [crowded!.id, subject]] as const) {
        await sleep(SETTLE_MS);
        settled += SETTLE_MS;
        for (let i = 0; i < block; i++) into.push(await ack(id, `idle-${r}-${into.length}`));
      }
    }
    const elapsedMs = performance.now() - start - settled;
    return { subject: { samples: subject, elapsedMs, perSample: 1 }, baseline: { samples: baseline, elapsedMs, perSample: 1 } };
  } finally {
    for (const s of sockets) s.destroy();
  }
}

export async function sseBench(served: Served, fanout: number): Promise<Row[]> {
  const ackName = 'events.send ack (same sends)';
  process.stderr.write('sse: 1 subscriber\n');
  const one = await deliveries(served, 1, 1000);
  process.stderr.write(`sse: ${fanout} subscribers\n`);
  const many = await deliveries(served, fanout, 500);
  process.stderr.write(`sse: ${IDLE.toLocaleString('en-US')} idle subscribers\n`);
  const idle = await idleCost(served, IDLE, 200);
  return [
    {
      area: 'SSE',
      measure: 'send → subscriber, 1 subscriber, 1 send at a time',
      payload: `${one.frameBytes} B SSE frame`,
      unit: 'events',
      timing: one.each,
      baseline: { name: ackName, timing: one.ack },
    },
    {
      area: 'SSE',
      measure: `send → each subscriber, ${fanout} subscribers`,
      payload: `${many.frameBytes} B SSE frame × ${fanout}`,
      unit: 'deliveries',
      timing: many.each,
      baseline: { name: ackName, timing: many.ack },
    },
    {
      area: 'SSE',
      measure: `send → last of ${fanout} subscribers`,
      payload: `${many.frameBytes} B SSE frame × ${fanout}`,
      unit: 'events',
      timing: many.last,
      baseline: { name: ackName, timing: many.ack },
    },
    {
      area: 'SSE',
      measure: `events.send ack, ${IDLE.toLocaleString('en-US')} idle subscribers on the session (never reading)`,
      payload: `${one.frameBytes} B SSE frame × ${IDLE.toLocaleString('en-US')}`,
      unit: 'events',
      timing: idle.subject,
      baseline: { name: 'events.send ack, no subscribers (blocks alternating in 10 rounds)', timing: idle.baseline },
    },
  ];
}
