// Previews (`event_deltas`) in process: the bus, one subscriber's relay when it falls behind, and the
// contract's stream operation as the IPC router calls it (no SSE in between).
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Item } from '../../electron/core/api/contract.ts';
import { validate } from '../../electron/core/api/validate.ts';
import { createCore } from '../../electron/core/runtime.ts';
import { previewRelay } from '../../electron/core/services/preview-relay.ts';
import { Previews, type Preview } from '../../electron/core/store/previews.ts';
import { MODEL_KEY } from '../support/brain.ts';
import { reply, startScriptedModel, text } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

type Item_ = Item<'events.stream'>;

/** A transport that takes every item but, once the test fills it, answers with a promise until the test drains it. */
function transport() {
  const got: Item_[] = [];
  let full = false;
  let waiting: Promise<void> | undefined;
  let room: (() => void) | undefined;
  const sink = (item: Item_) => {
    got.push(item);
    if (full) return (waiting ??= new Promise<void>((resolve) => (room = resolve)));
  };
  return {
    got,
    sink,
    fill: () => void (full = true),
    async drain() {
      full = false;
      const open = room;
      waiting = room = undefined;
      open?.();
      await new Promise((r) => setImmediate(r)); // the relay hears of it
    },
  };
}

const texts = (items: Item_[]) => items.flatMap((i) => (i.type === 'event_delta' ? [i.delta.content.text] : []));

describe('a subscriber’s preview relay', () => {
  it('sends previews at once while the transport keeps up', () => {
    const t = transport();
    const bus = new Previews();
    const relay = previewRelay(t.sink, new Set(['agent.message']));
    bus.subscribe('s', relay.push);
    bus.start('s', 'agent.message', 'sevt_1');
    bus.delta('s', 'sevt_1', 'a');
    bus.delta('s', 'sevt_1', 'b');
    expect(t.got.map((i) => i.type)).toEqual(['event_start', 'event_delta', 'event_delta']);
  });

  it('while the transport is behind, holds one merged delta per message however many arrive, and sends it when there is room', async () => {
    const t = transport();
    const bus = new Previews();
    const relay = previewRelay(t.sink, new Set(['agent.message']));
    bus.subscribe('s', relay.push);
    t.fill();
    bus.start('s', 'agent.message', 'sevt_1'); // taken, and the answer says: behind
    for (let i = 0; i < 10_000; i++) bus.delta('s', 'sevt_1', 'x');
    expect(t.got.map((i) => i.type)).toEqual(['event_start']);
    await t.drain();
    expect(t.got.map((i) => i.type)).toEqual(['event_start', 'event_delta']);
    expect(texts(t.got)).toEqual(['x'.repeat(10_000)]);
  });

  it('a stored event that finds the transport behind holds the previews after it too', async () => {
    const t = transport();
    const relay = previewRelay(t.sink, new Set(['agent.message']));
    t.fill();
    relay.track(t.sink({ type: 'session.status_running', id: 'sevt_r', processed_at: '' } as Item_));
    relay.push({ type: 'event_start', event: { type: 'agent.message', id: 'sevt_1' } });
    expect(t.got).toHaveLength(1);
    await t.drain();
    expect(t.got.map((i) => i.type)).toEqual(['session.status_running', 'event_start']);
  });

  it('flushes what waits before a stored event, behind or not, so no preview follows the event it previews', async () => {
    const t = transport();
    const relay = previewRelay(t.sink, new Set(['agent.message']));
    t.fill();
    relay.push({ type: 'event_start', event: { type: 'agent.message', id: 'sevt_1' } });
    relay.push({ type: 'event_delta', event_id: 'sevt_1', delta: { type: 'content_delta', index: 0, content: { type: 'text', text: 'hel' } } });
    relay.push({ type: 'event_delta', event_id: 'sevt_1', delta: { type: 'content_delta', index: 0, content: { type: 'text', text: 'lo' } } });
    relay.flush();
    expect(texts(t.got)).toEqual(['hello']);
    await t.drain(); // nothing left to send
    expect(t.got).toHaveLength(2);
  });

  it('passes only the preview types asked for (agent.thinking is start-only)', () => {
    const got: Item_[] = [];
    const relay = previewRelay((i) => void got.push(i), new Set(['agent.thinking']));
    const previews: Preview[] = [
      { type: 'event_start', event: { type: 'agent.thinking', id: 'sevt_t' } },
      { type: 'event_start', event: { type: 'agent.message', id: 'sevt_m' } },
      { type: 'event_delta', event_id: 'sevt_m', delta: { type: 'content_delta', index: 0, content: { type: 'text', text: 'no' } } },
    ];
    previews.forEach(relay.push);
    expect(got).toEqual([previews[0]]);
  });
});

