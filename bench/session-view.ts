// The session view in Debian's Chromium: opening a session with a 100,000-event log (time to the
// first painted timeline rows and the page's memory, against a 10-event session on the same server),
// and how far the live timeline's text lags behind the SSE stream it comes from while the model
// streams fast (the page's own second reader of the same stream is the reference clock).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../test/support/app.ts';
import { seedLongSessions } from '../test/support/long-session.ts';
import { serve, type Served } from '../test/support/serve.ts';
import { reply, startScriptedModel } from '../test/support/scripted-model/index.ts';
import type { Row, Timing } from './stats.ts';

const LONG = 100_000;
const SHORT = 10;
const ROUNDS = 5;
const STREAM_ROUNDS = 5;
/** The streamed reply: plain words (Markdown renders them as they are), 4 characters per delta, 2 ms apart. */
const STREAM_TEXT = Array.from({ length: 600 }, (_, i) => `word${i}`).join(' ') + '.';

/** A data directory with one session of `LONG` events and one of `SHORT`. */
async function seed(dataDir: string): Promise<{ long: string; short: string }> {
  const ids = await seedLongSessions(dataDir, { 'Long session': LONG, 'Short session': SHORT });
  return { long: ids['Long session']!, short: ids['Short session']! };
}

type Clock = { performance: { now(): number } };

/** Opens the session in a fresh context: ms from navigation start to its first timeline rows painted, and the JS heap after a GC. */
async function open(browser: Browser, served: Served, sessionId: string): Promise<{ firstRows: number; heap: number; rows: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${served.url}/#key=${encodeURIComponent(served.apiKey)}`);
  await page.evaluate((h) => ((globalThis as unknown as { location: { hash: string } }).location.hash = h), `#/sessions/${sessionId}`);
  await page.locator('[role="feed"] article').first().waitFor({ timeout: 120_000 });
  // Painted: two animation frames after the rows are in the document.
  const firstRows = await page.evaluate(
    () =>
      new Promise<number>((done) => {
        const g = globalThis as unknown as Clock & { requestAnimationFrame(fn: () => void): void };
        g.requestAnimationFrame(() => g.requestAnimationFrame(() => done(g.performance.now())));
      }),
  );
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  const rows = await page.locator('[role="feed"] article').count();
  await context.close();
  return { firstRows, heap, rows };
}

/**
 * One fast streamed reply watched from inside the page: a second reader of the session's SSE stream
 * (with event_deltas) notes when each delta's text arrived, a MutationObserver when the timeline
 * showed that much of it; the lag of each delta is the difference, on the page's clock.
 */
async function streamLag(page: Page, served: Served, client: Anthropic, sessionId: string): Promise<number[]> {
  await page.evaluate(`location.hash = '#/sessions/${sessionId}'`);
  await page.getByText('Nothing has happened yet').waitFor();
  await page.evaluate(
    async ({ url, key, id }) => {
      type Win = Clock & { fetch: typeof fetch; TextDecoder: typeof TextDecoder; MutationObserver: new (fn: () => void) => { observe(n: unknown, o: object): void }; document: { querySelector(s: string): { textContent: string | null } | null }; lag: { sse: [number, number][]; dom: [number, number][] } };
      const g = globalThis as unknown as Win;
      const lag = (g.lag = { sse: [] as [number, number][], dom: [] as [number, number][] });
      const feed = g.document.querySelector('[role="feed"]');
      new g.MutationObserver(() => {
        const md = g.document.querySelector('[role="feed"] article[data-kind="preview"] .md, [role="feed"] article[data-kind="agent.message"] .md');
        const len = md?.textContent?.length ?? 0;
        if (len && len !== lag.dom.at(-1)?.[1]) lag.dom.push([g.performance.now(), len]);
      }).observe(feed, { subtree: true, childList: true, characterData: true });
      const res = await g.fetch(`${url}/v1/sessions/${id}/events/stream?event_deltas[]=agent.message`, { headers: { 'x-api-key': key } });
      const reader = res.body!.getReader();
      const decoder = new g.TextDecoder();
      let buf = '';
      let text = 0;
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          const now = g.performance.now();
          buf += decoder.decode(value, { stream: true });
          let end: number;
          while ((end = buf.indexOf('\n\n')) >= 0) {
            const data = buf
              .slice(0, end)
              .split('\n')
              .find((l) => l.startsWith('data:'));
            buf = buf.slice(end + 2);
            if (!data) continue;
            const item = JSON.parse(data.slice(5)) as { type: string; delta?: { content: { text: string } } };
            if (item.type === 'event_delta') lag.sse.push([now, (text += item.delta!.content.text.length)]);
            if (item.type === 'session.status_idle') return reader.cancel();
          }
        }
      })();
    },
    { url: served.url, key: served.apiKey, id: sessionId },
  );
  await client.beta.sessions.events.send(sessionId, { events: [{ type: 'user.message', content: [{ type: 'text', text: 'Stream.' }] }] });
  await page.locator('[role="feed"] article[data-kind="agent.message"]').waitFor({ timeout: 60_000 });
  const { sse, dom } = (await page.evaluate('lag')) as { sse: [number, number][]; dom: [number, number][] };
  // The page shows the text with its trailing space trimmed: compare like with like.
  return sse.map(([t, len]) => {
    const want = STREAM_TEXT.slice(0, len).trimEnd().length;
    const shown = dom.find(([, l]) => l >= want);
    return shown ? Math.max(0, shown[0] - t) : NaN;
  });
}

