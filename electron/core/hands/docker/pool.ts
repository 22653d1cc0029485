// The warm pool: per environment, a few containers already started (shell included), so a session's first
// tool call takes one instead of waiting for a start. A taken container is replaced in the background.
import { isRunning } from './container.ts';
import type { Box } from './sandbox.ts';

export class WarmPool<Env> {
  private readonly ready = new Map<string, Box[]>();
  /** Containers being started, per key. */
  private readonly starting = new Map<string, Set<Promise<void>>>();
  private closed = false;

  constructor(
    /** Containers kept ready per environment; 0 turns the pool off. */
    private readonly size: number,
    private readonly make: (env: Env) => Promise<Box>,
    private readonly discard: (box: Box) => Promise<void>,
  ) {}

  /** Started containers waiting to be taken, all environments together. */
  get readyCount(): number {
    let n = 0;
    for (const boxes of this.ready.values()) n += boxes.length;
    return n;
  }

  /** Starts containers until `key` has `size` ready or starting; resolves when none of them is still starting. */
  async fill(key: string, env: Env): Promise<void> {
    const starting = this.starting.get(key) ?? new Set();
    this.starting.set(key, starting);
    for (let n = (this.ready.get(key)?.length ?? 0) + starting.size; !this.closed && n < this.size; n++) {
      const one = this.startOne(key, env).finally(() => starting.delete(one));
      starting.add(one);
    }
    await Promise.all(starting);
  }

  private async startOne(key: string, env: Env): Promise<void> {
    try {
      const box = await this.make(env);
      if (this.closed) return void (await this.discard(box));
      this.ready.set(key, [...(this.ready.get(key) ?? []), box]);
    } catch {
      // A pool that cannot fill only means a cold start; the session's own provisioning reports the cause.
    }
  }

  /** A ready container for `key`, if one is still alive; the pool starts its replacement. */
  async take(key: string, env: Env): Promise<Box | undefined> {
    let box: Box | undefined;
    while ((box = this.ready.get(key)?.shift())) {
      if (box.shell?.alive && (await isRunning(box.container).catch(() => false))) break;
      await this.discard(box).catch(() => undefined);
    }
    if (this.size > 0) void this.fill(key, env);
    return box;
  }

  /** Removes every ready container, and those still starting once they are up. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.starting.values()].flatMap((s) => [...s]));
    const all = [...this.ready.values()].flat();
    this.ready.clear();
    await Promise.all(all.map((b) => this.discard(b).catch(() => undefined)));
  }
}