describe('the preview bus', () => {
  it('catches a late subscriber up with the open previews, forgets ended ones, and drops a listener that throws', () => {
    const bus = new Previews();
    bus.start('s', 'agent.thinking', 'sevt_t');
    bus.end('s', 'sevt_t');
    bus.start('s', 'agent.message', 'sevt_m');
    bus.delta('s', 'sevt_m', 'so ');
    bus.delta('s', 'sevt_m', 'far');
    const late: Preview[] = [];
    bus.subscribe('s', (p) => late.push(p));
    expect(late).toEqual([
      { type: 'event_start', event: { type: 'agent.message', id: 'sevt_m' } },
      { type: 'event_delta', event_id: 'sevt_m', delta: { type: 'content_delta', index: 0, content: { type: 'text', text: 'so far' } } },
    ]);
    let broken = false;
    bus.subscribe('s', () => {
      if (broken) throw new Error('broken subscriber');
    });
    broken = true;
    expect(() => bus.delta('s', 'sevt_m', '!')).not.toThrow();
    bus.delta('s', 'sevt_m', '?');
    expect(texts(late as Item_[])).toEqual(['so far', '!', '?']);
    bus.end('s');
    const after: Preview[] = [];
    bus.subscribe('s', (p) => after.push(p));
    expect(after).toEqual([]);
  });
});

describe('events.stream with event_deltas, as the IPC router calls it', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('delivers the previews, then the stored message, to an in-process subscriber', async () => {
    const model = await startScriptedModel({ apiKey: MODEL_KEY, turns: [reply([text('over IPC, word by word')], { chunkChars: 4 })] });
    const dataDir = tempDir();
    dirs.push(dataDir);
    const core = createCore({ dataDir, brain: { model: { baseURL: model.url, apiKey: MODEL_KEY } } });
    try {
      const s = core.services;
      const agent = await s['agents.create'](validate('agents.create', { name: 'ipc', model: 'claude-sonnet-4-6' }));
      const env = await s['environments.create'](validate('environments.create', { name: 'ipc-env' }));
      const session = await s['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));
      const got: { item: Item_; id: string }[] = [];
      let idle!: () => void;
      const done = new Promise<void>((r) => (idle = r));
      const stop = await s['events.stream'](validate('events.stream', { session_id: session.id, event_deltas: ['agent.message'] }), (item, id) => {
        got.push({ item, id });
        if (item.type === 'session.status_idle') idle();
      });
      await s['events.send'](validate('events.send', { session_id: session.id, events: [{ type: 'user.message', content: [{ type: 'text', text: 'hi' }] }] }));
      await done;
      stop();
      const items = got.map((g) => g.item);
      const message = items.find((i) => i.type === 'agent.message')!;
      expect(texts(items).join('')).toBe('over IPC, word by word');
      expect(texts(items).length).toBeGreaterThan(1);
      expect(items.findIndex((i) => i.type === 'event_start')).toBeLessThan(items.indexOf(message));
      // Previews have no item id to resume after; stored events do.
      for (const g of got) expect(g.id === '').toBe(g.item.type === 'event_start' || g.item.type === 'event_delta');
    } finally {
      await core.close();
      await model.close();
    }
  });
});
