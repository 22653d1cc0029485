// Commands in a sandbox container over `docker exec`: the one-shot kind the file tools use, and the
// stream plumbing the persistent shell shares.
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';

/** Every tool runs as the image's unprivileged user (uid 1000), never as root. */
export const AGENT_USER = '1000';
/** Where relative paths point and where the shell starts. */
export const WORKDIR = '/workspace';

/**
 * Splits a non-TTY exec stream into stdout and stderr: each frame is an 8-byte header (stream, length) and its
 * payload. A callback that throws destroys the stream with its error (which the stream's `error` listeners get):
 * an exception in a `data` handler would otherwise end the whole process.
 */
export function demux(stream: Duplex, onOut: (text: string) => void, onErr: (text: string) => void): () => void {
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  let pending: Buffer = Buffer.alloc(0);
  stream.on('data', (chunk: Buffer) => {
    try {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 8 && !stream.destroyed) {
        const size = pending.readUInt32BE(4);
        if (pending.length < 8 + size) break;
        const payload = pending.subarray(8, 8 + size);
        if (pending[0] === 2) onErr(err.write(payload));
        else onOut(out.write(payload));
        pending = pending.subarray(8 + size);
      }
    } catch (e) {
      pending = Buffer.alloc(0);
      stream.destroy(e as Error);
    }
  });
  /** Flushes a character cut between frames at the very end. */
  return () => {
    onOut(out.end());
    onErr(err.end());
  };
}

/** Resolves when the stream is done; an abort destroys it and rejects with the signal's reason. */
export function finished(stream: Duplex, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      stream.destroy();
      return reject(signal.reason);
    }
    const onAbort = () => {
      stream.destroy();
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err?: Error) => {
      signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve();
    };
    stream.once('end', () => done());
    stream.once('close', () => done());
    stream.once('error', done);
  });
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface ExecOptions {
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
  signal?: AbortSignal;
  /** Gives up (rejects) after this long; the default keeps a wedged container from holding a call forever. */
  timeoutMs?: number;
  /** Gives up (rejects) once stdout and stderr together pass this many characters (default MAX_EXEC_OUTPUT). */
  maxOutput?: number;
}

/**
 * What one exec may print before it is cut off. The tools' scripts print little (a file up to the read limit,
 * a list of paths), but anything of the agent's uid can write to their stdout through /proc: memory stays bounded.
 */
export const MAX_EXEC_OUTPUT = 32 * 1024 ** 2;

/** An exec printed more than it may: it was cut off. */
export class OutputOverflow extends Error {
  override name = 'OutputOverflow';
}

/** The exit code of a finished exec. Docker may report it a moment after the stream ends. */
async function exitCodeOf(exec: Dockerode.Exec): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    await new Promise((r) => setTimeout(r, 10));
  }
  return -1;
}

/** Runs `cmd` (no shell unless it is one) as the agent in /workspace and collects its output. */
export async function execIn(container: Dockerode.Container, cmd: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const withStdin = opts.stdin !== undefined;
  const exec = await container.exec({ Cmd: cmd, User: AGENT_USER, WorkingDir: WORKDIR, AttachStdin: withStdin, AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: withStdin });
  let stdout = '';
  let stderr = '';
  const max = opts.maxOutput ?? MAX_EXEC_OUTPUT;
  const take = (t: string, to: 'out' | 'err') => {
    if (stdout.length + stderr.length + t.length > max) throw new OutputOverflow(`the command printed more than ${max} characters`);
    if (to === 'out') stdout += t;
    else stderr += t;
  };
  const flush = demux(
    stream,
    (t) => take(t, 'out'),
    (t) => take(t, 'err'),
  );
  if (withStdin) stream.end(opts.stdin);
  const deadline = AbortSignal.timeout(opts.timeoutMs ?? 120_000);
  await finished(stream, opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline);
  flush();
  return { stdout, stderr, exitCode: await exitCodeOf(exec) };
}
