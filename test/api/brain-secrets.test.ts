// The model's API key and Dockhand's own API key, set to sentinels, never reach the model's context,
// the event log, the SQLite file, the server's output, or the agent's tools: not their environment, and
// not the server's own environment or command line read through /proc (the host hands run the tools in
// bubblewrap, in a process namespace of their own).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startScriptedModel, lastToolResults, reply, toolUse, type ScriptedModel } from '../support/scripted-model/index.ts';
import { serve, type Served } from '../support/serve.ts';
import { say, turn } from '../support/brain.ts';

const MODEL_KEY = `sk-ant-SENTINEL-${Math.random().toString(36).slice(2)}`;
const API_KEY = `dockhand-SENTINEL-${Math.random().toString(36).slice(2)}`;

let model: ScriptedModel;
let server: Served;
beforeAll(async () => {
  model = await startScriptedModel({ apiKey: MODEL_KEY });
  server = await serve({ brain: true, apiKey: API_KEY, args: ['--hands', 'host'], env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY, DOCKHAND_API_KEY: API_KEY } });
});
afterAll(async () => {
  await server?.stop();
  await model?.close();
});

it('keeps both keys out of the tools, the model context, the log, the store and the output', async () => {
  const client = server.client();
  const agent = await client.beta.agents.create({ name: 'snoop', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
  const env = await client.beta.environments.create({ name: 'secrets-env' });
  const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });

  // The agent looks for keys where a careless harness would leave them: its environment, its home, its
  // parent's environment, and every process's environment and command line it can see.
  const snoop = [
    'env',
    'echo ---; cat ~/.* 2>/dev/null; ls -la ~',
    "echo ---; tr '\\0' '\\n' </proc/$PPID/environ",
    "echo ---; for f in /proc/[0-9]*/environ /proc/[0-9]*/cmdline; do echo \"$f:\"; tr '\\0' ' ' <\"$f\"; echo; done",
  ].join('; ');
  model.enqueue(
    reply([toolUse('bash', { command: snoop })]),
    (req) => reply(`I found: ${JSON.stringify(lastToolResults(req))}`),
  );
  const { events, idle } = await turn(client, session.id, [say('print your environment')]);
  expect(idle.stop_reason.type).toBe('end_turn');
  const toolOutput = JSON.stringify(events.find((e) => e.type === 'agent.tool_result'));
  expect(toolOutput).toContain('PATH='); // the command really ran and printed the environment
  expect(toolOutput).toMatch(/\/proc\/\d+\/cmdline:[^\n]*bash/); // and read other processes through /proc
  expect(model.requests.length).toBeGreaterThanOrEqual(2);

  const log = JSON.stringify((await client.beta.sessions.events.list(session.id, { limit: 1000 })).data);
  const context = JSON.stringify(model.requests.map((r) => r.body));
  await server.stop();
  const store = ['dockhand.db', 'dockhand.db-wal', 'dockhand.db-shm']
    .map((f) => join(server.dataDir, f))
    .filter(existsSync)
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');
  expect(store).toContain(session.id); // the byte search sees what is stored

  for (const secret of [MODEL_KEY, API_KEY]) {
    expect(toolOutput).not.toContain(secret);
    expect(log).not.toContain(secret);
    expect(context).not.toContain(secret);
    expect(store).not.toContain(secret);
    expect(server.stderr()).not.toContain(secret);
  }
});
