// How many sandboxes run at once. A sandbox holds a slot from the start of its provisioning until its
// container is removed; when none is free, a new one waits its turn (first come, first served) while the
// provider makes room by stopping a sandbox that no call is using.
export type Release = () => void;

interface Waiter {
  resolve: (release: Release) => void;
  reject: (err: unknown) => void;
}

export class Slots {
  private held = 0;
  private readonly queue: Waiter[] = [];
  private closed = false;

  constructor(readonly cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new Error(`the sandbox cap must be a whole number of at least 1, not ${cap}`);
  }

  /** Slots held: sandboxes running or being made. */
  get running(): number {
    return this.held;
  }

  /** Sandboxes waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** True when a slot is free now. */
  get free(): boolean {
    return this.held < this.cap;
  }

  /** A slot: at once when one is free, else when one is given back (or never, when `signal` aborts first). */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (this.closed) return Promise.reject(new Error('the sandboxes are shutting down'));
    signal?.throwIfAborted();
    if (this.held < this.cap) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        resolve: (release) => (signal?.removeEventListener('abort', onAbort), resolve(release)),
        reject: (err) => (signal?.removeEventListener('abort', onAbort), reject(err)),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  /** Refuses every waiter and every later acquire (shutdown). */
  close(): void {
    this.closed = true;
    for (const w of this.queue.splice(0)) w.reject(new Error('the sandboxes are shutting down'));
  }

  /** Gives the slot back once, to the first waiter if there is one. */
  private releaser(): Release {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const next = this.queue.shift();
      if (next) next.resolve(this.releaser());
      else this.held--;
    };
  }
}
