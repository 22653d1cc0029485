// Reads Dockhand's change feed (`GET /v1/dockhand/changes`, SSE) over HTTP, one change at a time.
import type { ResourceChange } from '../../electron/core/api/changes.ts';
import { readSse } from '../../renderer/src/data/transports/sse.ts';
import type { Served } from './serve.ts';

export interface FeedReader {
  /** The next `n` changes (pings skipped); fails if none comes within `ms`. */
  take(n: number, ms?: number): Promise<{ item: ResourceChange; id: string }[]>;
  /** Changes until one matches `done` (included). */
  until(done: (c: ResourceChange) => boolean, ms?: number): Promise<ResourceChange[]>;
  lastId(): string | undefined;
  close(): void;
}

export async function openFeed(server: Pick<Served, 'url' | 'apiKey'>, after?: string): Promise<FeedReader> {
  const controller = new AbortController();
  const res = await fetch(`${server.url}/v1/dockhand/changes`, { headers: { 'x-api-key': server.apiKey, ...(after ? { 'last-event-id': after } : {}) }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`change feed answered ${res.status}: ${await res.text()}`);
  const frames = readSse(res.body)[Symbol.asyncIterator]();
  let last: string | undefined;
  const next = async (ms: number) => {
    for (;;) {
      let timer: NodeJS.Timeout | undefined;
      const r = await Promise.race([frames.next(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no change within ${ms} ms`)), ms)))]).finally(() => clearTimeout(timer));
      if (r.done) throw new Error('the change feed ended');
      if (r.value.event === 'ping') continue;
      last = r.value.id;
      return { item: JSON.parse(r.value.data) as ResourceChange, id: r.value.id ?? '' };
    }
  };
  // A fresh subscription first says where the feed stands.
  if (!after) {
    const ready = await next(10_000);
    if (ready.item.type !== 'changes.ready' || !/^chg_[a-z0-9]+_\d+$/.test(ready.id)) throw new Error(`expected changes.ready first, got ${JSON.stringify(ready)}`);
  }
  return {
    async take(n, ms = 10_000) {
      const out = [];
      while (out.length < n) out.push(await next(ms));
      return out;
    },
    async until(done, ms = 15_000) {
      const out: ResourceChange[] = [];
      for (;;) {
        const { item } = await next(ms);
        out.push(item);
        if (done(item)) return out;
      }
    },
    lastId: () => last,
    close: () => controller.abort(),
  };
}
