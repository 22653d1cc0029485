// The hands rows of `npm run bench`, on the real Docker engine; skipped, with the reason, when none answers.
import { join } from 'node:path';
import { ensureBaseImage } from '../electron/core/hands/docker/images.ts';
import { concurrentBench } from './hands-concurrent.ts';
import { handsEngine, leftovers, sweepSync } from './hands-engine.ts';
import { firstRequestBench } from './hands-first-request.ts';
import { toolBench } from './hands-tools.ts';
import type { Row } from './stats.ts';

/** `atExit` runs synchronously on any exit: it must leave no container or network of this run behind. */
export async function handsBench(dir: string, atExit: (fn: () => void) => void): Promise<{ rows: Row[]; notes: string[] }> {
  const engine = await handsEngine();
  if ('skipped' in engine) {
    const line = `Hands rows skipped: ${engine.skipped}.`;
    process.stderr.write(`${line}\n`);
    return { rows: [], notes: [line] };
  }
  const { docker } = engine;
  const owners = [process.pid];
  atExit(() => sweepSync(owners));

  let last = -10;
  const base = await ensureBaseImage(docker, (p) => {
    if (p.cached || p.percent - last < 10) return;
    last = p.percent;
    process.stderr.write(`hands: building the base image, ${p.percent.toFixed(0)}%: ${p.message}\n`);
  });
  process.stderr.write(`hands: base image ${base}\n`);

  const rows = await toolBench(docker, join(dir, 'tools'));
  const first = await firstRequestBench(docker, join(dir, 'first-request'), (pid, kill) => {
    owners.push(pid);
    atExit(kill);
  });
  const concurrent = await concurrentBench(docker, join(dir, 'concurrent'), (pid, kill) => {
    owners.push(pid);
    atExit(kill);
  });
  const left = await leftovers(docker, owners);
  if (left.length) throw new Error(`the hands benchmark left these behind: ${left.join(', ')}`);
  return { rows: [...rows, ...first.rows, ...concurrent.rows], notes: [first.note, concurrent.note] };
}
