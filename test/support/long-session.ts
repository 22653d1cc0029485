// A long session written straight into a data directory (no brain, no model): turns shaped like a
// coding session's (a message, a model span with its usage, a tool call and its result), for the session view's
// paging test and benchmark.
import { createCore } from '../../electron/core/runtime.ts';
import type { NewEvent } from '../../electron/core/store/events.ts';

/** One turn's events, as a brain records them (a tool call, its result, a last reply); later ones name earlier ones' ids. */
function turn(i: number): ((ids: string[]) => NewEvent)[] {
  const out = Array.from({ length: 8 }, (_, k) => `${String(k + 1).padStart(3, ' ')}  line ${k + 1} of the listing for step ${i}`).join('\n');
  const usage = { input_tokens: 1200 + i, output_tokens: 80, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  return [
    () => ({ type: 'user.message', content: [{ type: 'text', text: `Step ${i}: look at the next file and tell me what it does.` }] }),
    () => ({ type: 'session.status_running' }),
    () => ({ type: 'span.model_request_start' }),
    () => ({ type: 'agent.message', content: [{ type: 'text', text: `Looking at **step ${i}**. It reads the config, then:\n\n- checks the input\n- writes \`out/${i}.json\`` }] }),
    () => ({ type: 'agent.tool_use', name: 'bash', input: { command: `cat src/step${i}.ts | head -8` } }),
    (ids) => ({ type: 'span.model_request_end', model_request_start_id: ids[2]!, is_error: false, model_usage: usage }),
    (ids) => ({ type: 'agent.tool_result', tool_use_id: ids[4]!, content: [{ type: 'text', text: out }] }),
    () => ({ type: 'span.model_request_start' }),
    () => ({ type: 'agent.message', content: [{ type: 'text', text: `Step ${i} is done.` }] }),
    (ids) => ({ type: 'span.model_request_end', model_request_start_id: ids[7]!, is_error: false, model_usage: usage }),
    () => ({ type: 'session.status_idle', stop_reason: { type: 'end_turn' } }),
  ] as ((ids: string[]) => NewEvent)[];
}

/** Events per turn. */
export const TURN_EVENTS = 11;
/** Where a turn's writes end: each write's events may name the ids of the writes before it. */
const WRITES = [5, 9, TURN_EVENTS];

/** Writes an agent, an environment and one session per entry of `counts` (that many events each); returns the sessions' ids. */
export async function seedLongSessions(dataDir: string, counts: Record<string, number>): Promise<Record<string, string>> {
  const core = createCore({ dataDir, brain: false });
  try {
    const s = core.services;
    const agent = await s['agents.create']({ name: 'Long-log agent', model: 'claude-sonnet-4-6' });
    const env = await s['environments.create']({ name: 'long-log-env' });
    const ids: Record<string, string> = {};
    for (const [title, count] of Object.entries(counts)) {
      const session = await s['sessions.create']({ agent: agent.id, environment_id: env.id, title });
      for (let n = 0, i = 0; n < count; i++) {
        const parts = turn(i).slice(0, count - n);
        n += parts.length;
        const got: string[] = [];
        for (let w = 0, from = 0; from < parts.length; from = WRITES[w++]!) {
          const stored = core.store.events.append(session.id, parts.slice(from, WRITES[w]).map((p) => p(got)));
          got.push(...stored.map((e) => e.event.id));
        }
      }
      ids[title] = session.id;
    }
    return ids;
  } finally {
    await core.close();
  }
}
