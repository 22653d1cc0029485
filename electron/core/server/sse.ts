import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent-Events response. Frames written before `start()` (the backlog a subscription
 * delivers synchronously) are held so an error can still be answered as JSON until then.
 */
export function openSse(res: ServerResponse, heartbeatMs: number) {
  let started = false;
  let ended = false;
  /** The last item came before `start()`: end right after the held frames. */
  let endOnStart = false;
  let held: string[] = [];
  let heartbeat: NodeJS.Timeout | undefined;
  const closers: (() => void)[] = [];

  const write = (frame: string) => {
    if (ended) return;
    if (started) res.write(frame);
    else held.push(frame);
  };
  const finish = () => {
    if (ended) return;
    ended = true;
    clearInterval(heartbeat);
    closers.forEach((fn) => fn());
  };
  res.on('close', finish);

  return {
    event(type: string, id: string, data: unknown) {
      write(`id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
    },
    start() {
      if (ended) return;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
      res.flushHeaders();
      started = true;
      if (held.length) res.write(held.join(''));
      held = [];
      if (endOnStart) return void res.end();
      // `ping` frames keep proxies and idle timers from closing a quiet stream; the SDK skips them.
      heartbeat = setInterval(() => write('event: ping\ndata: {"type":"ping"}\n\n'), heartbeatMs);
    },
    /** Ends the stream after what has been written (its last item: nothing more will come). */
    end() {
      if (ended) return;
      if (started) res.end();
      else endOnStart = true;
    },
    /** Abandons a stream that never started (its subscription failed). */
    cancel() {
      ended = true;
    },
    onClose(fn: () => void) {
      if (ended) fn();
      else closers.push(fn);
    },
  };
}
