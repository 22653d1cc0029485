import type { ServerResponse } from 'node:http';

export interface SseOptions {
  heartbeatMs: number;
  /**
   * Bytes written but not yet taken by the client past which the stream is dropped: a client that
   * stopped reading costs no more than this. It can resume after the last event it got (Last-Event-ID).
   */
  maxUnsentBytes: number;
}

/** Each item's frame, made once however many streams carry it: every subscriber of a session gets the same event object. */
const frames = new WeakMap<object, { id: string; frame: Buffer }>();

function frameOf(type: string, id: string, data: object): Buffer {
  const cached = frames.get(data);
  if (cached?.id === id) return cached.frame;
  const frame = Buffer.from(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  frames.set(data, { id, frame });
  return frame;
}

// `ping` frames keep proxies and idle timers from closing a quiet stream; the SDK skips them.
const PING = Buffer.from('event: ping\ndata: {"type":"ping"}\n\n');

/**
 * One Server-Sent-Events response. Frames written before `start()` (the first backlog a subscription
 * delivers synchronously) are held so an error can still be answered as JSON until then. Nothing is
 * written after the end, and no failure of the response escapes.
 */
export function openSse(res: ServerResponse, opts: SseOptions) {
  let started = false;
  /** Nothing more is written: ended, dropped, cancelled or closed. */
  let ended = false;
  let closed = false;
  /** The last item came before `start()`: end right after the held frames. */
  let endOnStart = false;
  let held: Buffer[] = [];
  let heldBytes = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let drained: Promise<void> | undefined;
  let onDrained: (() => void) | undefined;
  const closers: (() => void)[] = [];
  /** Unsent bytes past which a producer that can wait (a backlog) waits for the client: well under the cap. */
  const pace = Math.min(1024 * 1024, opts.maxUnsentBytes / 2);

  const stopWriting = () => {
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
    stopWriting();
    settleDrain();
    for (const fn of closers) fn();
  };
  res.on('close', finish);
  // A client gone mid-write ends its stream, not the server.
  res.on('error', finish);
  res.on('drain', settleDrain);

  /** Gives up on a client that stopped reading: its unsent frames are freed, and it can resume after its last event. */
  const drop = () => {
    stopWriting();
    res.destroy();
  };
  /** Writes (or holds) a frame; false when the client's buffer is full and a producer that can wait should. */
  const write = (frame: Buffer): boolean => {
    if (ended) return true;
    if (!started) {
      held.push(frame);
      heldBytes += frame.length;
      return heldBytes < pace;
    }
    if (res.writableLength > opts.maxUnsentBytes) {
      drop();
      return true;
    }
    // Past `pace` the write has returned false too, so 'drain' follows once the client has taken it all.
    return res.write(frame) || res.writableLength < pace;
  };
  const whenDrained = () => (drained ??= new Promise<void>((resolve) => (onDrained = resolve)));

  return {
    /** Sends one item; a promise when the client's buffer is full, settled once it has room (or is gone). */
    event(type: string, id: string, data: object): Promise<void> | undefined {
      return write(frameOf(type, id, data)) ? undefined : whenDrained();
    },
    start() {
      if (ended) return;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      started = true;
      let room = true;
      for (const frame of held) room = res.write(frame);
      held = [];
      heldBytes = 0;
      if (endOnStart) return this.end();
      // A producer waiting on the held frames goes on now, or at 'drain' (a false write emits it).
      if (room) settleDrain();
      heartbeat = setInterval(() => write(PING), opts.heartbeatMs);
    },
    /** Ends the stream after what has been written (its last item: nothing more will come). */
    end() {
      if (ended) return;
      if (!started) return void (endOnStart = true);
      stopWriting();
      res.end();
    },
    /** Abandons a stream that never started (its subscription failed). */
    cancel() {
      stopWriting();
    },
    onClose(fn: () => void) {
      if (closed) fn();
      else closers.push(fn);
    },
  };
}
