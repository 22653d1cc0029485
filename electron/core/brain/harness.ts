// The brain: a stateless harness. Everything it knows comes from the session log (plus the
// records kept beside it), so a crashed brain is replaced by calling wake(sessionId).
import { budgetReached } from '../services/budget.ts';
import type Anthropic from '@anthropic-ai/sdk';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxProvider } from '../hands/contract.ts';
import { reportToStderr, type Report } from '../report.ts';
import type { NewEvent, StoredEvent, Store } from '../store/index.ts';
import { isReadOnly } from '../store/sessions.ts';
import { compact, estimateTokens } from './context.ts';
import { holderIsDead, LeaseWatch, newHolder } from './leases.ts';
import { classify, modelClient, type ModelSettings } from './model.ts';
import { fold, initialState, nextStep, type BrainState, type Call, type RecordedCompaction, type RecordedResponse } from './state.ts';
import type { McpHub } from '../mcp/hub.ts';
import type { Redact } from '../vault/redact.ts';
import { resultEvent } from './mcp-tools.ts';
import { toolCatalog } from './tools.ts';
import { endFailed, modelTurn } from './turn.ts';
import { skillsOf, systemPrompt } from './system-prompt.ts';

export interface BrainOptions {
  store: Store;
  hands: SandboxProvider;
  model?: ModelSettings;
  /** Retries of a failing model request before the session idles with retries_exhausted. */
  maxRetries?: number;
  /** First retry delay; doubles each time (with jitter), up to 30 s. */
  retryBaseMs?: number;
  leaseMs?: number;
  /** Where failures no caller hears of go (a run that broke, a timer). Default: stderr. */
  report?: Report;
  /** The session's MCP connections (the agents' mcp_servers); without it MCP tools fail. */
  mcp?: McpHub;
  /** The session's known secret values, replaced by markers in tool output and model messages before they are stored. */
  redactor?: (sessionId: string) => Promise<Redact>;
}

interface Run {
  abort: AbortController;
  /** Another brain took the lease, or the session is being deleted: stop without touching the session again. */
  lost: boolean;
  /** Set when a new user event arrives while the run is busy: look at the log again before stopping. */
  again: boolean;
  done: Promise<void>;
}

const CHECKPOINT_EVERY = 1000;
const TOOL_OUTPUT_LIMIT = 100_000;

const text = (t: string) => [{ type: 'text' as const, text: t }];

export class Brain {
  private readonly runs = new Map<string, Run>();
  private readonly holder = newHolder();
  private readonly client: () => Promise<Anthropic>;
  private readonly store: Store;
  private readonly report: Report;
  private readonly watch: LeaseWatch;
  private stopping = false;
  private unsubscribe?: () => void;

  constructor(private readonly opts: BrainOptions) {
    this.store = opts.store;
    this.client = modelClient(opts.model ?? {});
    this.report = opts.report ?? reportToStderr;
    this.watch = new LeaseWatch({ store: this.store, holder: this.holder, leaseMs: this.leaseMs, busy: (id) => this.runs.has(id), wake: (id) => void this.wake(id), report: this.report });
  }

