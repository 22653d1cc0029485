import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, type StoredEvent } from '../../electron/core/store/index.ts';
import type { NewEvent } from '../../electron/core/store/events.ts';
import { tempDir } from '../support/serve.ts';

const message = (text: string): NewEvent => ({ type: 'user.message', content: [{ type: 'text', text }] });

let store: Store;
beforeEach(() => {
  store = Store.open(join(tempDir(), 'dockhand.db'));
  store.db.exec(`
    INSERT INTO agents (id, version, created_at) VALUES ('agent_a', 1, 't');
    INSERT INTO environments (id, name, body, created_at) VALUES ('env_a', 'e', '{}', 't');
  `);
  for (const id of ['sesn_a', 'sesn_b'])
    store.sessions.insert({ id, agent_id: 'agent_a', agent_version: 1, environment_id: 'env_a', body: { title: null, metadata: {}, resources: [], vault_ids: [], agent_overrides: {} }, created_at: 't', updated_at: 't', archived_at: null });
});
afterEach(() => store.close());

describe('the event log', () => {
  it('numbers each session gap-free and stamps id and processed_at', () => {
    store.events.append('sesn_a', [message('1'), message('2')]);
    store.events.append('sesn_b', [message('x')]);
    const stored = store.events.append('sesn_a', [message('3')]);
    expect(stored[0]!.seq).toBe(3);
    const all = store.events.after('sesn_a', 0, 100);
    expect(all.map((s) => s.seq)).toEqual([1, 2, 3]);
    expect(all.map((s) => (s.event as { content: { text: string }[] }).content[0]!.text)).toEqual(['1', '2', '3']);
    expect(new Set(all.map((s) => s.event.id)).size).toBe(3);
    for (const s of all) expect(Date.parse(s.event.processed_at!)).not.toBeNaN();
    expect(store.sessions.get('sesn_a')!.last_seq).toBe(3);
  });

  it('tells subscribers of each committed event in order, and nothing of a failed append', () => {
    const heard: StoredEvent[] = [];
    const off = store.events.subscribe('sesn_a', (s) => heard.push(s));
    store.events.append('sesn_a', [message('1'), message('2')]);
    store.events.append('sesn_b', [message('other session')]);
    expect(() => store.events.append('sesn_missing', [message('lost')])).toThrow(/does not exist/);
    off();
    store.events.append('sesn_a', [message('after unsubscribe')]);
    expect(heard.map((s) => s.seq)).toEqual([1, 2]);
  });

  it('keeps the session status and usage as caches of what the log says', () => {
    store.events.append('sesn_a', [{ type: 'session.status_running' }]);
    expect(store.sessions.get('sesn_a')!.status).toBe('running');
    const usage = { input_tokens: 10, output_tokens: 5, cache_read_input_tokens: 2, cache_creation_input_tokens: 1 };
    store.events.append('sesn_a', [
      { type: 'span.model_request_end', model_request_start_id: 'sevt_x', is_error: false, model_usage: usage },
      { type: 'span.model_request_end', model_request_start_id: 'sevt_y', is_error: false, model_usage: usage },
      { type: 'session.status_idle', stop_reason: { type: 'end_turn' }, stop_details: null },
    ]);
    const s = store.sessions.get('sesn_a')!;
    expect(s.status).toBe('idle');
    expect(s.usage).toMatchObject({ input_tokens: 20, output_tokens: 10, cache_read_input_tokens: 4, cache_creation: { ephemeral_5m_input_tokens: 2 } });
  });

  it('events leave the store only with their session', () => {
    store.events.append('sesn_a', [message('1')]);
    store.events.append('sesn_b', [message('2')]);
    expect(() => store.db.exec("DELETE FROM events WHERE session_id = 'sesn_a'")).toThrow();
    store.sessions.delete('sesn_a');
    expect(store.events.after('sesn_a', 0, 10)).toEqual([]);
    expect(store.events.after('sesn_b', 0, 10)).toHaveLength(1);
    expect(store.integrityCheck()).toBe('ok');
  });

  it('announces a deleted session to its live subscribers once', () => {
    const heard: string[] = [];
    store.events.subscribe('sesn_a', (s) => heard.push(s.event.type));
    store.sessions.delete('sesn_a');
    store.events.announceDeleted('sesn_a');
    store.events.announceDeleted('sesn_a');
    expect(heard).toEqual(['session.deleted']);
  });
});
