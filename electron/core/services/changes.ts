// The change feed: every create, update, archive and delete of an agent, environment, session, vault,
// credential (its metadata, never its secret) or skill (a new or deleted version updates it), and every
// change of what a session is doing, as one ordered stream (`changes.stream`). A subscriber that
// reconnects resumes after the last change it saw while this server still holds it; otherwise it is told
// to resync (reload its lists).
import { randomBytes } from 'node:crypto';
import type { BetaManagedAgentsSession } from '@anthropic-ai/sdk/resources/beta/sessions/sessions';
import type { ChangesReady, ChangesResync, ResourceChange } from '../api/changes.ts';
import type { Services, Sink, Unsubscribe } from '../api/contract.ts';
import type { SessionEvent, StoredEvent, Store } from '../store/index.ts';
import { activityOf } from './activity.ts';
import { sessionReader } from './sessions.ts';

type Change = Exclude<ResourceChange, ChangesResync | ChangesReady>;

/** How many recent changes are kept for subscribers that reconnect. */
const KEPT = 2048;
/** Between two changes of one session that only add events (no new status or usage), at least this long. */
const ACTIVITY_INTERVAL_MS = 1000;

export class ChangeFeed {
  /** This server run: change ids from an earlier run (or another server) cannot be resumed. */
  private readonly run = randomBytes(4).toString('hex');
  private seq = 0;
  /** The last KEPT changes, numbered without gaps. */
  private readonly kept: { seq: number; item: Change }[] = [];
  private readonly sinks = new Set<(item: Change, seq: number) => void>();

  private idOf(seq: number): string {
    return `chg_${this.run}_${seq}`;
  }

  publish(item: Change): void {
    const seq = ++this.seq;
    this.kept.push({ seq, item });
    if (this.kept.length > KEPT) this.kept.splice(0, this.kept.length - KEPT);
    for (const sink of [...this.sinks]) {
      // One subscriber's failure is its own: the others and the change that caused it go on.
      try {
        sink(item, seq);
      } catch {
        this.sinks.delete(sink);
      }
    }
  }

  /** Where `after` points in this run, or null when it cannot be resumed from here. */
  private resumable(after: string): number | null {
    const [, run, n] = after.split('_');
    const seq = Number(n);
    const oldest = this.kept[0]?.seq ?? this.seq + 1;
    return run === this.run && seq <= this.seq && seq >= oldest - 1 ? seq : null;
  }

  /**
   * Delivers the changes after `after` (or a resync when they are gone; without `after`, the
   * position now), at the sink's pace, then live ones.
   */
  subscribe(after: string | undefined, sink: Sink<ResourceChange>): Unsubscribe {
    let stopped = false;
    let cursor = after === undefined ? this.seq : (this.resumable(after) ?? -1);
    const live = (item: Change, seq: number) => {
      cursor = seq;
      void sink(item, this.idOf(seq));
    };
    const resync = () => {
      cursor = this.seq;
      return sink({ type: 'changes.resync' }, this.idOf(cursor));
    };
    const pump = (): void => {
      if (stopped) return;
      for (;;) {
        if (cursor < 0 || (cursor < this.seq && cursor + 1 < (this.kept[0]?.seq ?? Infinity))) {
          // Gone while the subscriber caught up (or never here): it has to reload.
          const full = resync();
          if (full) return void full.then(pump).catch(() => undefined);
          continue;
        }
        if (cursor >= this.seq) break;
        const next = this.kept[cursor + 1 - this.kept[0]!.seq]!;
        cursor = next.seq;
        const full = sink(next.item, this.idOf(next.seq));
        if (full) return void full.then(pump).catch(() => undefined);
      }
      // Caught up, synchronously with the last check: no change falls in between.
      this.sinks.add(live);
    };
    if (after === undefined) void sink({ type: 'changes.ready' }, this.idOf(cursor));
    pump();
    return () => {
      stopped = true;
      this.sinks.delete(live);
    };
  }
}

const STATUS_EVENTS = new Set<SessionEvent['type']>(['session.status_running', 'session.status_idle', 'session.status_rescheduled', 'session.status_terminated']);

/**
 * Publishes a session's change when its log grows: at once when its status or usage changes, and at
 * most once a second when events only add up (its last activity).
 */
