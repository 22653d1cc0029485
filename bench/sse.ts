// SSE delivery: from the moment one client calls events.send until the event arrives at
// subscribers on client.beta.sessions.events.stream, measured against the send's own round trip.
import { performance } from 'node:perf_hooks';
import type Anthropic from '@anthropic-ai/sdk';
import type { Served } from '../test/support/serve.ts';
import { message, tagOf } from './payload.ts';
import type { Row, Timing } from './stats.ts';

const CAP_MS = 8000;
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

export async function sseBench(served: Served, fanout: number): Promise<Row[]> {
  const ackName = 'events.send ack (same sends)';
  process.stderr.write('sse: 1 subscriber\n');
  const one = await deliveries(served, 1, 1000);
  process.stderr.write(`sse: ${fanout} subscribers\n`);
  const many = await deliveries(served, fanout, 500);
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
  ];
}
