import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PerSessionProvider, ToolError, type Sandbox } from './contract.ts';
import { bwrapArgs, hiddenDirs, hostIsolation, type HostIsolation } from './host-isolation.ts';

/** Variables a tool may see. Nothing else of Dockhand's environment (API keys above all) is passed on. */
const PASSED_ON = ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'USER', 'LOGNAME', 'SHELL'];

/** The worker's environment, which its tools inherit. */
function workerEnv(workdir: string): Record<string, string> {
  const env: Record<string, string> = { HOME: workdir };
  for (const k of PASSED_ON) if (process.env[k]) env[k] = process.env[k]!;
  return env;
}

/** One tool call, to the worker (host-worker.mjs). */
interface HostCall {
  id: number;
  name: string;
  input: Record<string, unknown>;
}

/** Its result, from the worker. */
interface HostAnswer {
  id: number;
  text: string;
  isError: boolean;
}

/** This Node running the worker, which sits beside this file in the source tree (an Electron build has none). */
const workerCommand = (workdir: string): string[] => [process.execPath, join(import.meta.dirname, 'host-worker.mjs'), workdir];

/** Longest answer line taken from a worker: tool output is capped far below; more is a flood, not an answer. */
const MAX_ANSWER = 8 * 1024 ** 2;
const END_GRACE_MS = 3_000;
const RESET = 'The next tool call starts a new shell, so the working directory and variables are reset.';

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
      const done = (why: string) => (this.failAll(why), resolve());
      this.child.once('error', (err) => done(`could not be started (${err.message})`));
      this.child.once('exit', (code, signal) => {
        const why = signal ? `was killed (${signal})` : `exited with code ${code}`;
        // Its last answers may still be in the pipe; but a process it left may hold the pipe open for ever.
        const grace = setTimeout(() => (this.child.stdout!.destroy(), done(why)), END_GRACE_MS);
        this.child.once('close', () => (clearTimeout(grace), done(why)));
      });
    });
  }

  /** False once it failed or is ending: the next call needs a new worker. */
  get usable(): boolean {
    return this.failure === undefined;
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

  /**
   * Reads answer lines, searching only new text for their ends. Anything else on the pipe (a tool can get at
   * the worker's stdout: same user) ends the worker, so no call waits for an answer that was spoiled.
   */
  private heard(text: string): void {
    if (this.failure) return;
    let from = this.buf.length;
    this.buf += text;
    for (let nl = this.buf.indexOf('\n', from); nl >= 0; nl = this.buf.indexOf('\n', from)) {
      const line = this.buf.slice(0, nl);
      this.buf = this.buf.slice(nl + 1);
      from = 0;
      if (!this.answered(line)) return this.broken('wrote something that was no answer');
    }
    if (this.buf.length > MAX_ANSWER) this.broken(`wrote more than ${MAX_ANSWER} bytes without a line end`);
  }

  /** Resolves the call a line answers; false when the line is no answer. */
  private answered(line: string): boolean {
    let a: Partial<HostAnswer> | null;
    try {
      a = JSON.parse(line) as Partial<HostAnswer> | null;
    } catch {
      return false;
    }
    if (typeof a?.id !== 'number' || typeof a.text !== 'string' || typeof a.isError !== 'boolean') return false;
    const call = this.pending.get(a.id);
    this.pending.delete(a.id);
    call?.resolve(a as HostAnswer);
    return true;
  }

  private broken(why: string): void {
    this.buf = '';
    this.failAll(why);
    this.kill();
    this.child.stdout!.destroy();
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
    return new ToolError(`${name} failed: the tools' process ${this.failure}${said ? `: ${said}` : ''}. ${RESET}`);
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
 * implementation of agent_toolset_20260401 in a worker process per session (see host-worker.mjs), inside
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
        if (!worker?.usable) worker = start();
        const w = worker;
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
