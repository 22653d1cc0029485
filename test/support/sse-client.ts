// An SSE subscriber over plain node:http that can stop reading, as a stuck or idle client does: what
// the server must survive. Frames are parsed from whatever arrived.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';

export interface Frame {
  id?: string;
  event?: string;
  data?: string;
}

export interface RawSubscriber {
  status: number;
  /** Everything received so far (the body of a refusal, or the stream's bytes). */
  text(): string;
  /** The complete frames received so far. */
  frames(): Frame[];
  /** Stops reading: the kernel's buffers fill and the server's writes back up. */
  pause(): void;
  resume(): void;
  /** Settles when the server ends the stream cleanly (`ended`) or drops the connection (`dropped`). */
  done: Promise<'ended' | 'dropped'>;
  /** Resolves once `text` has arrived; rejects after `ms`. */
  received(text: string, ms: number): Promise<void>;
  close(): void;
}

/** Parses SSE frames; a trailing incomplete frame is left out. */
export function parseFrames(text: string): Frame[] {
  const blocks = text.split('\n\n');
  blocks.pop();
  return blocks.map((block) => {
    const f: Frame = {};
    for (const line of block.split('\n')) {
      const i = line.indexOf(': ');
      const [k, v] = i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 2)];
      if (k === 'id' || k === 'event' || k === 'data') f[k] = v;
    }
    return f;
  });
}

/** Opens the stream at `path` and resolves once the response head arrived. */
export function rawSubscriber(port: number, path: string, apiKey: string, headers: Record<string, string> = {}): Promise<RawSubscriber> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: path.endsWith('/build') ? 'POST' : 'GET', headers: { 'x-api-key': apiKey, ...headers }, agent: false });
    req.on('error', reject);
    req.end();
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const waiting = new Set<{ text: string; found: () => void }>();
      let tail = '';
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        const window = tail + c.toString('utf8');
        for (const w of waiting) if (window.includes(w.text)) (waiting.delete(w), w.found());
        tail = window.slice(-200);
      });
      const done = new Promise<'ended' | 'dropped'>((settle) => {
        res.on('end', () => settle('ended'));
        res.on('aborted', () => settle('dropped'));
        res.on('error', () => settle('dropped'));
        res.on('close', () => settle(res.complete ? 'ended' : 'dropped'));
      });
      const text = () => Buffer.concat(chunks).toString('utf8');
      resolve({
        status: res.statusCode!,
        text,
        frames: () => parseFrames(text()),
        pause: () => res.pause(),
        resume: () => res.resume(),
        done,
        received: (needle, ms) =>
          text().includes(needle)
            ? Promise.resolve()
            : new Promise<void>((found, fail) => {
                const timer = setTimeout(() => fail(new Error(`${JSON.stringify(needle)} did not arrive within ${ms} ms`)), ms);
                waiting.add({ text: needle, found: () => (clearTimeout(timer), found()) });
              }),
        close: () => req.destroy(),
      });
    });
  });
}

/** Reads the resident set of process `pid` and its peak so far, in MiB, from /proc. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}
