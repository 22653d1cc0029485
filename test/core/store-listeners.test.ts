// A listener that throws after an append committed: the append still succeeds, every other listener
// hears the event, the failure is reported, the API answers 200 (so the SDK never retries and stores
// the event twice) and the brain's turn goes on.
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, expect, it } from 'vitest';
import { validate } from '../../electron/core/api/validate.ts';
import { Brain } from '../../electron/core/brain/harness.ts';
import { NoSandboxProvider } from '../../electron/core/hands/none.ts';
import { startServer, type RunningServer } from '../../electron/core/server/http.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { Store, type StoredEvent } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { reply, startScriptedModel, type ScriptedModel } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function open() {
  const reported: { context: string; err: unknown }[] = [];
  const store = Store.open(join(tempDir(), 'dockhand.db'), { report: (context, err) => reported.push({ context, err }) });
  cleanup.push(() => store.close());
  const services = createServices(store, new Vault(store));
  return { store, services, reported };
}

async function session(services: ReturnType<typeof createServices>) {
  const agent = await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6' }));
  const env = await services['environments.create'](validate('environments.create', { name: `e${Math.random()}` }));
  return services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));
}

const message = (text: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text }] });
const boom = () => {
  throw new Error('listener bug');
};

it('a throwing listener neither fails the append nor keeps the event from the other listeners, and is reported', async () => {
  const { store, services, reported } = open();
  const s = await session(services);
  const heard: string[] = [];
  const heardAll: string[] = [];
  store.events.subscribe(s.id, boom);
  store.events.subscribe(s.id, (e: StoredEvent) => heard.push(e.event.type));
  store.events.subscribeAll(boom);
  store.events.subscribeAll((_id, stored) => heardAll.push(...stored.map((e) => e.event.type)));

  const stored = store.events.append(s.id, [message('1'), message('2')]);
  expect(stored.map((e) => e.seq)).toEqual([1, 2]);
  expect(heard).toEqual(['user.message', 'user.message']);
  expect(heardAll).toEqual(['user.message', 'user.message']);
  expect(reported.map((r) => (r.err as Error).message)).toEqual(['listener bug', 'listener bug', 'listener bug']);
  expect(store.events.after(s.id, 0, 10)).toHaveLength(2);
});

it('events.send over HTTP answers 200 despite a throwing listener, and the SDK stores the event once', async () => {
  const { store, services } = open();
  const s = await session(services);
  store.events.subscribeAll(boom);
  const server: RunningServer = await startServer({ services, apiKey: 'k' });
  cleanup.push(() => server.close());
  const client = new Anthropic({ baseURL: server.url, apiKey: 'k', maxRetries: 2 });

  const sent = await client.beta.sessions.events.send(s.id, { events: [message('once')] });
  expect(sent.data).toHaveLength(1);
  const log = (await client.beta.sessions.events.list(s.id)).data;
  expect(log.map((e) => e.id)).toEqual([sent.data![0]!.id]);
});

let model: ScriptedModel | undefined;
afterEach(async () => {
  await model?.close();
  model = undefined;
});

it('a brain turn runs to idle while a listener of its session throws on every event', async () => {
  const { store, services } = open();
  model = await startScriptedModel({ apiKey: 'k', script: () => reply('hello') });
  const brain = new Brain({ store, hands: new NoSandboxProvider(), model: { baseURL: model.url, apiKey: 'k' } });
  cleanup.push(() => brain.stop());
  const s = await session(services);
  store.events.append(s.id, [message('hi')]);
  store.events.subscribe(s.id, boom);
  await brain.wake(s.id);
  const types = store.events.after(s.id, 0, 100).map((e) => e.event.type);
  expect(types).toEqual(['user.message', 'session.status_running', 'span.model_request_start', 'agent.message', 'span.model_request_end', 'session.usage', 'session.status_idle']);
  expect(store.sessions.get(s.id)!.status).toBe('idle');
});
