import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerSessionProvider, ToolError, type Sandbox } from './contract.ts';
import { bwrapArgs, hiddenDirs, hostIsolation, type HostIsolation } from './host-isolation.ts';
import type { HostAnswer, HostCall } from './host-worker.ts';

/** Variables a tool may see. Nothing else of Dockhand's environment (API keys above all) is passed on. */
const PASSED_ON = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'USER', 'LOGNAME', 'SHELL'];

/** The worker's environment, which its tools inherit (with TMPDIR set to the workspace by the worker). */
function workerEnv(workdir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: workdir, TMPDIR: tmpdir() };
  for (const k of PASSED_ON) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

/** This Node running the TypeScript worker through tsx; resolved when a tool first runs. */
function workerCommand(workdir: string): string[] {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [process.execPath, '--import', tsx, join(import.meta.dirname, 'host-worker.ts'), workdir];
}

/** Longest answer line taken from a worker: tool output is capped far below; more is a flood, not an answer. */
const MAX_ANSWER = 8 * 1024 ** 2;
const END_GRACE_MS = 3_000;
const RESET = 'the next tool call starts a new shell, so the working directory and variables are reset';

/** One workspace's worker process and the calls it is running. */
class Worker {
  private readonly child: ChildProcess;
  private readonly pending = new Map<number, { name: string; resolve: (a: HostAnswer) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private buf = '';
  private errTail = '';
  private failure?: string;
  readonly exited: Promise<void>;

  constructor(command: readonly string[], env: Record<string, string>, cwd: string) {
    // Its own process group, so that ending it reaches whatever it started.
    this.child = spawn(command[0]!, command.slice(1), { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    this.child.stdin!.on('error', () => undefined); // EPIPE once it is gone: its exit says why
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => this.heard(text));
    this.child.stderr!.setEncoding('utf8').on('data', (text: string) => (this.errTail = (this.errTail + text).slice(-2_000)));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => (this.failAll(`could not be started (${err.message})`), resolve()));
      this.child.once('close', (code, signal) => (this.failAll(signal ? `was killed (${signal})` : `exited with code ${code}`), resolve()));
    });
  }

  call(name: string, input: Record<string, unknown>): Promise<HostAnswer> {
    if (this.failure) return Promise.reject(this.error(name));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { name, resolve, reject });
      this.child.stdin!.write(`${JSON.stringify({ id, name, input } satisfies HostCall)}\n`);
    });
  }

  /** Closes its stdin (the worker then stops its shell and exits); kills it if it does not. */
  async end(): Promise<void> {
    this.failure ??= 'was stopped';
    this.child.stdin!.end();
    const timer = setTimeout(() => this.kill(), END_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }

  private kill(): void {
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }

  /** Reads answer lines, searching only new text for their ends; a line past MAX_ANSWER ends the worker. */
  private heard(text: string): void {
    let from = this.buf.length;
    this.buf += text;
    for (let nl = this.buf.indexOf('\n', from); nl >= 0; nl = this.buf.indexOf('\n', from)) {
      this.answered(this.buf.slice(0, nl));
      this.buf = this.buf.slice(nl + 1);
      from = 0;
    }
    if (this.buf.length > MAX_ANSWER) {
      this.buf = '';
      this.failAll(`wrote more than ${MAX_ANSWER} bytes that were no answer`);
      this.kill();
    }
  }

  private answered(line: string): void {
    let a: HostAnswer;
    try {
      a = JSON.parse(line) as HostAnswer;
    } catch {
      return; // not an answer (something in the workspace wrote to the worker's stdout)
    }
    const call = this.pending.get(a?.id);
    if (!call || typeof a.text !== 'string') return;
    this.pending.delete(a.id);
    call.resolve(a);
  }

  private failAll(why: string): void {
    this.failure ??= why;
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.reject(this.error(call.name));
    }
  }

  private error(name: string): ToolError {
    const said = this.errTail.trim().split('\n').slice(-3).join('\n');
    return new ToolError(`${name} failed: the tools' process ${this.failure}${said ? `: ${said}` : ''}. ${RESET[0]!.toUpperCase()}${RESET.slice(1)}.`);
  }
}

export interface HostProviderOptions {
  /** Dockhand's data directory: workspaces live under `workspaces/<session id>`, and tools never see the rest. */
  dataDir: string;
  /** How tools are kept from Dockhand (default: bubblewrap when it works here). */
  isolation?: HostIsolation;
}

/**
 * Runs the built-in tools on this machine, in a workspace folder per session, with the SDK's own
 * implementation of agent_toolset_20260401 in a worker process per session (see host-worker.ts), inside
 * bubblewrap where it works (see host-isolation.ts). For trusted agents, development and tests: the
 * Docker provider is the sandboxed one.
 */
export class HostProvider extends PerSessionProvider {
  readonly name = 'host';
  readonly isolation: HostIsolation;
  private readonly workspaces: string;

  constructor(private readonly opts: HostProviderOptions) {
    super();
    this.isolation = opts.isolation ?? hostIsolation();
    this.workspaces = join(opts.dataDir, 'workspaces');
  }

  protected create(sessionId: string): Sandbox {
    const workdir = join(this.workspaces, sessionId);
    let worker: Worker | undefined;
    const start = () => {
      mkdirSync(workdir, { recursive: true, mode: 0o700 });
      const command = workerCommand(workdir);
      const { bwrap } = this.isolation;
      const w = bwrap ? new Worker([bwrap, ...bwrapArgs(workdir, hiddenDirs(this.opts.dataDir), command)], workerEnv(workdir), workdir) : new Worker(command, workerEnv(workdir), workdir);
      void w.exited.then(() => worker === w && (worker = undefined));
      return w;
    };
    return {
      async execute(name, input, opts) {
        const signal = opts?.signal;
        signal?.throwIfAborted();
        const w = (worker ??= start());
        // An interrupted tool is stopped for real: its worker (its shell and whatever runs in it) is ended.
        const onAbort = () => {
          if (worker === w) worker = undefined;
          void w.end();
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        let answer: HostAnswer;
        try {
          answer = await w.call(name, input);
        } catch (err) {
          signal?.throwIfAborted();
          throw err;
        } finally {
          signal?.removeEventListener('abort', onAbort);
        }
        signal?.throwIfAborted();
        if (answer.isError) throw new ToolError(answer.text);
        return answer.text;
      },
      async destroy() {
        const w = worker;
        worker = undefined;
        await w?.end();
      },
    };
  }

  /** The session is gone: stop its tools and delete its workspace. */
  override async release(sessionId: string): Promise<void> {
    await super.release(sessionId);
    rmSync(join(this.workspaces, sessionId), { recursive: true, force: true });
  }
}
