// The whole IPC path without an Electron binary: the renderer's IPC client -> the preload's bridge
// -> a stand-in for Electron's IPC pipe (structured clones, as Electron copies messages) -> the IPC
// router -> a real core on a temporary data directory.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Bridge } from '../../electron/core/api/bridge.ts';
import { createCore, type Core } from '../../electron/core/runtime.ts';
import { tempDir } from '../support/serve.ts';

const ipc = vi.hoisted(() => {
  type Listener = (event: unknown, msg: unknown) => void;
  const handlers = new Map<string, (event: unknown, msg: unknown) => unknown>();
  const listeners = new Map<string, Listener[]>();
  const exposed: Record<string, unknown> = {};
  const frame = {
    url: 'app://dockhand/index.html',
    isDestroyed: () => false,
    send: (channel: string, msg: unknown) => listeners.get(channel)?.forEach((l) => l({}, structuredClone(msg))),
  };
  return { handlers, listeners, exposed, frame, sender: null as unknown };
});

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, msg: unknown) => unknown) => ipc.handlers.set(channel, fn),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
  },
  ipcRenderer: {
    invoke: async (channel: string, msg: unknown) => structuredClone(await ipc.handlers.get(channel)!({ sender: ipc.sender, senderFrame: ipc.frame }, structuredClone(msg))),
    on: (channel: string, listener: (event: unknown, msg: unknown) => void) => ipc.listeners.set(channel, [...(ipc.listeners.get(channel) ?? []), listener]),
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (ipc.exposed[key] = api) },
}));

ipc.sender = Object.assign(new EventEmitter(), { isDestroyed: () => false });
const { registerIpcRouter } = await import('../../electron/main/ipc.ts');
await import('../../electron/preload/index.ts');
const { ipcClient } = await import('../../renderer/src/data/transports/ipc.ts');
const { DockhandError } = await import('../../renderer/src/data/errors.ts');

let core: Core;
let close: () => void;
beforeAll(() => {
  // No brain: these tests are about the transport, and must not reach for a model.
  core = createCore({ dataDir: tempDir(), brain: false });
  close = registerIpcRouter({ services: core.services, allowedOrigins: ['app://dockhand'] });
});
afterAll(async () => {
  close();
  await core.close();
});

const bridge = () => ipc.exposed.dockhand as Bridge;
const until = async (check: () => boolean) => {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('the preload bridge over IPC', () => {
  it('exposes exactly one bridge, as window.dockhand', () => {
    expect(Object.keys(ipc.exposed)).toEqual(['dockhand']);
    expect(Object.keys(bridge()).sort()).toEqual(['call', 'subscribe', 'unsubscribe']);
  });

  it('carries calls and their errors to the renderer’s client', async () => {
    const client = ipcClient(bridge());
    const agent = await client.call('agents.create', { name: 'Bridge agent', model: 'claude-sonnet-4-6' });
    expect(agent.name).toBe('Bridge agent');
    expect((await client.call('agents.list', {})).data.map((a) => a.id)).toContain(agent.id);

    const err = await client.call('agents.retrieve', { agent_id: 'agent_nothere1' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DockhandError);
    expect(err).toMatchObject({ type: 'not_found_error', message: expect.stringContaining('agent_nothere1') });
    await expect(client.call('agents.create', { name: '', model: 'claude-sonnet-4-6' })).rejects.toMatchObject({ type: 'invalid_request_error' });
  });

  it('streams a session’s events to a subscriber until it unsubscribes', async () => {
    const client = ipcClient(bridge());
    const agent = await client.call('agents.create', { name: 'Streamer', model: 'claude-sonnet-4-6' });
    const env = await client.call('environments.create', { name: 'bridge-env' });
    const session = await client.call('sessions.create', { agent: agent.id, environment_id: env.id });
    const say = (text: string) => client.call('events.send', { session_id: session.id, events: [{ type: 'user.message', content: [{ type: 'text', text }] }] });

    await say('before');
    const seen: string[] = [];
    const stop = client.subscribe('events.stream', { session_id: session.id }, {
      onItem: (item) => item.type === 'user.message' && seen.push((item.content[0] as { text: string }).text),
    });
    await until(() => ipc.listeners.size > 0);
    await new Promise((r) => setTimeout(r, 20));
    await say('one');
    await say('two');
    await until(() => seen.length === 2);
    expect(seen).toEqual(['one', 'two']);

    stop();
    await new Promise((r) => setTimeout(r, 20));
    await say('three');
    await new Promise((r) => setTimeout(r, 20));
    expect(seen).toEqual(['one', 'two']);
  });

  it('reports a failed subscription to the subscriber', async () => {
    const errors: unknown[] = [];
    ipcClient(bridge()).subscribe('events.stream', { session_id: 'sesn_nothere1' }, { onItem: () => {}, onError: (e) => errors.push(e) });
    await until(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ type: 'not_found_error' });
  });
});
