// Long sessions for the wake benchmark, grown the way a real one grows: real turns run by an
// in-process Brain against the scripted model (which write the model responses, tool runs and
// checkpoints), with the exchanges between them appended in bulk in the very shapes those turns
// write, each bulk chunk followed by a real turn so the brain folds it, compacts as the context
// nears the window, and checkpoints at idle exactly as in use.
import type { Core } from '../electron/core/runtime.ts';
import { validate } from '../electron/core/api/validate.ts';
import type { RecordedResponse } from '../electron/core/brain/state.ts';
import type { NewEvent, Store } from '../electron/core/store/index.ts';
import { lastToolResults, newId, reply, text, toolUse, type TurnSource } from '../test/support/scripted-model/index.ts';
import { message } from './payload.ts';

/** Events per bulk chunk: one transaction, then a real turn. */
const CHUNK = 1000;
/** user.message, running, request start, message, tool use, request end, tool result, start, message, end, idle. */
const EXCHANGE_EVENTS = 11;
/** Real turns before any bulk events, so every kind of record exists from real use. */
const FIRST_TURNS = 2;
/** A turn slower than this means the brain is stuck, not slow. */
const LOST_MS = 30_000;

const PLAN = 'Let me look at the source tree before changing anything.';
const COMMAND = { command: 'ls -la src && git status --short' };
const LISTING = Array.from({ length: 16 }, (_, i) => `-rw-r--r-- 1 dev dev ${1000 + i * 37} Jan 1 12:00 module-${i}.ts`).join('\n');
const DONE = 'I updated the module and its test; the build and the whole test suite pass. Anything else you want changed?';
const USAGE = { input_tokens: 2400, output_tokens: 60, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };

/** What the scripted model answers a real turn: a tool call first, then, given its result, a final text. */
export const agentScript: TurnSource = (request) => (lastToolResults(request).length ? reply(DONE) : reply([text(PLAN), toolUse('bash', COMMAND)]));

/** Appends one exchange as the brain writes it (see brain/turn.ts and harness.ts), records beside the log included. */
function appendExchange(store: Store, sessionId: string, tag: string): void {
  const append = (events: NewEvent[], within?: () => void) => store.events.append(sessionId, events, within);
  const responded = (startId: string, response: RecordedResponse) =>
    append([{ type: 'span.model_request_end', model_request_start_id: startId, is_error: false, model_usage: USAGE }], () => store.brain.putResponse(sessionId, startId, response));

  const first = append([message(tag) as NewEvent, { type: 'session.status_running' }, { type: 'span.model_request_start' }]).at(-1)!.event.id;
  const toolUseId = newId('toolu_');
  const [, use] = append([
    { type: 'agent.message', content: [{ type: 'text', text: PLAN }] },
    { type: 'agent.tool_use', name: 'bash', input: COMMAND, evaluated_permission: 'allow' },
  ]);
  const call = { eventId: use!.event.id, toolUseId, name: 'bash', input: COMMAND, custom: false, ask: false };
  responded(first, { content: [{ type: 'text', text: PLAN }, { type: 'tool_use', id: toolUseId, name: 'bash', input: COMMAND }], calls: [call] });
  store.brain.startToolRun(sessionId, call.eventId);
  append([{ type: 'agent.tool_result', tool_use_id: call.eventId, is_error: false, content: [{ type: 'text', text: LISTING }] }]);
  const second = append([{ type: 'span.model_request_start' }])[0]!.event.id;
  append([{ type: 'agent.message', content: [{ type: 'text', text: DONE }] }]);
  responded(second, { content: [{ type: 'text', text: DONE }], calls: [] });
  append([{ type: 'session.status_idle', stop_reason: { type: 'end_turn' }, stop_details: null }]);
}

/**
 * Grows sessions in `core` (whose brain answers from `agentScript`). Bulk events go through `bulk`,
 * a second connection to the same file, so the brain does not hear them as they land: it reads
 * them from the log at the next real turn, as it would after a restart.
 */
export function sessionGrower(core: Core, bulk: Store) {
  const brain = core.brain!;

  /** One real turn: a user.message through the events.send service, until the session is idle again. */
  async function realTurn(sessionId: string, tag: string): Promise<void> {
    let off = () => {};
    const idle = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`real turn ${tag} did not go idle in ${LOST_MS} ms`)), LOST_MS);
      off = core.store.events.subscribe(sessionId, ({ event: e }) => {
        if (e.type === 'session.error') reject(new Error(`real turn ${tag}: session.error ${JSON.stringify(e.error)}`));
        if (e.type !== 'session.status_idle') return;
        clearTimeout(timer);
        if (e.stop_reason.type === 'end_turn') resolve();
        else reject(new Error(`real turn ${tag} went idle with ${e.stop_reason.type}`));
      });
    });
    try {
      await core.services['events.send'](validate('events.send', { session_id: sessionId, events: [message(tag)] }));
      await idle;
    } finally {
      off();
    }
    await brain.wake(sessionId); // let the run that went idle finish before anything else touches the session
  }

  const lastSeq = (sessionId: string) => core.store.sessions.get(sessionId)!.last_seq;

  return {
    /** A new session of an agent with the built-in toolset, grown to about `events` events, ending idle. */
    async grow(events: number): Promise<{ sessionId: string; events: number; realTurns: number }> {
      const agent = await core.services['agents.create'](validate('agents.create', { name: 'bench-wake', model: 'claude-sonnet-4-6', system: 'You are a coding agent.', tools: [{ type: 'agent_toolset_20260401' }] }));
      const env = await core.services['environments.create'](validate('environments.create', { name: `bench-wake-${events}` }));
      const { id } = await core.services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));
      let turns = 0;
      for (; turns < FIRST_TURNS; turns++) await realTurn(id, `real-${turns}`);
      for (let room = events - lastSeq(id) - EXCHANGE_EVENTS; room >= EXCHANGE_EVENTS; room = events - lastSeq(id) - EXCHANGE_EVENTS, turns++) {
        const exchanges = Math.min(Math.floor(CHUNK / EXCHANGE_EVENTS), Math.floor(room / EXCHANGE_EVENTS));
        bulk.db.transaction(() => {
          for (let i = 0; i < exchanges; i++) appendExchange(bulk, id, `bulk-${turns}-${i}`);
        })();
        await realTurn(id, `real-${turns}`);
      }
      return { sessionId: id, events: lastSeq(id), realTurns: turns };
    },
  };
}
