// Replay's operations. `events.window`: the log by position. `sessions.state`: a session as it stood
// after one of its events, for replay's state panel. The
// brain's own fold rebuilds it from the log and what the brain recorded beside it, so the panel shows
// what the model was given, never a second reading of the log. Nothing is run.
import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { PendingAction, SessionStateAt } from '../api/replay.ts';
import { fold, initialState, nextStep, type BrainState, type RecordedCompaction, type RecordedResponse } from '../brain/state.ts';
import { listDollars, priced } from '../prices.ts';
import type { StoredEvent, Store } from '../store/index.ts';
import { asSessionUsage, tokensUpTo } from '../store/usage.ts';
import { sessionReader } from './sessions.ts';

/** States kept per session: the latest results, so a scrub folds only from the nearest one before it. */
const KEPT_PER_SESSION = 8;
/** Sessions whose states are kept (the least recently replayed are dropped first). */
const SESSIONS_KEPT = 4;
const BATCH = 500;

/**
 * Folded states kept per session, bounded: each answer's state, the least recently used dropped first.
 * A fold copies its starting state once (the brain's `fold`), so one request costs one copy plus the
 * events since the nearest kept state, however far the cursor moved.
 */
class KeptStates {
  private readonly bySession = new Map<string, BrainState[]>();

  /** The latest kept state at or before `seq`. */
  nearest(sessionId: string, seq: number): BrainState | undefined {
    const kept = this.bySession.get(sessionId);
    if (!kept) return undefined;
    this.bySession.delete(sessionId);
    this.bySession.set(sessionId, kept);
    return kept.filter((s) => s.seq <= seq).reduce<BrainState | undefined>((best, s) => (!best || s.seq > best.seq ? s : best), undefined);
  }

  keep(sessionId: string, state: BrainState): void {
    const kept = (this.bySession.get(sessionId) ?? []).filter((s) => s.seq !== state.seq);
    this.bySession.delete(sessionId);
    this.bySession.set(sessionId, [...kept, state].slice(-KEPT_PER_SESSION));
    if (this.bySession.size > SESSIONS_KEPT) this.bySession.delete(this.bySession.keys().next().value!);
  }
}

const NEXT: Record<ReturnType<typeof nextStep>['kind'], SessionStateAt['next']> = {
  abandon: 'model',
  model: 'model',
  interrupt: 'rest',
  rest: 'rest',
  deny: 'tools',
  run: 'tools',
  await: 'user',
};

export function replayServices(store: Store): Pick<Services, 'sessions.state' | 'events.window'> {
  const { row } = sessionReader(store);
  const kept = new KeptStates();

  /** The events after `from` up to `to`, read in batches. */
  function* between(sessionId: string, from: number, to: number): Generator<StoredEvent> {
    for (let seq = from; seq < to; ) {
      const batch = store.events.after(sessionId, seq, Math.min(BATCH, to - seq));
      if (!batch.length) return;
      yield* batch;
      seq = batch.at(-1)!.seq;
    }
  }

  function stateAt(sessionId: string, seq: number): BrainState {
    const recorded = (eventId: string) => store.brain.response<RecordedResponse | RecordedCompaction>(sessionId, eventId);
    let state = kept.nearest(sessionId, seq) ?? initialState();
    // The brain's checkpoint is the same fold, already done (at the session's last idle).
    const cp = store.brain.checkpoint<BrainState>(sessionId);
    if (cp && cp.seq <= seq && cp.seq > state.seq) state = cp.state;
    if (state.seq < seq) state = fold(state, between(sessionId, state.seq, seq), recorded);
    kept.keep(sessionId, state);
    return state;
  }

  return {
    async 'events.window'({ session_id, from, limit = 200 }) {
      const total = row(session_id).last_seq;
      const first = from ?? Math.max(1, total - limit + 1);
      return { data: store.events.after(session_id, first - 1, limit).map((s) => s.event), first_position: first, total };
    },

    async 'sessions.state'({ session_id, at, messages = 100 }) {
      const s = row(session_id);
      let seq = s.last_seq;
      if (at) {
        const where = store.events.locate(at);
        if (!where || where.session_id !== session_id) throw invalid(`event ${at} is not in session ${session_id}`);
        seq = where.seq;
      }
      const state = stateAt(session_id, seq);
      const model = store.agentOfSession(s)!.model.id;
      const tokens = tokensUpTo(store.db, session_id, seq);
      const usage = asSessionUsage(tokens);
      const compacted = store.events.lastOfType(session_id, 'agent.thread_context_compacted', seq);
      const pending = state.calls
        .filter((c) => !c.result)
        .map((c): PendingAction => ({ event_id: c.eventId, name: c.name, input: c.input, awaiting: c.custom ? 'custom_tool_result' : c.ask && !c.decision ? 'confirmation' : 'result' }));
      return {
        type: 'session_state',
        session_id,
        event_id: seq ? (at ?? store.events.after(session_id, seq - 1, 1)[0]!.event.id) : null,
        position: seq,
        total: s.last_seq,
        status: state.status,
        messages: messages ? state.messages.slice(-messages) : [],
        message_count: state.messages.length,
        compaction: compacted ? { event_id: compacted.id, recorded: store.brain.response<RecordedCompaction>(session_id, compacted.id) !== undefined } : null,
        open_model_request: state.openRequest,
        pending,
        next: NEXT[nextStep(state).kind],
        usage: priced(usage, model),
        estimated_cost_usd: listDollars(usage, model) ?? null,
        model_requests: tokens.model_requests,
      };
    },
  };
}