function followSessions(store: Store, feed: ChangeFeed): void {
  const { toResource } = sessionReader(store);
  const lastSent = new Map<string, number>();
  store.events.subscribeAll((sessionId, stored: readonly StoredEvent[]) => {
    // sessions.update publishes its own change; the session.updated it logs adds nothing to it.
    if (stored.every((s) => s.event.type === 'session.updated')) return;
    const idle = [...stored].reverse().find((s) => s.event.type === 'session.status_idle')?.event as Extract<SessionEvent, { type: 'session.status_idle' }> | undefined;
    const urgent = stored.some((s) => STATUS_EVENTS.has(s.event.type) || s.event.type === 'span.model_request_end');
    const now = Date.now();
    if (!urgent && now - (lastSent.get(sessionId) ?? 0) < ACTIVITY_INTERVAL_MS) return;
    const row = store.sessions.get(sessionId);
    if (!row) return;
    lastSent.set(sessionId, now);
    feed.publish({ type: 'session.updated', id: sessionId, resource: toResource(row), activity: activityOf(store, row, idle) });
  });
}

/**
 * The services with every change published to `feed`, and `changes.stream` to follow it. Sessions
 * are also followed through their logs (the brain changes their status without a service call).
 */
export function withChanges(services: Omit<Services, 'changes.stream'>, store: Store, feed: ChangeFeed): Services {
  followSessions(store, feed);
  const session = (type: 'session.created' | 'session.updated' | 'session.archived', s: BetaManagedAgentsSession) =>
    feed.publish({ type, id: s.id, resource: s, activity: activityOf(store, s) });
  const tap =
    <I, R>(call: (input: I) => Promise<R>, publish: (result: R, input: I) => void | Promise<void>) =>
    async (input: I): Promise<R> => {
      const result = await call(input);
      await publish(result, input);
      return result;
    };
  /** A version's change is its skill's: the skill as it now is (latest version, updated_at). */
  const skillUpdated = async ({ skill_id }: { skill_id: string }) => {
    const skill = await services['skills.retrieve']({ skill_id });
    feed.publish({ type: 'skill.updated', id: skill.id, resource: skill });
  };
  return {
    ...services,
    'agents.create': tap(services['agents.create'], (a) => feed.publish({ type: 'agent.created', id: a.id, resource: a })),
    'agents.update': tap(services['agents.update'], (a) => feed.publish({ type: 'agent.updated', id: a.id, resource: a })),
    'agents.archive': tap(services['agents.archive'], (a) => feed.publish({ type: 'agent.archived', id: a.id, resource: a })),
    'environments.create': tap(services['environments.create'], (e) => feed.publish({ type: 'environment.created', id: e.id, resource: e })),
    'environments.update': tap(services['environments.update'], (e) => feed.publish({ type: 'environment.updated', id: e.id, resource: e })),
    'environments.archive': tap(services['environments.archive'], (e) => feed.publish({ type: 'environment.archived', id: e.id, resource: e })),
    'environments.delete': tap(services['environments.delete'], (d) => feed.publish({ type: 'environment.deleted', id: d.id })),
    'sessions.create': tap(services['sessions.create'], (s) => session('session.created', s)),
    'sessions.update': tap(services['sessions.update'], (s) => session('session.updated', s)),
    'sessions.archive': tap(services['sessions.archive'], (s) => session('session.archived', s)),
    'sessions.delete': tap(services['sessions.delete'], (d) => feed.publish({ type: 'session.deleted', id: d.id })),
    'vaults.create': tap(services['vaults.create'], (v) => feed.publish({ type: 'vault.created', id: v.id, resource: v })),
    'vaults.update': tap(services['vaults.update'], (v) => feed.publish({ type: 'vault.updated', id: v.id, resource: v })),
    'vaults.archive': tap(services['vaults.archive'], (v) => feed.publish({ type: 'vault.archived', id: v.id, resource: v })),
    'vaults.delete': tap(services['vaults.delete'], (d) => feed.publish({ type: 'vault.deleted', id: d.id })),
    'vaults.credentials.create': tap(services['vaults.credentials.create'], (c) => feed.publish({ type: 'credential.created', id: c.id, resource: c })),
    'vaults.credentials.update': tap(services['vaults.credentials.update'], (c) => feed.publish({ type: 'credential.updated', id: c.id, resource: c })),
    'vaults.credentials.archive': tap(services['vaults.credentials.archive'], (c) => feed.publish({ type: 'credential.archived', id: c.id, resource: c })),
    'vaults.credentials.delete': tap(services['vaults.credentials.delete'], (d, input) => feed.publish({ type: 'credential.deleted', id: d.id, vault_id: input.vault_id })),
    'skills.create': tap(services['skills.create'], (s) => feed.publish({ type: 'skill.created', id: s.id, resource: s })),
    'skills.delete': tap(services['skills.delete'], (d) => feed.publish({ type: 'skill.deleted', id: d.id })),
    'skills.versions.create': tap(services['skills.versions.create'], (_v, input) => skillUpdated(input)),
    'skills.versions.delete': tap(services['skills.versions.delete'], (_d, input) => skillUpdated(input)),
    'changes.stream': async ({ after }, sink) => feed.subscribe(after, sink),
  };
}
