// Start-up and footprint: the built `dockhand serve` (bin/dockhand.js running out/main/cli.js, as an npm
// install runs it) from spawn to its ready line and its memory at rest, against a bare Node HTTP server
// spawned the same way, alternating one start of each; and the Electron main bundle's size.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { markdownTable, percentile } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/dockhand.js');
const STARTS = 10;
/** How long after its ready line a process counts as at rest. */
const REST_MS = 1000;
const BARE = "require('node:http').createServer((q, r) => r.end()).listen(0, '127.0.0.1', function () { console.log('listening on ' + this.address().port) })";

interface Start {
  ms: number;
  /** CPU time (user + system) the process used up to its ready line: what the load on the machine does not change. */
  cpuMs: number;
  rssMb: number;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
/** utime + stime from /proc/PID/stat, in clock ticks of 10 ms (Linux's USER_HZ). */
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

/** Spawns `args`, times it to its first stdout line, waits REST_MS, reads its RSS, and stops it. */
async function startOnce(args: string[]): Promise<Start> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    const [ms, cpu] = await new Promise<[number, number]>((done, fail) => {
      child.stdout!.once('data', () => done([performance.now() - t0, cpuMs(child.pid!)]));
      child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited with ${code} before its ready line`)));
    });
    await sleep(REST_MS);
    return { ms, cpuMs: cpu, rssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** Alternates starts of the bare server and of `serve` with `extra` options on an existing data directory (one untimed start of each first). */
async function compareStarts(dataDir: string, extra: string[]): Promise<{ bare: Start[]; serve: Start[] }> {
  const serveArgs = [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--api-key', 'bench', ...extra];
  await startOnce(['-e', BARE]);
  await startOnce(serveArgs);
  const bare: Start[] = [];
  const serve: Start[] = [];
  for (let i = 0; i < STARTS; i++) {
    bare.push(await startOnce(['-e', BARE]));
    serve.push(await startOnce(serveArgs));
  }
  return { bare, serve };
}

/** Files a module loads before it runs, following its static imports of chunks, and the packages it imports so. */
function staticGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files: string[] = [];
  const packages = new Set<string>();
  const follow = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)) {
      if (spec!.startsWith('.')) follow(resolve(file, '..', spec!));
      else if (!spec!.startsWith('node:')) packages.add(spec!);
    }
  };
  follow(entry);
  return { files, packages };
}

const fmtMs = (ms: number) => `${ms.toFixed(0)} ms`;
const fmtMb = (mb: number) => `${mb.toFixed(1)} MB`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function startBench(dir: string): Promise<string> {
  if (!existsSync(join(ROOT, 'out/main/cli.js'))) throw new Error('no build in out/: run `npm run bench`, which builds first');
  const rows: string[][] = [];
  for (const [label, extra] of [
    ['`serve --hands none`', ['--hands', 'none']],
    ['`serve --hands docker` (Docker\'s client loads just after the ready line, for the sandbox reap)', ['--hands', 'docker']],
  ] as const) {
    process.stderr.write(`start: ${label}\n`);
    const { bare, serve } = await compareStarts(mkdtempSync(join(dir, 'start-')), [...extra]);
    const pair = (pick: (s: Start) => number, fmt: (n: number) => string) => {
      const [s50, s95, b50, b95] = [percentile(serve.map(pick), 50), percentile(serve.map(pick), 95), percentile(bare.map(pick), 50), percentile(bare.map(pick), 95)];
      return [`${fmt(s50)} / ${fmt(s95)}`, `${fmt(b50)} / ${fmt(b95)}`, `${(s50 / b50).toFixed(2)}× / ${(s95 / b95).toFixed(2)}×`];
    };
    rows.push([`${label}: spawn → ready line`, String(serve.length), ...pair((s) => s.ms, fmtMs)]);
    rows.push([`${label}: CPU time (user + system) to the ready line`, String(serve.length), ...pair((s) => s.cpuMs, fmtMs)]);
    rows.push([`${label}: RSS ${REST_MS / 1000} s after the ready line`, String(serve.length), ...pair((s) => s.rssMb, fmtMb)]);
  }

  const main = staticGraph(join(ROOT, 'out/main/index.js'));
  const startBytes = main.files.reduce((sum, f) => sum + statSync(f).size, 0);
  const mainTable = markdownTable(
    ['Electron main bundle', 'Size'],
    [
      [`loaded at start: index.js and ${main.files.length - 1} chunk(s)`, kib(startBytes)],
      ['packages it imports from node_modules (external, in app.asar)', [...main.packages].join(', ') || '—'],
    ],
  );

  return [
    markdownTable(['Start-up (built CLI, existing data directory)', 'n', 'p50 / p95', 'Bare Node HTTP server (same run)', 'Ratio p50 / p95'], rows),
    '',
    mainTable,
  ].join('\n');
}
