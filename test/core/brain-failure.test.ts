// A failure inside the brain's loop (here: the disk fills up, so a tool's output cannot be stored)
// ends in an error result for the call, a session.error and an idle session, never a session left
// `running` with no brain on it; once there is room again, the next message works.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { validate } from '../../electron/core/api/validate.ts';
import { Brain } from '../../electron/core/brain/harness.ts';
import { HostProvider } from '../../electron/core/hands/host.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { Store } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { reply, startScriptedModel, toolUse, type ScriptedModel } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

let model: ScriptedModel;
let store: Store;
let brain: Brain;
afterEach(async () => {
  await brain?.stop();
  store?.close();
  await model?.close();
});

const message = (text: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text }] });

it('a store failure mid-turn ends in session.error and idle; the next message works', async () => {
  model = await startScriptedModel({
    apiKey: 'k',
    // The first request calls a tool whose 200 KB output needs more room than the disk has left.
    script: (r) => (r.n === 0 ? reply([toolUse('bash', { command: "head -c 200000 /dev/zero | tr '\\0' a" })]) : reply('back to work')),
  });
  const dir = tempDir();
  const reported: string[] = [];
  store = Store.open(join(dir, 'dockhand.db'));
  brain = new Brain({ store, hands: new HostProvider({ dataDir: dir }), model: { baseURL: model.url, apiKey: 'k' }, report: (context) => reported.push(context) });
  const services = createServices(store, new Vault(store));
  const agent = await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] }));
  const env = await services['environments.create'](validate('environments.create', { name: 'e' }));
  const s = await services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));

  // The disk fills up while the tool runs: a few pages are left, enough for small events only.
  store.events.subscribe(s.id, ({ event }) => {
    if (event.type === 'agent.tool_use') store.db.pragma(`max_page_count = ${(store.db.pragma('page_count', { simple: true }) as number) + 8}`);
  });
  store.events.append(s.id, [message('fill the disk')]);
  await brain.wake(s.id);

  const log = store.events.after(s.id, 0, 100).map((e) => e.event);
  expect(log.map((e) => e.type)).toEqual([
    'user.message',
    'session.status_running',
    'span.model_request_start',
    'agent.tool_use',
    'span.model_request_end',
    'session.usage',
    'agent.tool_result',
    'session.error',
    'session.status_idle',
  ]);
  // The call whose result was lost says so (it may have run), so no later wake runs it again.
  expect(log.at(-3)).toMatchObject({ tool_use_id: log[3]!.id, is_error: true, content: [{ text: expect.stringMatching(/disk is full.*did not complete/) }] });
  expect(log.at(-2)).toMatchObject({ error: { type: 'unknown_error', message: expect.stringMatching(/disk is full/), retry_status: { type: 'terminal' } } });
  expect(log.at(-1)).toMatchObject({ stop_reason: { type: 'retries_exhausted' } });
  expect(store.sessions.get(s.id)!.status).toBe('idle');
  expect(reported).toHaveLength(1);
  // Settled: a later wake (a restart, a sweep) finds nothing to do and asks the model nothing.
  await brain.wake(s.id);
  expect(model.requests).toHaveLength(1);

  store.db.pragma('max_page_count = 1073741823');
  store.events.append(s.id, [message('there is room again')]);
  await brain.wake(s.id);
  const after = store.events.after(s.id, log.length, 100).map((e) => e.event);
  expect(after.at(-1)).toMatchObject({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } });
  expect(after.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ text: 'back to work' }] });
});
