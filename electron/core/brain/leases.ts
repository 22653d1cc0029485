import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Report } from '../report.ts';
import type { Store } from '../store/index.ts';

/** Who holds a lease: this machine, this process, this brain. */
export const newHolder = () => `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;

/**
 * A holder on this machine whose process is gone cannot renew: its lease may be taken at once
 * instead of waiting for it to expire (a restart after a crash resumes immediately).
 */
export function holderIsDead(holder: string): boolean {
  const [host, pid] = holder.split('/');
  if (host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export interface WatchOptions {
  store: Store;
  /** This brain's holder name. */
  holder: string;
  leaseMs: number;
  /** Whether this brain is running the session now. */
  busy: (sessionId: string) => boolean;
  wake: (sessionId: string) => void;
  report: Report;
}

/**
 * Finds the sessions that need a brain while no live one holds them, and wakes them: those a wake of
 * this brain found leased by another holder (tried again as that lease expires), and those any brain
 * left behind in the store (a process that died, froze, or stopped mid-run: its lease expires, or its
 * holder is seen dead). A holder that merely looks alive (a killed process not yet reaped) cannot
 * stall a session for longer than its lease. Looks at the earliest lease expiry, at least every lease period.
 */
export class LeaseWatch {
  private readonly skipped = new Set<string>();
  private timer?: NodeJS.Timeout;
  private at = Infinity;
  private stopped = false;

  constructor(private readonly o: WatchOptions) {}

  start(): void {
    this.lookBy(Date.now() + this.o.leaseMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A wake found the session leased by a live holder until `until`: try again then. */
  skip(sessionId: string, until: number): void {
    this.skipped.add(sessionId);
    this.lookBy(until);
  }

  /** The session was taken, or is gone: nothing to wait for. */
  drop(sessionId: string): void {
    this.skipped.delete(sessionId);
  }

  private lookBy(at: number): void {
    if (this.stopped || at >= this.at) return;
    clearTimeout(this.timer);
    this.at = at;
    this.timer = setTimeout(() => this.look(), Math.max(0, at - Date.now())).unref();
  }

  private look(): void {
    this.at = Infinity;
    const now = Date.now();
    let next = now + this.o.leaseMs;
    try {
      const listed = new Set<string>();
      for (const s of this.o.store.brain.leftBehind(this.o.leaseMs)) {
        listed.add(s.id);
        if (this.o.busy(s.id)) continue;
        if (s.holder && s.holder !== this.o.holder && s.expires_at! > now && !holderIsDead(s.holder)) next = Math.min(next, s.expires_at!);
        else this.o.wake(s.id);
      }
      // Skipped sessions whose holder let go without finishing (nothing in the store says they need a brain).
      for (const id of this.skipped) if (!listed.has(id) && !this.o.busy(id)) this.o.wake(id);
    } catch (err) {
      this.o.report('looking for sessions left without a brain failed', err);
    }
    this.lookBy(next);
  }
}