  /**
   * Wakes sessions on user events, and every session a previous brain left running or never answered;
   * from then on, also those another brain (another process on the same store) leaves behind.
   */
  start(): void {
    this.unsubscribe = this.store.events.subscribeAll((sessionId, stored) => this.onAppend(sessionId, stored));
    const left = [...this.store.sessions.idsWithStatus('running'), ...this.store.sessions.idsWithStatus('rescheduling'), ...this.store.brain.unsettled()];
    for (const id of new Set(left)) void this.wake(id);
    this.watch.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.watch.stop();
    this.unsubscribe?.();
    const runs = [...this.runs.values()];
    for (const r of runs) r.abort.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  /** The session is being deleted: stops its run (model request, tool call) and resolves once the run has ended. */
  async stopSession(sessionId: string): Promise<void> {
    this.watch.drop(sessionId);
    const run = this.runs.get(sessionId);
    if (!run) return;
    run.lost = true;
    run.abort.abort();
    await run.done;
  }

  /**
   * Runs the session until nothing is left to do. Resolves at once if the session is gone, or if another
   * brain holds it (then it is tried again when that lease expires). Never throws: it runs from timers.
   */
  wake(sessionId: string): Promise<void> {
    const existing = this.runs.get(sessionId);
    if (existing) {
      existing.again = true;
      return existing.done;
    }
    if (this.stopping || !this.take(sessionId)) return Promise.resolve();
    const run: Run = { abort: new AbortController(), lost: false, again: false, done: Promise.resolve() };
    this.runs.set(sessionId, run);
    const renew = setInterval(() => {
      let held = false;
      try {
        held = this.store.brain.acquireLease(sessionId, this.holder, this.leaseMs, holderIsDead);
      } catch (err) {
        this.report(`renewing the lease of session ${sessionId} failed`, err);
      }
      if (held) return;
      run.lost = true;
      run.abort.abort();
    }, this.leaseMs / 3);
    run.done = this.loop(sessionId, run)
      .catch((err: unknown) => this.failed(sessionId, run, err))
      .finally(() => {
        clearInterval(renew);
        this.runs.delete(sessionId);
        // A wake that came after the loop's last look at the log, but before this cleanup.
        if (run.again && !this.stopping && !run.lost) setImmediate(() => void this.wake(sessionId));
        try {
          this.store.brain.releaseLease(sessionId, this.holder);
        } catch {
          // store already closed
        }
      });
    return run.done;
  }

  private get leaseMs() {
    return this.opts.leaseMs ?? 15_000;
  }

  /** Takes the session's lease. Held by another live brain: the watch tries again when it expires. */
  private take(sessionId: string): boolean {
    try {
      // An imported log is read-only: no brain ever runs it.
      const session = this.store.sessions.get(sessionId);
      if (!session || isReadOnly(session.body)) {
        this.watch.drop(sessionId);
        return false;
      }
      if (this.store.brain.acquireLease(sessionId, this.holder, this.leaseMs, holderIsDead)) {
        this.watch.drop(sessionId);
        return true;
      }
      const until = this.store.brain.leaseHeldUntil(sessionId);
      if (until === undefined) this.watch.drop(sessionId); // the session is gone
      else this.watch.skip(sessionId, until);
    } catch (err) {
      this.report(`waking session ${sessionId} failed`, err);
      this.watch.skip(sessionId, Date.now() + this.leaseMs);
    }
    return false;
  }

  /**
   * The loop broke on something unexpected (a bug, a store refusing writes): the calls it was about to
   * run get an error result, a session.error says why, and the session goes idle, so it is never left
   * `running` with no brain on it. If even that cannot be written, the session stays marked running
   * and the watch wakes it again later.
   */
  private failed(sessionId: string, run: Run, err: unknown): void {
    if (this.stopping || run.lost) return; // shutting down, taken over or being deleted: not the session's failure
    try {
      if (!this.store.sessions.get(sessionId)) return; // deleted meanwhile, by another process
      this.report(`session ${sessionId} failed`, err);
      const why = `Dockhand failed while running this session: ${err instanceof Error ? err.message : String(err)}`;
      let state: BrainState | undefined;
      let unrun: Call[] = [];
      try {
        state = this.load(sessionId);
        const step = nextStep(state);
        if (step.kind === 'run') unrun = step.calls;
      } catch {
        state = undefined; // the state itself is what broke: go idle without a checkpoint
      }
      const events: NewEvent[] = [
        ...unrun.map((c): NewEvent => ({ type: 'agent.tool_result', tool_use_id: c.eventId, is_error: true, content: text(`${why}. This tool call did not complete: check its effects before running it again.`) })),
        { type: 'session.error', error: { type: 'unknown_error', message: why, retry_status: { type: 'terminal' } } },
        { type: 'session.status_idle', stop_reason: { type: 'retries_exhausted' }, stop_details: null },
      ];
      this.store.events.append(sessionId, events, (stored) => {
        if (state) this.store.brain.putCheckpoint(sessionId, stored.at(-1)!.seq, fold(state, stored, this.response(sessionId)));
      });
    } catch (again) {
      this.report(`the failure of session ${sessionId} could not be recorded`, again);
    }
  }

  private onAppend(sessionId: string, stored: readonly StoredEvent[]): void {
    const fromUser = stored.filter((s) => s.event.type.startsWith('user.') || s.event.type === 'system.message');
    if (!fromUser.length) return;
    if (fromUser.some((s) => s.event.type === 'user.interrupt')) this.runs.get(sessionId)?.abort.abort();
    // Out of the appender's call stack: the sender's request is answered first.
    setImmediate(() => void this.wake(sessionId));
  }

  private response = (sessionId: string) => (eventId: string) => this.store.brain.response<RecordedResponse | RecordedCompaction>(sessionId, eventId);

  /** The state from the last checkpoint, then every event after it. */
  private load(sessionId: string): BrainState {
    const cp = this.store.brain.checkpoint<BrainState>(sessionId);
    return this.refresh(sessionId, cp?.state ?? initialState(), cp?.seq ?? 0);
  }

  private refresh(sessionId: string, state: BrainState, checkpointSeq = state.seq): BrainState {
    const log = this.store.events;
    // One fold (one copy of the state) over the whole backlog, read in batches; none when nothing is new.
    let batch = log.after(sessionId, state.seq, 500);
    function* unread() {
      for (; batch.length; batch = log.after(sessionId, batch[batch.length - 1]!.seq, 500)) yield* batch;
    }
    if (batch.length) state = fold(state, unread(), this.response(sessionId));
    // A long stretch without going idle still gets a checkpoint, so waking never reads far back.
    if (state.seq - checkpointSeq >= CHECKPOINT_EVERY) this.store.brain.putCheckpoint(sessionId, state.seq, state);
    return state;
  }

  private append(sessionId: string, events: NewEvent[]): void {
    this.store.events.append(sessionId, events);
  }

  /** Goes idle, saving the state as of the idle event in the same transaction. */
  private idle(sessionId: string, state: BrainState, stop_reason: Extract<NewEvent, { type: 'session.status_idle' }>['stop_reason']): void {
    this.checkpointWith(sessionId, state, { type: 'session.status_idle', stop_reason, stop_details: null });
  }

  /** Appends one event and, in the same transaction, what is recorded beside it and a checkpoint of the state including it. */
  private checkpointWith(sessionId: string, state: BrainState, event: NewEvent, record?: (eventId: string) => void): void {
    const current = this.refresh(sessionId, state);
    this.store.events.append(sessionId, [event], (stored) => {
      record?.(stored[0]!.event.id);
      this.store.brain.putCheckpoint(sessionId, stored[0]!.seq, fold(current, stored, this.response(sessionId)));
    });
  }

  private async loop(sessionId: string, run: Run): Promise<void> {
    let state = this.load(sessionId);
    while (!this.stopping && !run.lost) {
      state = this.refresh(sessionId, state);
      const step = nextStep(state);
      switch (step.kind) {
        case 'abandon':
          endFailed(this.store, sessionId, step.requestEventId);
          break;
        case 'interrupt': {
          const unfinished = state.calls.filter((c) => !c.result);
          for (const c of unfinished) this.append(sessionId, [resultEvent(c, text('Interrupted by the user before this tool call ran.'), true)]);
          run.abort = new AbortController();
          this.idle(sessionId, state, { type: 'end_turn' });
          break;
        }
        case 'deny':
          for (const c of step.calls) {
            const why = c.decision?.message ? ` Reason: ${c.decision.message}` : '';
            this.append(sessionId, [resultEvent(c, text(c.refused ?? `The user denied this tool call.${why}`), true)]);
          }
          break;
        case 'run':
          if (state.status !== 'running') this.append(sessionId, [{ type: 'session.status_running' }]);
          await this.runTool(sessionId, step.calls[0]!, run.abort.signal);
          break;
        case 'await':
          if (!(state.lastIdle?.reason === 'requires_action' && sameIds(state.lastIdle.eventIds, step.eventIds))) this.idle(sessionId, state, { type: 'requires_action', event_ids: step.eventIds });
          if (!takeAgain(run)) return;
          break;
        case 'model':
          state = await this.requestModel(sessionId, state, run);
          break;
        case 'rest':
          if (state.status !== 'idle') this.idle(sessionId, state, { type: 'end_turn' });
          if (!takeAgain(run)) return;
          break;
      }
    }
  }

  private async runTool(sessionId: string, call: Call, signal: AbortSignal): Promise<void> {
    if (!this.store.brain.startToolRun(sessionId, call.eventId)) {
      // Started before, never finished: the brain died mid-tool. Never run it silently twice.
      this.append(sessionId, [resultEvent(call, text('This tool call was interrupted when Dockhand stopped. It may have partly run: check its effects before running it again.'), true)]);
      return;
    }
    let result: ToolOutput;
    try {
      // Stop waiting at an interrupt even if the provider does not honour the signal.
      const interrupted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
      result = await Promise.race([this.execute(sessionId, call, signal), interrupted]);
    } catch (err) {
      result = { content: text(signal.aborted ? 'Interrupted by the user while running.' : err instanceof Error ? err.message : String(err)), isError: true };
    }
    const redact = await this.redactorOf(sessionId);
    const content = result.content.map((b) => (b.type === 'text' ? { ...b, text: cut(redact(b.text)) } : b));
    this.append(sessionId, [resultEvent(call, content, result.isError)]);
  }

  /** Runs a call in the hands, or on its MCP server. */
  private async execute(sessionId: string, call: Call, signal: AbortSignal): Promise<ToolOutput> {
    if (!call.mcp) return { content: text((await this.opts.hands.forSession(sessionId).execute(call.name, call.input, { signal })) || '(no output)'), isError: false };
    const agent = this.store.sessionAgent(sessionId);
    if (!this.opts.mcp || !agent) throw new Error('MCP servers are not available in this Dockhand');
    const r = await this.opts.mcp.call(sessionId, agent, call.mcp.server, call.mcp.tool, call.input, signal);
    return { content: r.content.length ? r.content : text('(no output)'), isError: r.isError };
  }

  private redactorOf(sessionId: string): Promise<Redact> {
    return this.opts.redactor?.(sessionId).catch(() => (t: string) => t) ?? Promise.resolve((t: string) => t);
  }

  private async requestModel(sessionId: string, state: BrainState, run: Run): Promise<BrainState> {
    const agent = this.store.sessionAgent(sessionId);
    const row = this.store.sessions.get(sessionId);
    if (!agent || !row) throw new Error(`session ${sessionId} is gone`);
    // Spent its budget: no more model requests until the budget is raised or removed and the user speaks again.
    if (budgetReached(row.body, row.usage, agent.model.id)) {
      this.idle(sessionId, state, { type: 'budget_reached' });
      return state;
    }
    const settings = this.opts.model ?? {};
    const maxTokens = settings.maxTokens ?? 8192;
    const catalog = await toolCatalog(agent.tools, this.opts.mcp?.listed(sessionId, agent));

    const window = settings.contextWindow ?? 200_000;
    const system = systemPrompt(agent.system, this.opts.hands.mountsSkills ? skillsOf(this.store, agent) : [], state.systemNotes);
    const fixed = estimateTokens({ system, tools: [...catalog.values()].map((t) => t.definition) });
    const compacted = compact(state.messages, fixed, Math.floor(window * 0.75) - maxTokens, Math.floor(window * 0.5) - maxTokens);
    if (compacted) {
      // The compacted context is recorded beside its event, so a fold from any point (a fork, a lost checkpoint) finds it.
      const record: RecordedCompaction = { messages: compacted };
      this.checkpointWith(sessionId, state, { type: 'agent.thread_context_compacted' }, (id) => this.store.brain.putResponse(sessionId, id, record));
      return this.load(sessionId);
    }

    try {
      const redact = await this.redactorOf(sessionId);
      await modelTurn({ store: this.store, sessionId, state, agent, system, catalog, client: await this.client(), maxTokens, signal: run.abort.signal, redact });
      return state;
    } catch (err) {
      if (run.abort.signal.aborted) return state; // interrupted (or stopping): the loop reads the log again
      const failure = classify(err);
      const attempt = state.failures + 1;
      const retrying = failure.retryable && attempt <= (this.opts.maxRetries ?? 5);
      const retry_status = { type: retrying ? 'retrying' : failure.retryable ? 'exhausted' : 'terminal' } as const;
      this.append(sessionId, [{ type: 'session.error', error: { type: failure.type, message: failure.message, retry_status } }]);
      if (!retrying) {
        this.idle(sessionId, state, { type: 'retries_exhausted' });
        return state;
      }
      const base = this.opts.retryBaseMs ?? 1000;
      const delay = Math.min(30_000, base * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      await sleep(delay, undefined, { signal: run.abort.signal }).catch(() => undefined);
      return state;
    }
  }
}

type ToolOutput = { content: Extract<NewEvent, { type: 'agent.mcp_tool_result' }>['content'] & {}; isError: boolean };

const cut = (t: string) => (t.length > TOOL_OUTPUT_LIMIT ? `${t.slice(0, TOOL_OUTPUT_LIMIT)}\n[Output cut at ${TOOL_OUTPUT_LIMIT} characters.]` : t);

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

function takeAgain(run: Run): boolean {
  const again = run.again;
  run.again = false;
  return again;
}
