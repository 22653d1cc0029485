import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SseOptions {
  heartbeatMs: number;
  /**
   * Bytes queued or written but not yet taken by the client past which the stream is dropped: a
   * client that stopped reading costs no more than this. It resumes after the last event it got
   * (Last-Event-ID).
   */
  maxUnsentBytes: number;
}

/** Each item's frame, made once however many streams carry it: every subscriber of a session gets the same event object. */
const frames = new WeakMap<object, { id: string; frame: Buffer }>();

function frameOf(type: string, id: string, data: object): Buffer {
  const cached = frames.get(data);
  if (cached?.id === id) return cached.frame;
  // Without an id (a preview), the frame leaves the client's Last-Event-ID as it was.
  const frame = Buffer.from(`${id ? `id: ${id}\n` : ''}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  frames.set(data, { id, frame });
  return frame;
}

// `ping` frames keep proxies and idle timers from closing a quiet stream; the SDK skips them.
const PING = Buffer.from('event: ping\ndata: {"type":"ping"}\n\n');

// Frames are queued by whoever produces them (an append, inside a client's request) and written to
// the sockets afterwards, a slice at a time: a crowd of subscribers costs the sender nothing, and
// other requests are served between slices.
const SLICE_MS = 1;
const waiting = new Set<() => void>();
let flushing = false;

function flushSoon(flush: () => void): void {
  waiting.add(flush);
  if (!flushing) (flushing = true), setImmediate(flushSome);
}

function flushSome(): void {
  const until = performance.now() + SLICE_MS;
  for (const flush of waiting) {
    waiting.delete(flush);
    flush();
    if (performance.now() > until) break;
  }
  flushing = waiting.size > 0;
  if (flushing) setImmediate(flushSome);
}

/**
 * One Server-Sent-Events response. Frames queued before `start()` (the first backlog a subscription
 * delivers) wait for it, so an error can still be answered as JSON until then. Nothing is written
 * after the end, and no failure of the response escapes.
 */
export function openSse(res: ServerResponse, opts: SseOptions) {
  let started = false;
  /** Nothing more is queued: ending, dropped, cancelled or closed. */
  let ended = false;
  /** End the response once the queue is written. */
  let ending = false;
  let closed = false;
  let queue: Buffer[] = [];
  let queued = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let drained: Promise<void> | undefined;
  let onDrained: (() => void) | undefined;
  const closers: (() => void)[] = [];
  /** Unsent bytes past which a producer that can wait (a backlog) waits for the client: well under the cap. */
  const pace = Math.min(1024 * 1024, opts.maxUnsentBytes / 2);
  const unsent = () => queued + (started ? res.writableLength : 0);

  const stopQueueing = () => {
    ended = true;
    clearInterval(heartbeat);
  };
  const settleDrain = () => {
    const fn = onDrained;
    drained = onDrained = undefined;
    fn?.();
  };
  const finish = () => {
    if (closed) return;
    closed = true;
    stopQueueing();
    (queue = []), (queued = 0);
    waiting.delete(flush);
    settleDrain();
    for (const fn of closers) fn();
  };
  res.on('close', finish);
  // A client gone mid-write ends its stream, not the server.
  res.on('error', finish);
  res.on('drain', settleDrain);

  function flush(): void {
    if (closed || !started) return;
    if (queue.length) {
      res.cork();
      for (const frame of queue) res.write(frame);
      res.uncork();
      (queue = []), (queued = 0);
    }
    if (ending) return void ((ending = false), res.end());
    // Past `pace` a write returned false, so 'drain' follows once the client has taken it all.
    if (res.writableLength < pace) settleDrain();
  }

  /** Queues a frame; false when the client is behind and a producer that can wait should. */
  const write = (frame: Buffer): boolean => {
    if (ended) return true;
    // A client that stopped reading is given up on: its frames are freed, and it can resume after its last event.
    if (unsent() > opts.maxUnsentBytes) {
      stopQueueing();
      res.destroy();
      return true;
    }
    queue.push(frame);
    queued += frame.length;
    if (started) flushSoon(flush);
    return unsent() < pace;
  };

  return {
    /** Sends one item; a promise when the client is behind, settled once it has room (or is gone). */
    event(type: string, id: string, data: object): Promise<void> | undefined {
      return write(frameOf(type, id, data)) ? undefined : (drained ??= new Promise<void>((resolve) => (onDrained = resolve)));
    },
    start() {
      if (closed || started) return;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      started = true;
      flush();
      if (!ended) heartbeat = setInterval(() => write(PING), opts.heartbeatMs);
    },
    /** Ends the stream after what has been queued (its last item: nothing more will come). */
    end() {
      if (ended) return;
      stopQueueing();
      ending = true;
      if (started) flushSoon(flush);
    },
    /** Abandons a stream that never started (its subscription failed). */
    cancel() {
      stopQueueing();
      (queue = []), (queued = 0);
    },
    onClose(fn: () => void) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}
