// wake() of an idle session of 1k, 10k and 100k events: it takes the lease, loads the checkpoint,
// folds what came after it, finds nothing to do and returns. Its cost must not grow with the log.
// Baselines from the same run, alternating: the 1k session's wake (so flatness shows as a ratio), and
// the same wake with the checkpoint gone, which must fold the whole log (why checkpoints matter).
import { join } from 'node:path';
import { Brain } from '../electron/core/brain/harness.ts';
import { NoSandboxProvider } from '../electron/core/hands/none.ts';
import { createCore } from '../electron/core/runtime.ts';
import { Store } from '../electron/core/store/index.ts';
import { startScriptedModel } from '../test/support/scripted-model/index.ts';
import { agentScript, sessionGrower } from './brain-session.ts';
import { compare, fmtBytes, type Row } from './stats.ts';

const SIZES = [1_000, 10_000, 100_000] as const;
const MODEL_KEY = 'sk-ant-bench-model-key';
const WAKE = { count: 300, capMs: 3000, warmup: 5 };
/** Folding the whole log takes seconds at 100k events: 2 rounds (at least one sample each), no warmup. */
const FULL_FOLD = { count: 20, capMs: 6000, rounds: 2 };

const kEvents = (n: number) => `${Math.round(n / 1000)}k`;

export async function wakeBench(dir: string): Promise<Row[]> {
  const model = await startScriptedModel({ apiKey: MODEL_KEY, script: agentScript });
  const settings = { baseURL: model.url, apiKey: MODEL_KEY };
  const core = createCore({ dataDir: join(dir, 'live'), brain: { model: settings, maxRetries: 0 } });
  const bulk = Store.open(join(dir, 'live', 'dockhand.db'));
  let copy: Store | undefined;
  try {
    const grower = sessionGrower(core, bulk);
    const sessions = [];
    for (const size of SIZES) {
      process.stderr.write(`brain: growing a ${kEvents(size)}-event session\n`);
      sessions.push(await grower.grow(size));
    }

    // The baseline brain works on a copy whose checkpoints vanish as soon as they are written, so
    // every wake there folds the log from its first event, exactly as a wake without checkpoints would.
    const copyFile = join(dir, 'copy.db');
    await core.store.db.backup(copyFile);
    copy = Store.open(copyFile);
    copy.db.exec('DELETE FROM checkpoints; CREATE TRIGGER bench_no_checkpoint AFTER INSERT ON checkpoints BEGIN DELETE FROM checkpoints WHERE session_id = NEW.session_id; END;');
    const noCheckpoint = new Brain({ store: copy, hands: new NoSandboxProvider(), model: settings });

    const wake = (id: string) => () => core.brain!.wake(id);
    const small = sessions[0]!;
    const rows: Row[] = [];
    const foldRows: Row[] = [];
    for (const s of sessions) {
      const size = kEvents(s.events);
      const checkpoint = core.store.brain.checkpoint<unknown>(s.sessionId)!;
      if (checkpoint.seq !== s.events) throw new Error(`the ${size}-event session's checkpoint is at ${checkpoint.seq}, not at its idle event`);
      const compactions = core.store.events.list(s.sessionId, { order: 'asc', limit: 1000, types: ['agent.thread_context_compacted'], created: [] }).rows.length;
      const payload = `${s.events.toLocaleString('en-US')} events, ${s.realTurns} real turns, ${compactions} compactions; ${fmtBytes(JSON.stringify(checkpoint.state).length)} checkpoint`;
      process.stderr.write(`brain: wake() of the ${size}-event session\n`);
      const flat = await compare(wake(small.sessionId), wake(s.sessionId), WAKE);
      rows.push({
        area: 'Brain',
        measure: `wake() of an idle session, ${size} events (nothing to do)`,
        payload,
        unit: 'wakes',
        timing: flat.subject,
        baseline: { name: `wake() of the idle ${kEvents(small.events)}-event session (alternating)`, timing: flat.baseline },
      });
      process.stderr.write(`brain: wake() of the ${size}-event session without its checkpoint\n`);
      const full = await compare(wake(s.sessionId), () => noCheckpoint.wake(s.sessionId), FULL_FOLD);
      foldRows.push({
        area: 'Brain',
        measure: `wake() without a checkpoint (folds the whole log), ${size} events`,
        payload: `${s.events.toLocaleString('en-US')} events`,
        unit: 'wakes',
        timing: full.subject,
        baseline: { name: 'wake() of the same session with its checkpoint (alternating)', timing: full.baseline },
      });
      // A wake that found work would have written to the log: it must not have.
      for (const store of [core.store, copy]) {
        if (store.sessions.get(s.sessionId)!.last_seq !== s.events) throw new Error(`wake() of the idle ${size}-event session appended events`);
      }
    }
    if (core.store.integrityCheck() !== 'ok') throw new Error('store integrity check failed after the wake benchmark');
    return [...rows, ...foldRows];
  } finally {
    copy?.close();
    bulk.close();
    await core.close();
    await model.close();
  }
}
