// Replay in Debian's Chromium: scrubbing a 100,000-event session from its start to its end. The slider
// is moved in 20 equal steps (as a drag would leave it); each step is timed from the move to the
// timeline marking the new cursor's row and the state panel showing the state at that event (its
// events read by position, the state folded by core). The baseline is the same 20 moves over a
// 1,000-event session of the same server, alternating session by session.
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { chromium, type Browser } from 'playwright-core';
import type { EventsWindow } from '../electron/core/api/replay.ts';
import { CHROMIUM } from '../test/support/app.ts';
import { createCore } from '../electron/core/runtime.ts';
import type { NewEvent } from '../electron/core/store/events.ts';
import { newId } from '../electron/core/store/ids.ts';
import { serve, type Served } from '../test/support/serve.ts';
import type { Row, Timing } from './stats.ts';

const LONG = 100_000;
const SHORT = 1_000;
const MOVES = 20;
const ROUNDS = 3;

/**
 * One turn of a coding session as the brain records it: a message, a model request that calls a tool
 * (ended, with its usage), the tool's result, a second request that answers, idle. Every request ends,
 * so the folded context alternates user and assistant as a real one does.
 */
function turn(i: number): NewEvent[] {
  const [first, second, call] = [newId('sevt'), newId('sevt'), newId('sevt')];
  const usage = { input_tokens: 1_200 + i, output_tokens: 80, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 };
  const listing = Array.from({ length: 8 }, (_, k) => `${k + 1}  line ${k + 1} of step ${i}`).join('\n');
  return [
    { type: 'user.message', content: [{ type: 'text', text: `Step ${i}: look at the next file and tell me what it does.` }] },
    { type: 'session.status_running' },
    { id: first, type: 'span.model_request_start' },
    { type: 'agent.message', content: [{ type: 'text', text: `Looking at step ${i}.` }] },
    { id: call, type: 'agent.tool_use', name: 'bash', input: { command: `head -8 src/step${i}.ts` }, evaluated_permission: 'allow' },
    { type: 'span.model_request_end', model_request_start_id: first, is_error: false, model_usage: usage },
    { type: 'agent.tool_result', tool_use_id: call, content: [{ type: 'text', text: listing }] },
    { id: second, type: 'span.model_request_start' },
    { type: 'agent.message', content: [{ type: 'text', text: `Step ${i} reads its config and writes out/${i}.json.` }] },
    { type: 'span.model_request_end', model_request_start_id: second, is_error: false, model_usage: usage },
    { type: 'session.status_idle', stop_reason: { type: 'end_turn' } },
  ] as NewEvent[];
}

/** A data directory with one session per entry of `counts`, that many events each (written in process, in batches). */
async function seed(dataDir: string, counts: Record<string, number>): Promise<Record<string, string>> {
  const core = createCore({ dataDir, brain: false });
  try {
    const agent = await core.services['agents.create']({ name: 'Replay agent', model: 'claude-sonnet-4-6' });
    const env = await core.services['environments.create']({ name: 'replay-env' });
    const ids: Record<string, string> = {};
    for (const [title, count] of Object.entries(counts)) {
      const session = await core.services['sessions.create']({ agent: agent.id, environment_id: env.id, title });
      let batch: NewEvent[] = [];
      for (let n = 0, i = 0; n < count; i++) {
        const events = turn(i).slice(0, count - n);
        n += events.length;
        batch.push(...events);
        if (batch.length >= 1000 || n >= count) (core.store.events.append(session.id, batch), (batch = []));
      }
      ids[title] = session.id;
    }
    return ids;
  } finally {
    await core.close();
  }
}

/** The positions a start-to-end scrub stops at, and the event at each. */
async function stops(client: Anthropic, sessionId: string, total: number): Promise<{ position: number; id: string }[]> {
  const out = [];
  for (let m = 0; m <= MOVES; m++) {
    const position = Math.max(1, Math.round((total * m) / MOVES));
    const w = await client.get<EventsWindow>(`/v1/sessions/${sessionId}/events/window`, { query: { from: position, limit: 1 } });
    out.push({ position, id: w.data[0]!.id });
  }
  return out;
}

