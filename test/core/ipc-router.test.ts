// The IPC router against a real core on a temporary data directory, with Electron's ipcMain
// replaced by a recorder of handlers (no Electron binary runs here).
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, type ItemMessage, type Reply } from '../../electron/core/api/bridge.ts';
import { createCore, type Core } from '../../electron/core/runtime.ts';
import { tempDir } from '../support/serve.ts';

type Handler = (event: unknown, msg: unknown) => Promise<Reply<unknown>>;
const handlers = vi.hoisted(() => new Map<string, Handler>());
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: Handler) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, fn);
    },
    removeHandler: (channel: string) => handlers.delete(channel),
  },
}));
const { registerIpcRouter } = await import('../../electron/main/ipc.ts');

const APP = 'app://dockhand';

/** A renderer: its webContents and main frame, recording what main sends it. */
function renderer(url = `${APP}/index.html`) {
  const received: ItemMessage[] = [];
  const sender = Object.assign(new EventEmitter(), { isDestroyed: () => false });
  const senderFrame = { url, isDestroyed: () => false, send: (channel: string, msg: ItemMessage) => channel === CHANNELS.item && received.push(msg) };
  const event = { sender, senderFrame };
  const invoke = async <T = unknown>(channel: string, msg: unknown) => (await handlers.get(channel)!(event, msg)) as Reply<T>;
  return {
    received,
    sender,
    call: <T = unknown>(method: string, input: unknown) => invoke<T>(CHANNELS.call, { method, input }),
    subscribe: (id: string, method: string, input: unknown) => invoke(CHANNELS.subscribe, { id, method, input }),
    unsubscribe: (id: string) => invoke(CHANNELS.unsubscribe, { id }),
  };
}

const ok = <T>(reply: Reply<T>): T => {
  if (!reply.ok) throw new Error(`expected success, got ${JSON.stringify(reply.error)}`);
  return reply.value;
};
const message = (text: string) => ({ type: 'user.message', content: [{ type: 'text', text }] });
const texts = (items: ItemMessage[]) =>
  items.map((m) => m.item as { type: string; content?: { text: string }[] }).filter((e) => e.type === 'user.message').map((e) => e.content![0]!.text);

let core: Core;
let close: () => void;
beforeEach(() => {
  // No brain: these tests are about the transport, and must not reach for a model.
  core = createCore({ dataDir: tempDir(), brain: false });
  close = registerIpcRouter({ services: core.services, allowedOrigins: [APP] });
});
afterEach(async () => {
  close();
  await core.close();
});

async function newSession(r: ReturnType<typeof renderer>) {
  const agent = ok(await r.call<{ id: string }>('agents.create', { name: 'ipc agent', model: 'claude-sonnet-4-6' }));
  const env = ok(await r.call<{ id: string }>('environments.create', { name: `ipc env ${Math.random()}` }));
  return ok(await r.call<{ id: string }>('sessions.create', { agent: agent.id, environment_id: env.id })).id;
}

