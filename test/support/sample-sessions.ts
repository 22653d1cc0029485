// Three sessions run for real (the brain against the scripted model, tools in the hands), each as a
// user would meet one: a coding session with tool calls and approvals, one long enough to compact its
// context, one whose model fails and is retried. The API tests fork and export them; the sample logs
// in resources/samples are these sessions exported (test/support/make-samples.ts).
import type Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import { say, untilIdle } from './brain.ts';
import { cut, lastToolResults, overloaded, rateLimited, reply, text, thinking, toolUse, type ScriptedModel } from './scripted-model/index.ts';

export interface Rig {
  client: Anthropic;
  model: ScriptedModel;
}

type Send = Parameters<Anthropic['beta']['sessions']['events']['send']>[1]['events'];

/** Sends events and follows the session to its next idle; returns that turn's events. */
async function step(client: Anthropic, sessionId: string, events: Send): Promise<StreamEvent[]> {
  const stream = await client.beta.sessions.events.stream(sessionId);
  await client.beta.sessions.events.send(sessionId, { events });
  return (await untilIdle(stream)).events;
}

const allow = (events: StreamEvent[]): Send =>
  events.flatMap((e) => (e.type === 'session.status_idle' && e.stop_reason.type === 'requires_action' ? e.stop_reason.event_ids : [])).map((id) => ({ type: 'user.tool_confirmation' as const, tool_use_id: id, result: 'allow' as const }));

const resultText = (r: ReturnType<typeof lastToolResults>[number] | undefined) =>
  typeof r?.content === 'string' ? r.content : (r?.content ?? []).map((b) => ('text' in b ? b.text : '')).join('');

async function newSession(rig: Rig, agent: Parameters<Anthropic['beta']['agents']['create']>[0], title: string) {
  const a = await rig.client.beta.agents.create(agent);
  const env = await rig.client.beta.environments.create({ name: `${title} ${Math.random().toString(36).slice(2, 8)}` });
  return rig.client.beta.sessions.create({ agent: a.id, environment_id: env.id, title });
}

// A paced stream, so recorded times look like a model at work.
const PACE = { chunkChars: 12, betweenEventsMs: 4 };

const BUGGY = `#!/bin/bash\ngreet() {\n  echo "Hello $1"\n}\n`;
const TEST = `#!/bin/bash\nsource ./greet.sh\ngot=$(greet Ada)\nif [ "$got" != "Hello, Ada!" ]; then\n  echo "expected \\"Hello, Ada!\\", got \\"$got\\"" >&2\n  exit 1\nfi\necho "ok: greet"\n`;

/**
 * A small coding task: the agent writes a script and its test, runs the test (bash asks first), sees
 * it fail, fixes the script with edit, and runs it again (asks again). Returns the session id.
 */
export async function codingSession(rig: Rig): Promise<string> {
  const s = await newSession(
    rig,
    {
      name: 'Coding agent',
      model: 'claude-sonnet-4-6',
      system: 'You are a careful coding agent. Run tests before you say a change works.',
      tools: [{ type: 'agent_toolset_20260401', configs: [{ name: 'bash', permission_policy: { type: 'always_ask' } }] }],
    },
    'Fix the greeting',
  );
  rig.model.enqueue(
    reply(
      [
        thinking('The user wants greet Ada to print "Hello, Ada!". I will write the function and a test, then run the test.'),
        text('I will write the function and a small test for it.'),
        toolUse('write', { file_path: 'greet.sh', content: BUGGY }),
        toolUse('write', { file_path: 'test.sh', content: TEST }),
      ],
      PACE,
    ),
    reply([text('Now I run the test.'), toolUse('bash', { command: 'bash test.sh' })], PACE),
    (req) =>
      reply(
        [
          thinking(`The test failed: ${resultText(lastToolResults(req)[0]).split('\n')[0]}. The comma and the exclamation mark are missing.`),
          text('The greeting lacks its punctuation. Fixing it.'),
          toolUse('edit', { file_path: 'greet.sh', old_string: 'echo "Hello $1"', new_string: 'echo "Hello, $1!"' }),
          toolUse('bash', { command: 'bash test.sh' }),
        ],
        PACE,
      ),
    (req) => reply(`Done: the test passes now (\`${resultText(lastToolResults(req)[1]).trim()}\`). \`greet Ada\` prints "Hello, Ada!".`, PACE),
  );
  const first = await step(rig.client, s.id, [say('`greet Ada` should print "Hello, Ada!". Write it in bash with a test, and make sure the test passes.')]);
  const second = await step(rig.client, s.id, allow(first));
  await step(rig.client, s.id, allow(second));
  return s.id;
}

/**
 * A session whose tool output fills the context: the brain compacts it (agent.thread_context_compacted)
 * and carries on. Needs a small context window (DOCKHAND_CONTEXT_WINDOW=12000, DOCKHAND_MAX_TOKENS=1000).
 */
export async function compactionSession(rig: Rig): Promise<string> {
  const s = await newSession(rig, { name: 'Log reader', model: 'claude-sonnet-4-6', system: 'You read long logs and summarise them.', tools: [{ type: 'agent_toolset_20260401' }] }, 'Summarise the logs');
  const chunk = (n: number) => `for i in $(seq 1 450); do echo "part ${n} line $i: request served in $((i % 97)) ms"; done`;
  rig.model.enqueue(
    reply([text('Reading the first part of the log.'), toolUse('bash', { command: chunk(1) })], PACE),
    reply([text('And the second part.'), toolUse('bash', { command: chunk(2) })], PACE),
    reply([text('And the third.'), toolUse('bash', { command: chunk(3) })], PACE),
    reply('All three parts served every request within 96 ms; the slowest lines repeat every 97 requests.', PACE),
    reply('The first part had the same pattern: nothing slower than 96 ms.', PACE),
  );
  await step(rig.client, s.id, [say('Read the three parts of the service log and tell me about latency.')]);
  await step(rig.client, s.id, [say('And what did the first part say, exactly?')]);
  return s.id;
}

/** The model is overloaded, rate limited and cut off mid-stream; the brain retries, and once gives up (retries_exhausted). Needs DOCKHAND_MAX_RETRIES=2. */
export async function retriesSession(rig: Rig): Promise<string> {
  const s = await newSession(rig, { name: 'Release notes writer', model: 'claude-sonnet-4-6', system: 'You write concise release notes.' }, 'Release notes, with a flaky model');
  rig.model.enqueue(
    overloaded(),
    cut(reply('Release 2.4 brings faster start-up and', PACE), 5),
    reply('Release 2.4: start-up is twice as fast, and the settings page remembers its last tab.', PACE),
    rateLimited(1),
    overloaded(),
    overloaded(),
    reply('Release 2.4.1 fixes a crash when the settings file is empty.', PACE),
  );
  await step(rig.client, s.id, [say('Write release notes for 2.4: faster start-up (2x), settings page remembers the last tab.')]);
  await step(rig.client, s.id, [say('Now 2.4.1: it fixes a crash on an empty settings file.')]);
  await step(rig.client, s.id, [say('Please try again.')]);
  return s.id;
}
