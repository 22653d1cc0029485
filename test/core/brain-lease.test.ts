// One brain per session at a time, over a real SQLite file shared by two connections.
import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Brain } from '../../electron/core/brain/harness.ts';
import { NoSandboxProvider } from '../../electron/core/hands/none.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { validate } from '../../electron/core/api/validate.ts';
import { Store } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { reply, startScriptedModel, type ScriptedModel } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

let model: ScriptedModel;
let file: string;
const open: { stop(): Promise<void> }[] = [];
const stores: Store[] = [];

beforeEach(async () => {
  model = await startScriptedModel({ apiKey: 'k', script: () => reply('hello') });
  file = join(tempDir(), 'dockhand.db');
});
afterEach(async () => {
  for (const b of open.splice(0)) await b.stop();
  for (const s of stores.splice(0)) s.close();
  await model.close();
});

function brainOn(leaseMs = 60_000): { store: Store; brain: Brain } {
  const store = Store.open(file);
  stores.push(store);
  const brain = new Brain({ store, hands: new NoSandboxProvider(), model: { baseURL: model.url, apiKey: 'k' }, leaseMs });
  open.push(brain);
  return { store, brain };
}

async function idleSession(store: Store): Promise<string> {
  const services = createServices(store, new Vault(store));
  const agent = await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6' }));
  const env = await services['environments.create'](validate('environments.create', { name: `e${Math.random()}` }));
  const s = await services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));
  store.events.append(s.id, [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }]);
  return s.id;
}

const types = (store: Store, id: string) => store.events.after(id, 0, 1000).map((e) => e.event.type);

it('two brains woken on the same session at once: one runs it, the other stands aside', async () => {
  const a = brainOn();
  const b = brainOn();
  const id = await idleSession(a.store);
  await Promise.all([a.brain.wake(id), b.brain.wake(id)]);
  expect(model.requests).toHaveLength(1);
  expect(types(a.store, id).filter((t) => t === 'session.status_idle')).toHaveLength(1);
  // Released when done: the other brain may take the session next time.
  a.store.events.append(id, [{ type: 'user.message', content: [{ type: 'text', text: 'again' }] }]);
  await b.brain.wake(id);
  expect(model.requests).toHaveLength(2);
});

it('a lease held by a live brain elsewhere is respected until it expires', async () => {
  const { store, brain } = brainOn();
  const id = await idleSession(store);
  store.db.prepare('INSERT INTO leases VALUES (?, ?, ?)').run(id, `${hostname()}/1/other`, Date.now() + 60_000); // pid 1 is alive
  await brain.wake(id);
  expect(model.requests).toHaveLength(0);
  store.db.prepare('UPDATE leases SET expires_at = ? WHERE session_id = ?').run(Date.now() - 1, id);
  await brain.wake(id);
  expect(model.requests).toHaveLength(1);
});

it("a lease whose holder's process is gone is taken at once (a restart after a crash does not wait)", async () => {
  const { store, brain } = brainOn();
  const id = await idleSession(store);
  store.db.prepare('INSERT INTO leases VALUES (?, ?, ?)').run(id, `${hostname()}/2147483646/dead`, Date.now() + 60_000);
  await brain.wake(id);
  expect(model.requests).toHaveLength(1);
  expect(types(store, id).at(-1)).toBe('session.status_idle');
});

it('lease acquisition answers no for a missing or deleted session, and never throws', async () => {
  const { store } = brainOn();
  const id = await idleSession(store);
  const me = `${hostname()}/${process.pid}/me`;
  expect(store.brain.acquireLease(id, me, 1000, () => false)).toBe(true);
  store.sessions.delete(id);
  expect(store.brain.acquireLease(id, me, 1000, () => false)).toBe(false);
  expect(store.brain.acquireLease('sesn_missing', me, 1000, () => false)).toBe(false);
});

/** A process that is alive but does nothing: what a frozen (SIGSTOPped) or not yet reaped Dockhand looks like. */
const stopped: ChildProcess[] = [];
function frozenPid(): number {
  const child = spawn('sleep', ['600'], { stdio: 'ignore' });
  child.kill('SIGSTOP');
  stopped.push(child);
  return child.pid!;
}
afterEach(() => {
  for (const c of stopped.splice(0)) c.kill('SIGKILL');
});

/** Resolves with the time the session went idle, or rejects after `ms`. */
function idleBy(store: Store, id: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`session ${id} was not resumed within ${ms} ms`))), ms);
    const off = store.events.subscribe(id, ({ event }) => {
      if (event.type === 'session.status_idle') (clearTimeout(timer), off(), resolve(Date.now()));
    });
  });
}

const LEASE_MS = 1500;

it('a start-up wake that finds the lease held by a live-looking holder is retried when that lease expires', { timeout: 15_000 }, async () => {
  const { store, brain } = brainOn(LEASE_MS);
  const id = await idleSession(store);
  const expires = Date.now() + LEASE_MS;
  store.db.prepare('INSERT INTO leases VALUES (?, ?, ?)').run(id, `${hostname()}/${frozenPid()}/dead-but-not-reaped`, expires);
  const idle = idleBy(store, id, LEASE_MS * 4);
  brain.start();
  expect(await idle).toBeGreaterThanOrEqual(expires);
  expect(model.requests).toHaveLength(1);
  expect(types(store, id).filter((t) => t === 'session.status_idle')).toHaveLength(1);
});

it("a brain already running picks up a session another process's brain left behind, once its lease expires", { timeout: 15_000 }, async () => {
  const b = brainOn(LEASE_MS);
  b.brain.start();
  // Another process (its own connection, so this brain hears nothing) took the session and froze mid-turn.
  const other = Store.open(file);
  stores.push(other);
  const id = await idleSession(other);
  const expires = Date.now() + LEASE_MS;
  other.db.prepare('INSERT INTO leases VALUES (?, ?, ?)').run(id, `${hostname()}/${frozenPid()}/frozen`, expires);
  other.events.append(id, [{ type: 'session.status_running' }]);
  expect(await idleBy(b.store, id, LEASE_MS * 4)).toBeGreaterThanOrEqual(expires);
  expect(model.requests).toHaveLength(1);
});