describe('IPC router', () => {
  it('registers one handler per kind of message, not one per method', () => {
    expect([...handlers.keys()].sort()).toEqual([CHANNELS.call, CHANNELS.subscribe, CHANNELS.unsubscribe].sort());
  });

  it('calls a contract method and returns its result', async () => {
    const r = renderer();
    const agent = ok(await r.call<{ id: string; name: string; version: number }>('agents.create', { name: 'Researcher', model: 'claude-sonnet-4-6' }));
    expect(agent).toMatchObject({ name: 'Researcher', version: 1 });
    expect(agent.id).toMatch(/^agent_/);
    const list = ok(await r.call<{ data: { id: string }[] }>('agents.list', {}));
    expect(list.data.map((a) => a.id)).toEqual([agent.id]);
  });

  it('refuses an unknown method, and the stream method as a call, with a 404 envelope', async () => {
    const r = renderer();
    for (const method of ['agents.destroyEverything', '__proto__', 'events.stream', 42]) {
      const reply = await r.call(method as string, {});
      expect(reply).toEqual({ ok: false, error: { type: 'error', error: { type: 'not_found_error', message: expect.stringContaining('no call operation') } } });
    }
  });

  it('answers invalid input with the 400 envelope naming the problem', async () => {
    const r = renderer();
    const reply = await r.call('agents.create', { name: 'x', model: 12 });
    expect(reply.ok).toBe(false);
    expect(!reply.ok && reply.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('model') } });
    expect(await r.call('agents.retrieve', { agent_id: '../../etc/passwd' })).toMatchObject({ ok: false, error: { error: { type: 'invalid_request_error' } } });
    expect(await handlers.get(CHANNELS.call)!({ sender: r.sender, senderFrame: { url: `${APP}/` } }, 'not an object')).toMatchObject({
      ok: false,
      error: { error: { type: 'invalid_request_error' } },
    });
  });

  it('answers a missing object with the 404 envelope, as the HTTP API does', async () => {
    expect(await renderer().call('agents.retrieve', { agent_id: 'agent_missing1' })).toMatchObject({
      ok: false,
      error: { type: 'error', error: { type: 'not_found_error' } },
    });
  });

  it.each([
    ['a foreign web page', 'https://evil.example/index.html'],
    ['a file:// page', 'file:///tmp/index.html'],
    ['a look-alike app host', 'app://dockhand.evil/index.html'],
    ['a frame without a URL', ''],
  ])('refuses %s and does nothing for it', async (_name, url) => {
    const foreign = renderer(url);
    expect(await foreign.call('agents.create', { name: 'intruder', model: 'claude-sonnet-4-6' })).toMatchObject({
      ok: false,
      error: { error: { type: 'permission_error' } },
    });
    expect(await foreign.subscribe('s1', 'events.stream', { session_id: 'sesn_x1' })).toMatchObject({ ok: false, error: { error: { type: 'permission_error' } } });
    expect(ok(await renderer().call<{ data: unknown[] }>('agents.list', {})).data).toEqual([]);
  });

  it('refuses a sender whose frame is gone', async () => {
    const reply = await handlers.get(CHANNELS.call)!({ sender: renderer().sender, senderFrame: null }, { method: 'agents.list', input: {} });
    expect(reply).toMatchObject({ ok: false, error: { error: { type: 'permission_error' } } });
  });

  it('delivers events appended after subscribing, in order, until unsubscribed', async () => {
    const r = renderer();
    const session = await newSession(r);
    ok(await r.subscribe('sub1', 'events.stream', { session_id: session }));
    const sent = ok(await r.call<{ data: { id: string }[] }>('events.send', { session_id: session, events: [message('one'), message('two')] }));
    ok(await r.call('events.send', { session_id: session, events: [message('three')] }));
    expect(texts(r.received)).toEqual(['one', 'two', 'three']);
    expect(r.received.every((m) => m.id === 'sub1')).toBe(true);
    const delivered = r.received.filter((m) => (m.item as { type: string }).type === 'user.message');
    expect(delivered[0]!.itemId).toBe(sent.data[0]!.id);

    ok(await r.unsubscribe('sub1'));
    ok(await r.call('events.send', { session_id: session, events: [message('four')] }));
    expect(texts(r.received)).toEqual(['one', 'two', 'three']);
  });

  it('resumes after a given event: the backlog first, then live ones', async () => {
    const r = renderer();
    const session = await newSession(r);
    const first = ok(await r.call<{ data: { id: string }[] }>('events.send', { session_id: session, events: [message('a'), message('b')] }));
    ok(await r.subscribe('sub1', 'events.stream', { session_id: session, after: first.data[0]!.id }));
    ok(await r.call('events.send', { session_id: session, events: [message('c')] }));
    expect(texts(r.received)).toEqual(['b', 'c']);
  });

  it('refuses a subscription to an unknown session, a bad id or a reused id', async () => {
    const r = renderer();
    expect(await r.subscribe('sub1', 'events.stream', { session_id: 'sesn_nothere1' })).toMatchObject({ ok: false, error: { error: { type: 'not_found_error' } } });
    expect(await r.subscribe('../x', 'events.stream', { session_id: 'sesn_nothere1' })).toMatchObject({ ok: false, error: { error: { type: 'invalid_request_error' } } });
    expect(await r.subscribe('sub2', 'agents.list', {})).toMatchObject({ ok: false, error: { error: { type: 'not_found_error' } } });
    const session = await newSession(r);
    ok(await r.subscribe('sub3', 'events.stream', { session_id: session }));
    expect(await r.subscribe('sub3', 'events.stream', { session_id: session })).toMatchObject({ ok: false, error: { error: { type: 'invalid_request_error' } } });
  });

  it.each(['destroyed', 'render-process-gone', 'did-navigate'])('drops a renderer’s subscriptions on %s', async (gone) => {
    const r = renderer();
    const session = await newSession(r);
    ok(await r.subscribe('sub1', 'events.stream', { session_id: session }));
    ok(await r.call('events.send', { session_id: session, events: [message('before')] }));
    r.sender.emit(gone);
    ok(await r.call('events.send', { session_id: session, events: [message('after')] }));
    expect(texts(r.received)).toEqual(['before']);
    // The same id is free again for the page that replaced it.
    ok(await r.subscribe('sub1', 'events.stream', { session_id: session }));
  });

  it('keeps each renderer’s subscriptions apart', async () => {
    const a = renderer();
    const b = renderer();
    const session = await newSession(a);
    ok(await a.subscribe('sub1', 'events.stream', { session_id: session }));
    ok(await b.subscribe('sub1', 'events.stream', { session_id: session }));
    ok(await b.unsubscribe('sub1'));
    ok(await a.call('events.send', { session_id: session, events: [message('hi')] }));
    expect(texts(a.received)).toEqual(['hi']);
    expect(texts(b.received)).toEqual([]);
  });

  it('carries the change feed: another window’s changes arrive as they happen', async () => {
    const watcher = renderer();
    const editor = renderer();
    ok(await watcher.subscribe('changes', 'changes.stream', {}));
    const agent = ok(await editor.call<{ id: string; version: number }>('agents.create', { name: 'watched', model: 'claude-sonnet-4-6' }));
    ok(await editor.call('agents.update', { agent_id: agent.id, version: agent.version, description: 'changed' }));
    const session = await newSession(editor);
    expect(watcher.received.map((m) => [(m.item as { type: string }).type, (m.item as { id?: string }).id])).toEqual([
      ['changes.ready', undefined],
      ['agent.created', agent.id],
      ['agent.updated', agent.id],
      ['agent.created', expect.any(String)],
      ['environment.created', expect.any(String)],
      ['session.created', session],
    ]);
    expect(watcher.received.every((m) => m.id === 'changes' && /^chg_/.test(m.itemId))).toBe(true);
  });
});
