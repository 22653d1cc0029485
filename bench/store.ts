// Store: appending to the session log through the real EventLog (WAL, synchronous=FULL), against
// a bare better-sqlite3 INSERT into a plain table of a file opened with the very same pragmas.
import { join } from 'node:path';
import { validate } from '../electron/core/api/validate.ts';
import { createCore } from '../electron/core/runtime.ts';
import { openDb } from '../electron/core/store/db.ts';
import type { NewEvent } from '../electron/core/store/events.ts';
import { message } from './payload.ts';
import { compare, type Row } from './stats.ts';

const BATCHES = [1, 10, 100] as const;
/** Iterations per batch size, and a wall-time cap per loop. */
const COUNT: Record<(typeof BATCHES)[number], number> = { 1: 2000, 10: 1000, 100: 300 };
const CAP_MS = 6000;

export async function storeBench(dir: string): Promise<Row[]> {
  const event = message('store') as NewEvent;
  const core = createCore({ dataDir: join(dir, 'store'), brain: false });
  // Same openDb, so the same journal mode, synchronous level and busy timeout as the store.
  const bare = openDb(join(dir, 'bare.db'));
  try {
    const agent = await core.services['agents.create'](validate('agents.create', { name: 'bench', model: 'claude-sonnet-4-6' }));
    const env = await core.services['environments.create'](validate('environments.create', { name: 'bench' }));
    const session = await core.services['sessions.create'](validate('sessions.create', { agent: agent.id, environment_id: env.id }));

    bare.exec('CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const insert = bare.prepare('INSERT INTO bench_plain (body) VALUES (?)');
    const bareTx = bare.transaction((bodies: string[]) => {
      for (const b of bodies) insert.run(b);
    });

    const stored = core.store.events.append(session.id, [event])[0]!;
    const body = JSON.stringify(stored.event);
    const payload = `${Buffer.byteLength(body)} B event JSON`;

    const rows: Row[] = [];
    for (const k of BATCHES) {
      const events = Array.from({ length: k }, () => event);
      const bodies = Array.from({ length: k }, () => body);
      const bounds = { count: COUNT[k], capMs: CAP_MS, warmup: 20, perSample: k };
      process.stderr.write(`store: batches of ${k}\n`);
      const { baseline, subject: timing } = await compare(
        () => bareTx.immediate(bodies),
        () => core.store.events.append(session.id, events),
        bounds,
      );
      rows.push({
        area: 'Store',
        measure: k === 1 ? 'events.append, 1 event per transaction' : `events.append, ${k} events per call (one transaction)`,
        payload: k === 1 ? payload : `${k} × ${payload}`,
        unit: 'events',
        timing,
        baseline: { name: `bare INSERT, ${k} row${k === 1 ? '' : 's'} per transaction`, timing: baseline },
      });
    }
    if (core.store.integrityCheck() !== 'ok') throw new Error('store integrity check failed after the benchmark');
    return rows;
  } finally {
    bare.close();
    await core.close();
  }
}
