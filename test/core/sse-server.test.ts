// The SSE side of the HTTP server, in process with small limits: a client that stops reading is dropped
// when its unsent bytes pass the cap and resumes with Last-Event-ID losing nothing; a stream the server
// ended is never written again (heartbeat included); streams are capped per session and in total, with
// a clear refusal in the error envelope.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, expect, it } from 'vitest';
import { validate } from '../../electron/core/api/validate.ts';
import { startServer, type ServerOptions } from '../../electron/core/server/http.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { Store } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { tempDir } from '../support/serve.ts';
import { rawSubscriber, type RawSubscriber } from '../support/sse-client.ts';

const KEY = 'k';
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function rig(opts: Partial<ServerOptions>) {
  const store = Store.open(join(tempDir(), 'dockhand.db'));
  cleanup.push(() => store.close());
  const services = createServices(store, new Vault(store));
  const server = await startServer({ services, apiKey: KEY, ...opts });
  cleanup.push(() => server.close());
  const agent = await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6' }));
  const env = await services['environments.create'](validate('environments.create', { name: 'e' }));
  const session = async () => (await services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }))).id;
  const subscribe = async (id: string, headers?: Record<string, string>) => {
    const sub = await rawSubscriber(server.port, `/v1/sessions/${id}/events/stream`, KEY, headers);
    cleanup.push(() => sub.close());
    return sub;
  };
  return { store, services, server, session, subscribe, client: new Anthropic({ baseURL: server.url, apiKey: KEY, maxRetries: 0 }) };
}

const text = (n: number, size: number) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text: `${n} `.padEnd(size, 'x') }] });

/** Appends `count` events of about `size` bytes, letting the server write between batches. */
async function fill(store: Store, id: string, count: number, size: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = Array.from({ length: Math.min(50, count - i) }, (_, j) => text(i + j, size));
    ids.push(...store.events.append(id, batch).map((s) => s.event.id));
    await sleep(0);
  }
  return ids;
}

const within = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`${what} within ${ms} ms`)))]);

it('a subscriber that stops reading is dropped past the unsent-bytes cap, and resumes with Last-Event-ID losing nothing', { timeout: 30_000 }, async () => {
  const { store, session, subscribe } = await rig({ maxUnsentBytes: 256 * 1024 });
  const id = await session();
  const stuck = await subscribe(id);
  expect(stuck.status).toBe(200);
  const [first] = await fill(store, id, 1, 100);
  await stuck.received(`id: ${first}`, 5000);
  stuck.pause();
  // 30 MB: more than the kernel's socket buffers and the cap together.
  const all = [first!, ...(await fill(store, id, 3000, 10_000))];
  stuck.resume();
  expect(await within(stuck.done, 10_000, 'the stuck subscriber was not dropped')).toBe('dropped');
  // Whatever reached it before the drop, in order; it resumes after the last event it got.
  const got = stuck.frames().map((f) => f.id!);
  expect(got).toEqual(all.slice(0, got.length));
  expect(got.length).toBeLessThan(all.length);

  const again = await subscribe(id, { 'last-event-id': got.at(-1)! });
  await again.received(`id: ${all.at(-1)}`, 10_000);
  expect([...got, ...again.frames().map((f) => f.id!)]).toEqual(all);
});

it('a stream the server ended while its client was not reading is never written again, heartbeat included', { timeout: 30_000 }, async () => {
  const { store, session, subscribe, client } = await rig({ heartbeatMs: 5, maxUnsentBytes: 256 * 1024 * 1024 });
  const id = await session();
  const stuck: RawSubscriber = await subscribe(id);
  stuck.pause();
  await fill(store, id, 2000, 10_000); // 20 MB: the end cannot be flushed while nobody reads
  await client.beta.sessions.delete(id);
  await sleep(200); // forty heartbeats
  expect((await client.beta.agents.list()).data).toHaveLength(1);
  stuck.resume();
  expect(await within(stuck.done, 10_000, 'the deleted session’s stream did not end')).toBe('ended');
  expect(stuck.frames().at(-1)).toMatchObject({ event: 'session.deleted' });
});

it('caps streams per session and in total, refusing with 429 in the error envelope until one closes', async () => {
  const { session, subscribe } = await rig({ maxStreams: 3, maxStreamsPerResource: 2 });
  const [a, b] = [await session(), await session()];
  const open: RawSubscriber[] = [await subscribe(a), await subscribe(a)];
  expect(open.map((s) => s.status)).toEqual([200, 200]);

  const perSession = await subscribe(a);
  expect(perSession.status).toBe(429);
  await perSession.done;
  expect(JSON.parse(perSession.text())).toEqual({ type: 'error', error: { type: 'rate_limit_error', message: expect.stringMatching(new RegExp(`${a}.*2 streams`)) }, request_id: expect.stringMatching(/^req_/) });

  open.push(await subscribe(b));
  expect(open[2]!.status).toBe(200);
  const total = await subscribe(b);
  expect(total.status).toBe(429);
  await total.done;
  expect(JSON.parse(total.text())).toMatchObject({ error: { type: 'rate_limit_error', message: expect.stringMatching(/3 streams/) } });

  open[0]!.close();
  await sleep(50);
  expect((await subscribe(b)).status).toBe(200);
});
