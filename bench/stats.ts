// Timing loops, percentiles and the markdown table the benchmark prints.
import { performance } from 'node:perf_hooks';

/** Latencies in milliseconds plus the wall time of the loop that produced them. */
export interface Timing {
  samples: number[];
  elapsedMs: number;
  /** Operations per sample (events per append call), for throughput. */
  perSample: number;
}

export interface Bounds {
  /** Upper bound on measured iterations. */
  count: number;
  /** The loop stops early after this much wall time, so a slow disk cannot stall the run. */
  capMs: number;
  /** Unmeasured iterations first (JIT, page cache, connection pool). */
  warmup?: number;
  /** Operations per iteration; 1 unless an iteration is a batch. */
  perSample?: number;
}

/** How often a loop of synchronous calls lets the event loop run, so a signal can stop the run cleanly. */
const YIELD_EVERY_MS = 10;
const tick = () => new Promise((resolve) => setImmediate(resolve));

type Op = (i: number) => unknown;

/** Runs `fn` sequentially within the bounds, timing each call. Sync functions are not awaited. */
async function measure(fn: Op, b: Bounds): Promise<Timing> {
  for (let i = 0; i < (b.warmup ?? 0); i++) await fn(i);
  const samples: number[] = [];
  const start = performance.now();
  let yielded = start;
  for (let i = 0; i < b.count && performance.now() - start < b.capMs; i++) {
    const t0 = performance.now();
    const r = fn(i);
    if (r instanceof Promise) await r;
    const t1 = performance.now();
    samples.push(t1 - t0);
    if (t1 - yielded > YIELD_EVERY_MS) {
      await tick();
      yielded = performance.now();
    }
  }
  return { samples, elapsedMs: performance.now() - start, perSample: b.perSample ?? 1 };
}

/** Like `measure`, with `concurrency` calls in flight at once; each sample is one call's latency under that load. */
async function measureConcurrent(fn: Op, b: Bounds & { concurrency: number }): Promise<Timing> {
  await Promise.all(Array.from({ length: b.warmup ?? 0 }, (_, i) => fn(i)));
  const samples: number[] = [];
  const start = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < b.count && performance.now() - start < b.capMs) {
      const i = next++;
      const t0 = performance.now();
      await fn(i);
      samples.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: b.concurrency }, worker));
  return { samples, elapsedMs: performance.now() - start, perSample: b.perSample ?? 1 };
}

/**
 * Measures `subject` and its `baseline` in alternating rounds (each round a slice of the count and
 * of the time cap), so a change in the machine's load during the run lands on both, not on the ratio.
 */
export async function compare(baseline: Op, subject: Op, b: Bounds & { concurrency?: number; rounds?: number }): Promise<{ baseline: Timing; subject: Timing }> {
  const rounds = b.rounds ?? 10;
  const run = (fn: Op, round: number) => {
    const slice = { count: Math.ceil(b.count / rounds), capMs: b.capMs / rounds, perSample: b.perSample, warmup: round === 0 ? b.warmup : 0 };
    return b.concurrency ? measureConcurrent(fn, { ...slice, concurrency: b.concurrency }) : measure(fn, slice);
  };
  const merge = (parts: Timing[]): Timing => ({
    samples: parts.flatMap((t) => t.samples),
    elapsedMs: parts.reduce((sum, t) => sum + t.elapsedMs, 0),
    perSample: b.perSample ?? 1,
  });
  const base: Timing[] = [];
  const subj: Timing[] = [];
  for (let r = 0; r < rounds; r++) {
    base.push(await run(baseline, r));
    subj.push(await run(subject, r));
  }
  return { baseline: merge(base), subject: merge(subj) };
}

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const p50 = (t: Timing) => percentile(t.samples, 50);
export const p95 = (t: Timing) => percentile(t.samples, 95);
/** Operations per second over the whole measured loop. */
export const rate = (t: Timing) => (t.samples.length * t.perSample) / (t.elapsedMs / 1000);

export function fmtMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
}
export const fmtRate = (perSec: number, unit: string) => `${perSec < 10 ? perSec.toFixed(2) : Math.round(perSec).toLocaleString('en-US')} ${unit}/s`;
export const fmtBytes = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} KiB`);
export const fmtRatio = (x: number) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '—');
export const fmtGiB = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/** One line of the report: a measurement and, where one applies, its baseline from the same run. */
export interface Row {
  area: string;
  measure: string;
  /** Sizes involved (bytes per event, events per call, subscribers). */
  payload: string;
  /** What one operation is, for the throughput column ("events", "requests", "deliveries"). */
  unit: string;
  timing: Timing;
  baseline?: { name: string; timing: Timing };
}

export const REPORT_HEADER = ['Area', 'Measure', 'Payload', 'n', 'p50', 'p95', 'Throughput', 'Baseline (same run)', 'Baseline p50 / p95', 'Ratio p50 / p95'];

export function reportRow(r: Row): string[] {
  const b = r.baseline?.timing;
  return [
    r.area,
    r.measure,
    r.payload,
    String(r.timing.samples.length),
    fmtMs(p50(r.timing)),
    fmtMs(p95(r.timing)),
    fmtRate(rate(r.timing), r.unit),
    r.baseline?.name ?? '—',
    b ? `${fmtMs(p50(b))} / ${fmtMs(p95(b))}` : '—',
    b ? `${fmtRatio(p50(r.timing) / p50(b))} / ${fmtRatio(p95(r.timing) / p95(b))}` : '—',
  ];
}

/** A GitHub-flavoured markdown table; `|` in cells is escaped. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => s.replaceAll('|', '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