/** Opens replay at the first stop, then moves the slider through the others; ms per move (move → timeline and panel there). */
async function scrub(browser: Browser, served: Served, sessionId: string, path: { position: number; id: string }[]): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${served.url}/#key=${encodeURIComponent(served.apiKey)}`);
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/sessions/${sessionId}?event=${path[0]!.id}`);
  const at = (id: string) => page.locator(`.replay-state[data-event-id="${id}"]:not([aria-busy])`).waitFor({ timeout: 120_000 });
  const marked = () => page.locator('[role="feed"] article.tl-highlight').waitFor({ timeout: 120_000 });
  await at(path[0]!.id);
  await marked();
  const slider = page.getByRole('slider', { name: 'Replay position' });
  const times: number[] = [];
  for (const stop of path.slice(1)) {
    const t0 = performance.now();
    // As a drag leaves it: the value set natively and an input event (React ignores a plain `.value =`).
    await slider.evaluate((el, v) => {
      type Input = { value: string; dispatchEvent(e: unknown): void };
      const g = globalThis as unknown as { HTMLInputElement: { prototype: object }; Event: new (type: string, init: object) => unknown };
      Object.getOwnPropertyDescriptor(g.HTMLInputElement.prototype, 'value')!.set!.call(el, String(v));
      (el as unknown as Input).dispatchEvent(new g.Event('input', { bubbles: true }));
    }, stop.position);
    await at(stop.id);
    await marked();
    times.push(performance.now() - t0);
  }
  await context.close();
  return times;
}

const timing = (samples: number[], elapsedMs: number): Timing => ({ samples, elapsedMs, perSample: 1 });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function replayBench(root: string, ui: string, cleanup: (fn: () => void) => void): Promise<{ rows: Row[]; notes: string[] }> {
  process.stderr.write(`replay: seeding a ${LONG.toLocaleString('en-US')}-event session\n`);
  const ids = await seed(join(root, 'log'), { long: LONG, short: SHORT });
  const served = await serve({ dataDir: join(root, 'log'), args: ['--ui', ui] });
  cleanup(() => served.child.exitCode === null && served.child.kill('SIGKILL'));
  const client = new Anthropic({ baseURL: served.url, apiKey: served.apiKey, maxRetries: 0 });
  const paths = { long: await stops(client, ids.long!, LONG), short: await stops(client, ids.short!, SHORT) };
  const browser = await chromium.launch(CHROMIUM);
  cleanup(() => void browser.close());

  const long = { moves: [] as number[], totals: [] as number[], elapsed: 0 };
  const short = { moves: [] as number[], totals: [] as number[], elapsed: 0 };
  for (let r = 0; r <= ROUNDS; r++) {
    process.stderr.write(`replay: scrub, round ${r}/${ROUNDS}\n`);
    for (const which of ['short', 'long'] as const) {
      const t0 = performance.now();
      const moves = await scrub(browser, served, ids[which]!, paths[which]);
      const wall = performance.now() - t0;
      if (r === 0) continue; // warmup (and the server's first folds)
      const into = which === 'long' ? long : short;
      into.moves.push(...moves);
      into.totals.push(sum(moves));
      into.elapsed += wall;
    }
  }
  await browser.close();
  await served.stop();

  const rows: Row[] = [
    {
      area: 'Renderer',
      measure: `Replay scrub, start to end in ${MOVES} slider moves: one move → the timeline and state panel at the new event, Chromium`,
      payload: `${LONG.toLocaleString('en-US')} events (11-event coding turns: a message, a tool call and its result, an answer; two model requests a turn, each ended), ${(LONG / MOVES).toLocaleString('en-US')} events per move`,
      unit: 'moves',
      timing: timing(long.moves, long.elapsed),
      baseline: { name: `the same ${MOVES} moves over a ${SHORT.toLocaleString('en-US')}-event session of the same server, alternating`, timing: timing(short.moves, short.elapsed) },
    },
  ];
  const notes = [
    `Replay scrub from start to end (${MOVES} moves, median of ${ROUNDS} rounds after a warmup): ${(median(long.totals) / 1000).toFixed(2)} s over the ${LONG.toLocaleString('en-US')}-event session, ${(median(short.totals) / 1000).toFixed(2)} s over the ${SHORT.toLocaleString('en-US')}-event one. The page reads only the events around the cursor (events.window); core folds the state from the nearest earlier state it kept (its last 8 answers per session) or from the start. This log never compacts (no brain wrote it, as with an imported log), so the state at its end holds 36,364 messages: copying that state once per move is most of a move's time.`,
  ];
  return { rows, notes };
}
