// A small, realistic workspace for the screens: agents on several models, environments, and sessions
// that really ran against the scripted model (one finished, one waiting for approval, one that gave up).
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { reply, text, toolUse, type ScriptedModel } from './scripted-model/index.ts';

const say = (t: string) => ({ type: 'user.message' as const, content: [{ type: 'text' as const, text: t }] });

async function untilIdle(client: Anthropic, sessionId: string, send: () => Promise<unknown>): Promise<void> {
  const stream = await client.beta.sessions.events.stream(sessionId);
  await send();
  for await (const e of stream as AsyncIterable<StreamEvent>) if (e.type === 'session.status_idle') break;
  stream.controller.abort();
}

export async function seedWorkspace(client: Anthropic, model: ScriptedModel) {
  const reviewer = await client.beta.agents.create({
    name: 'Code reviewer',
    description: 'Reviews pull requests and suggests small, safe changes',
    model: 'claude-sonnet-4-6',
    system: 'You review code carefully.',
    tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }],
  });
  const notes = await client.beta.agents.create({ name: 'Release notes writer', description: 'Drafts release notes from merged pull requests', model: 'claude-opus-4-6', tools: [] });
  await client.beta.agents.update(notes.id, { version: notes.version, system: 'Be concise and friendly.' });
  await client.beta.agents.create({ name: 'Log triager', model: 'claude-haiku-4-5', tools: [{ type: 'agent_toolset_20260401' }] });
  await client.beta.agents.create({ name: 'Data cleaner', description: 'Normalises CSV exports', model: 'claude-sonnet-5-5' });
  const python = await client.beta.environments.create({
    name: 'python-data',
    description: 'pandas and friends; package registries only',
    config: { type: 'cloud', networking: { type: 'limited', allowed_hosts: [], allow_package_managers: true, allow_mcp_servers: false }, packages: { pip: ['pandas', 'numpy'], apt: ['jq'] } },
  });
  const node = await client.beta.environments.create({ name: 'node-sandbox', description: 'Node 20 with the open internet' });
  await client.beta.environments.create({ name: 'rust-build', config: { type: 'cloud', networking: { type: 'unrestricted' }, packages: { cargo: ['ripgrep'] } } });

  // A finished conversation with real usage.
  const done = await client.beta.sessions.create({ agent: notes.id, environment_id: node.id, title: 'Draft the 2.4 release notes' });
  model.enqueue(reply([text('Here are the notes for 2.4: faster builds, a new settings page, and 14 fixes.')], { usage: { input_tokens: 18_400, output_tokens: 920, cache_read_input_tokens: 12_000 } }));
  await untilIdle(client, done.id, () => client.beta.sessions.events.send(done.id, { events: [say('Draft the release notes for 2.4 from the merged PRs.')] }));

  // One waiting for the user to approve a command.
  const waiting = await client.beta.sessions.create({ agent: reviewer.id, environment_id: python.id, title: 'Review PR #482: retry flaky uploads' });
  model.enqueue(reply([text('I will run the tests first.'), toolUse('bash', { command: 'pytest -q tests/test_upload.py' })], { usage: { input_tokens: 6_200, output_tokens: 140 } }));
  await untilIdle(client, waiting.id, () => client.beta.sessions.events.send(waiting.id, { events: [say('Review PR #482 and run its tests.')] }));

  // One that gave up: the model kept failing.
  const failed = await client.beta.sessions.create({ agent: reviewer.id, environment_id: python.id, title: 'Nightly dependency audit' });
  const overloaded = { kind: 'http_error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' } as const;
  model.enqueue(overloaded, overloaded, overloaded);
  await untilIdle(client, failed.id, () => client.beta.sessions.events.send(failed.id, { events: [say('Audit the dependencies.')] }));

  // And one not started yet.
  const fresh = await client.beta.sessions.create({ agent: notes.id, environment_id: node.id });
  return { reviewer, notes, python, node, done, waiting, failed, fresh };
}
