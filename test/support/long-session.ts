// A long session written straight into a data directory (no brain, no model): turns shaped like a
// coding session's (a message, a model span, a tool call and its result), for the session view's
// paging test and benchmark.
import { createCore } from '../../electron/core/runtime.ts';
import type { NewEvent } from '../../electron/core/store/events.ts';

/** One turn's events; the tool result is tied to its call when stored. */
function turn(i: number): NewEvent[] {
  const out = Array.from({ length: 8 }, (_, k) => `${String(k + 1).padStart(3, ' ')}  line ${k + 1} of the listing for step ${i}`).join('\n');
  return [
    { type: 'user.message', content: [{ type: 'text', text: `Step ${i}: look at the next file and tell me what it does.` }] },
    { type: 'session.status_running' },
    { type: 'span.model_request_start' },
    { type: 'agent.message', content: [{ type: 'text', text: `Looking at **step ${i}**. It reads the config, then:\n\n- checks the input\n- writes \`out/${i}.json\`` }] },
    { type: 'agent.tool_use', name: 'bash', input: { command: `cat src/step${i}.ts | head -8` } },
    { type: 'agent.tool_result', tool_use_id: '', content: [{ type: 'text', text: out }] },
    { type: 'session.status_idle', stop_reason: { type: 'end_turn' } },
  ] as NewEvent[];
}

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
        const batch = turn(i).slice(0, count - n);
        n += batch.length;
        const useAt = batch.findIndex((e) => e.type === 'agent.tool_use');
        if (useAt < 0) {
          core.store.events.append(session.id, batch);
          continue;
        }
        const head = core.store.events.append(session.id, batch.slice(0, useAt + 1));
        const rest = batch.slice(useAt + 1).map((e) => (e.type === 'agent.tool_result' ? { ...e, tool_use_id: head.at(-1)!.event.id } : e));
        if (rest.length) core.store.events.append(session.id, rest);
      }
      ids[title] = session.id;
    }
    return ids;
  } finally {
    await core.close();
  }
}
