// A `dockhand serve` with SSE subscribers that do not read: a large backlog, big events fanned out to
// many of them, then the session deleted. The server stays up, its memory stays bounded (peak resident
// set read from /proc) and it keeps serving.
import type Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { say } from '../support/brain.ts';
import { serve, type Served } from '../support/serve.ts';
import { memoryOf, rawSubscriber, type RawSubscriber } from '../support/sse-client.ts';

/** How far the server's peak resident set may rise above its size at start. */
const HEADROOM_MIB = 150;

let server: Served;
let client: Anthropic;
let baseline: number;
beforeEach(async () => {
  server = await serve({});
  client = server.client();
  await client.beta.agents.list(); // warm
  baseline = memoryOf(server.child.pid!).rss;
});
afterEach(async () => {
  expect(await server?.stop()).toBe(0);
});

async function session() {
  const agent = await client.beta.agents.create({ name: 'a', model: 'claude-sonnet-4-6' });
  const env = await client.beta.environments.create({ name: `bp-${Math.random()}` });
  return (await client.beta.sessions.create({ agent: agent.id, environment_id: env.id })).id;
}

/** `n` subscribers that stop reading once the response head arrived; from the event `after` on, if given. */
async function stuckSubscribers(id: string, n: number, after?: string): Promise<RawSubscriber[]> {
  const subs: RawSubscriber[] = [];
  const path = `/v1/sessions/${id}/events/stream${after ? `?after=${after}` : ''}`;
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => rawSubscriber(server.port, path, server.apiKey)));
    for (const s of batch) (s.pause(), subs.push(s));
  }
  expect(subs.every((s) => s.status === 200)).toBe(true);
  return subs;
}

function expectAliveAndBounded() {
  expect(server.child.exitCode, server.stderr()).toBeNull();
  const { peak } = memoryOf(server.child.pid!);
  expect(peak - baseline, `peak resident set ${peak.toFixed(0)} MiB, ${baseline.toFixed(0)} MiB at start`).toBeLessThan(HEADROOM_MIB);
}

it('non-reading subscribers of a 40 MB backlog, then a delete: the server stays up with bounded memory and keeps serving', { timeout: 120_000 }, async () => {
  const id = await session();
  let first: string | undefined;
  for (let i = 0; i < 40; i++) {
    const sent = await client.beta.sessions.events.send(id, { events: Array.from({ length: 10 }, (_, j) => say(`${i}-${j} `.padEnd(100_000, 'b'))) });
    first ??= sent.data![0]!.id;
  }
  const subs = await stuckSubscribers(id, 10, first);
  await sleep(1000);
  await client.beta.sessions.delete(id);
  await sleep(500);
  expectAliveAndBounded();
  expect((await client.beta.agents.list()).data.length).toBeGreaterThan(0);
  for (const s of subs) s.close();
});

it('a 900 KB event fanned out to 300 non-reading subscribers, three times: the server stays up with bounded memory', { timeout: 120_000 }, async () => {
  const id = await session();
  const subs = await stuckSubscribers(id, 300);
  for (let i = 0; i < 3; i++) await client.beta.sessions.events.send(id, { events: [say(`${i} `.padEnd(900_000, 'c'))] });
  await sleep(500);
  expectAliveAndBounded();
  await client.beta.sessions.delete(id);
  expect((await client.beta.agents.list()).data.length).toBeGreaterThan(0);
  for (const s of subs) s.close();
});
