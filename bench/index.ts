// `npm run bench`: measures the store, the API, SSE delivery, the brain and the hands, each against a baseline
// taken in the same run, and prints one markdown table (progress goes to stderr, the report to stdout).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { serve } from '../test/support/serve.ts';
import { apiBench } from './api.ts';
import { firstEventBench } from './brain-first-event.ts';
import { filesBench } from './files.ts';
import { wakeBench } from './brain-wake.ts';
import { handsBench } from './hands-bench.ts';
import { machine } from './machine.ts';
import { TEXT_CHARS } from './payload.ts';
import { sseBench } from './sse.ts';
import { rendererBench } from './renderer.ts';
import { startBench } from './start.ts';
import { sessionViewBench } from './session-view.ts';
import { replayBench } from './replay.ts';
import { markdownTable, REPORT_HEADER, reportRow, type Row } from './stats.ts';
import { storeBench } from './store.ts';

const FANOUT = 10;

// Whatever ends this process (an error, a signal), the server child and the temp files go with it, newest first.
const cleanup: (() => void)[] = [];
process.on('exit', () => cleanup.reverse().forEach((fn) => fn()));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130));

const root = mkdtempSync(join(tmpdir(), 'dockhand-bench-'));
cleanup.push(() => rmSync(root, { recursive: true, force: true }));

const started = performance.now();
const startUp = await startBench(root);
const rows: Row[] = [];
rows.push(...(await storeBench(join(root, 'store'))));
const server = async (name: string) => {
  const s = await serve({ dataDir: join(root, name) });
  cleanup.push(() => s.child.exitCode === null && s.child.kill('SIGKILL'));
  return s;
};
const served = await server('serve');
const empty = await server('empty');
rows.push(...(await apiBench(served, empty)));
rows.push(...(await sseBench(served, FANOUT)));
rows.push(...(await filesBench(served, join(root, 'files'))));
rows.push(...(await firstEventBench(served, join(root, 'brain'), (fn) => cleanup.push(fn))));
for (const s of [served, empty]) {
  const code = await s.stop();
  if (code !== 0) throw new Error(`dockhand serve exited with ${code} on SIGTERM:\n${s.stderr()}`);
}
rows.push(...(await wakeBench(join(root, 'wake'))));
const hands = await handsBench(join(root, 'hands'), (fn) => cleanup.push(fn));
rows.push(...hands.rows);
const renderer = await rendererBench(join(root, 'renderer'), (fn) => cleanup.push(fn));
rows.push(...renderer.rows);
const sessionView = await sessionViewBench(join(root, 'session-view'), renderer.ui, (fn) => cleanup.push(fn));
rows.push(...sessionView.rows);
const replay = await replayBench(join(root, 'replay'), renderer.ui, (fn) => cleanup.push(fn));
rows.push(...replay.rows);

const facts = machine(tmpdir());
console.log(
  [
    '### Dockhand benchmark',
    '',
    facts.map(([k, v]) => `**${k}**: ${v}`).join(' · '),
    '',
    `Every event is a \`user.message\` with ${TEXT_CHARS} characters of text. The store writes with \`journal_mode=WAL\`, ` +
      '`synchronous=FULL`; the API runs in a `dockhand serve` child process on 127.0.0.1, driven by `@anthropic-ai/sdk`. ' +
      'Throughput is over each whole measured loop. Ratios divide by a baseline from the same run: store and API rows ' +
      'alternate subject and baseline in 10 rounds (Files rows too, against a plain copy of the same file); SSE rows compare each delivery with the acknowledgement of the same send. ' +
      'Brain rows run the harness against the scripted Messages API server on 127.0.0.1: time-to-first-event in a `dockhand serve` ' +
      'child, its sends alternating with sends to the twin server that runs no brain; wake() in process, on sessions grown by real ' +
      'turns with bulk-appended exchanges of the same shape between them, alternating with the baseline in 10 rounds (2 without a checkpoint). ' +
      'Hands rows run on the real Docker engine with Dockhand\'s base image: the tool round trip in process, alternating with the raw ' +
      '`docker exec` in 10 rounds; first tool calls and first model requests one new session at a time, subject and baseline alternating ' +
      'session by session after one warmup session each, every sandbox removed between sessions (untimed); their throughput is one over the mean latency. ' +
      'Concurrent rows start 20, then 40 sessions\' turns at once on one `serve --hands docker` child (default cap and idle timeout), each session made and its ' +
      'stream opened first (untimed), against one session alone on the same server, 4 before and 4 after each batch; every session is deleted between measures. ' +
      'Renderer rows open the built UI in Debian\'s Chromium (a fresh browser context per load) against `dockhand serve --ui` on a store of 10,000 agents or ' +
      '10,000 sessions, timed by the page\'s own clock from navigation start, alternating with the same page on a twin server with an empty store, after one warmup round. ' +
      'The session view opens a 100,000-event session (seeded in process) the same way, alternating with a 10-event session of the same server; its live lag is measured ' +
      'inside the page: a second reader of the session\'s SSE stream notes when each delta arrived, a MutationObserver when the timeline showed that much text. ' +
      'Replay scrubs a 100,000-event session (seeded the same way) from start to end in 20 slider moves, alternating with the same moves over a 1,000-event session.',
    '',
    markdownTable(REPORT_HEADER, rows.map(reportRow)),
    '',
    ...hands.notes.flatMap((n) => [n, '']),
    ...renderer.notes.flatMap((n) => [n, '']),
    ...sessionView.notes.flatMap((n) => [n, '']),
    ...replay.notes.flatMap((n) => [n, '']),
    startUp,
    '',
    `_Measured in ${((performance.now() - started) / 1000).toFixed(0)} s._`,
  ].join('\n'),
);