const timing = (samples: number[], elapsedMs: number): Timing => ({ samples, elapsedMs, perSample: 1 });
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function sessionViewBench(root: string, ui: string, cleanup: (fn: () => void) => void): Promise<{ rows: Row[]; notes: string[] }> {
  process.stderr.write(`session view: seeding a ${LONG.toLocaleString('en-US')}-event session\n`);
  const ids = await seed(join(root, 'log'));
  const served = await serve({ dataDir: join(root, 'log'), args: ['--ui', ui] });
  cleanup(() => served.child.exitCode === null && served.child.kill('SIGKILL'));
  const browser = await chromium.launch(CHROMIUM);
  cleanup(() => void browser.close());

  const long = { t: [] as number[], heap: [] as number[], rows: [] as number[], elapsed: 0 };
  const short = { t: [] as number[], heap: [] as number[], elapsed: 0 };
  for (let r = 0; r <= ROUNDS; r++) {
    process.stderr.write(`session view: open, round ${r}/${ROUNDS}\n`);
    for (const which of ['short', 'long'] as const) {
      const t0 = performance.now();
      const o = await open(browser, served, ids[which]);
      const wall = performance.now() - t0;
      if (r === 0) continue; // warmup
      if (which === 'long') (long.t.push(o.firstRows), long.heap.push(o.heap), long.rows.push(o.rows), (long.elapsed += wall));
      else (short.t.push(o.firstRows), short.heap.push(o.heap), (short.elapsed += wall));
    }
  }
  await served.stop();

  // The live stream: a brain on the scripted model, one fresh session per round.
  const model = await startScriptedModel({ apiKey: 'bench-model-key' });
  cleanup(() => void model.close());
  const live = await serve({ dataDir: join(root, 'live'), brain: true, args: ['--ui', ui], env: { ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'bench-model-key' } });
  cleanup(() => live.child.exitCode === null && live.child.kill('SIGKILL'));
  const client = new Anthropic({ baseURL: live.url, apiKey: live.apiKey, maxRetries: 0 });
  const agent = await client.beta.agents.create({ name: 'Streamer', model: 'claude-sonnet-4-6' });
  const env = await client.beta.environments.create({ name: 'stream-env' });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${live.url}/#key=${encodeURIComponent(live.apiKey)}`);
  await page.getByText('Connected', { exact: true }).waitFor();
  const lags: number[] = [];
  let lagElapsed = 0;
  for (let r = 0; r <= STREAM_ROUNDS; r++) {
    process.stderr.write(`session view: live stream, round ${r}/${STREAM_ROUNDS}\n`);
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id, title: `Stream ${r}` });
    model.enqueue(reply(STREAM_TEXT, { betweenEventsMs: 2, chunkChars: 4 }));
    const t0 = performance.now();
    const got = await streamLag(page, live, client, session.id);
    if (r > 0) (lags.push(...got.filter(Number.isFinite)), (lagElapsed += performance.now() - t0));
  }
  await context.close();
  await browser.close();
  await live.stop();
  await model.close();

  const payload = `${LONG.toLocaleString('en-US')} events (a coding session's mix: messages, model spans, tool calls with results)`;
  const rows: Row[] = [
    {
      area: 'Renderer',
      measure: 'Page opened → session timeline painted (first rows), Chromium',
      payload,
      unit: 'loads',
      timing: timing(long.t, long.elapsed),
      baseline: { name: `the same page on a ${SHORT}-event session of the same server, alternating`, timing: timing(short.t, short.elapsed) },
    },
    {
      area: 'Renderer',
      measure: 'Live timeline lag behind the SSE stream (a delta read by the page → its text shown)',
      payload: `${STREAM_TEXT.length.toLocaleString('en-US')} characters streamed 4 per delta, 2 ms apart`,
      unit: 'deltas',
      timing: timing(lags, lagElapsed),
    },
  ];
  const notes = [
    `Session view memory (JS heap after a forced GC, median of ${ROUNDS}): ${mib(median(long.heap))} with the ${LONG.toLocaleString('en-US')}-event session open against ${mib(median(short.heap))} with the ${SHORT}-event one; the timeline held ${median(long.rows)} rows in the page (it reads the newest 200 events and pages older ones as the reader scrolls up).`,
  ];
  return { rows, notes };
}
