// A persistent bash per session over `docker exec` with attached stdin: `cd`, exported variables and
// functions survive between calls. Each command's output goes to a file in the sandbox, so however much
// it prints, only the first OUTPUT_LIMIT characters cross over; the file is kept when that cuts it.
//
// The wrapper around a command uses shell builtins only: a command that used up the process limit (a fork
// bomb) still gets its answer. It also reads the sandbox's cgroup counters (forks refused at the pids
// limit, processes killed for memory), so the tool can say which limit a command ran into.
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { AGENT_USER, demux, execIn, finished, WORKDIR } from './exec.ts';
import { cut, KEPT_DIR, keptPath, OUTPUT_LIMIT } from './output.ts';

/** What one command did. */
export interface ShellResult {
  /** Its output (stdout and stderr interleaved), cut with a note when longer than OUTPUT_LIMIT. */
  output: string;
  exitCode: number;
  /** Forks the kernel refused at the sandbox's process limit while it ran. */
  pidsLimitHits: number;
  /** Processes the kernel killed because the sandbox ran out of memory while it ran. */
  oomKills: number;
}

/** The shell ended (`exit`, killed) before the command's answer came. */
export class ShellExited extends Error {
  override name = 'ShellExited';
  constructor(
    message: string,
    /** The shell's exit code; 137 when it was killed, null when unknown. */
    readonly code: number | null,
  ) {
    super(message);
  }
}

/** The command did not finish in time. */
export class ShellTimeout extends Error {
  override name = 'ShellTimeout';
}

/**
 * Before the command ran, processes left by an earlier command were found out of hand: filling the sandbox's
 * process table (`pids`), or writing more than MAX_UNREAD characters to the shell's own output (`flood`).
 * Nothing of the command ran; the shell must be replaced.
 */
export class ShellRunaway extends Error {
  override name = 'ShellRunaway';
  constructor(
    message: string,
    readonly kind: 'pids' | 'flood',
  ) {
    super(message);
  }
}

/** While the command ran, more than MAX_UNREAD characters were written to the shell's own output: it was cut off. */
export class ShellFlooded extends Error {
  override name = 'ShellFlooded';
}

/**
 * The most the shell may print between two answers. An answer is at most OUTPUT_LIMIT characters of output
 * (two UTF-16 units each at worst) and a marker line, since a command's output goes to a file; more than this
 * is a process writing to the shell's own stdout (`> /proc/$$/fd/1`), which nothing bounds: the shell is then
 * cut off (its processes die of SIGPIPE or are reset) rather than the host's memory filled.
 */
export const MAX_UNREAD = 4 * OUTPUT_LIMIT;
/** Longer than any answer's marker line: a search for it goes back this far into what it had already seen. */
const MARKER_MAX = 512;

// Reads "key value" lines of a cgroup file into __dh_v (0 when the file is missing). Builtins only.
const PREAMBLE = String.raw`
__dh_key() { __dh_v=0; [ -r "$1" ] || return 0; local k v; while builtin read -r k v; do [ "$k" = "$2" ] && __dh_v=$v; done < "$1"; return 0; }
__dh_pf=/sys/fs/cgroup/pids.events; [ -r $__dh_pf ] || __dh_pf=/sys/fs/cgroup/pids/pids.events
__dh_mf=/sys/fs/cgroup/memory.events; [ -r $__dh_mf ] || __dh_mf=/sys/fs/cgroup/memory/memory.oom_control
__dh_d=${KEPT_DIR}; mkdir -p "$__dh_d" 2>/dev/null; __dh_f=$__dh_d/out.$$; __dh_lim=${OUTPUT_LIMIT}
__dh_key "$__dh_pf" max
builtin printf '\nready %d %d\n' $$ "$__dh_v"
`;

// One command: __dh_c is the command, __dh_n the answer's marker, __dh_s the pids counter the host saw last,
// __dh_k where to keep a long output. A counter that moved between commands means something left behind
// is filling the process table: the host replaces the shell before running anything. The output file is
// opened for appending, so what background jobs print lands after it, not over it.
const RUN = String.raw`
__dh_key "$__dh_pf" max
if [ "$__dh_v" != "$__dh_s" ]; then builtin printf '\n%s runaway %s\n' "$__dh_n" "$__dh_v"; else
__dh_key "$__dh_mf" oom_kill; __dh_m0=$__dh_v
builtin : >"$__dh_f"
{ eval "$__dh_c"
} </dev/null >>"$__dh_f" 2>&1
__dh_e=$?
__dh_key "$__dh_pf" max; __dh_p1=$__dh_v; __dh_key "$__dh_mf" oom_kill
__dh_o=; builtin read -r -N $((__dh_lim + 1)) __dh_o <"$__dh_f" || :
__dh_l=-; if [ ${'$'}{#__dh_o} -gt $__dh_lim ]; then mv -f -- "$__dh_f" "$__dh_k" && __dh_l=$(wc -l < "$__dh_k"); fi
builtin printf '%s\n%s done %d %s %d %s\n' "${'$'}{__dh_o:0:__dh_lim}" "$__dh_n" "$__dh_e" "$__dh_p1" $((__dh_v - __dh_m0)) "$__dh_l"
fi
`;

/** Bash ANSI-C quoting ($'...'): any text becomes one word the shell reads back unchanged. */
function ansiQuote(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `$'${s.replace(/[\\'\x00-\x1f\x7f]/g, (c) => (c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))}'`;
}

// What the command that was running when the shell was stopped had written to $1: a first line with "-"
// or, when it is over the limit $3 and so kept whole in $2, its line count; then at most $3 characters.
const PARTIAL = String.raw`[ -f "$1" ] || exit 0
o=; builtin read -r -N $(($3 + 1)) o <"$1" || :
if [ ${'$'}{#o} -gt $3 ]; then mv -f -- "$1" "$2" && builtin printf '%s\n' "$(wc -l < "$2")"; else builtin printf -- '-\n'; rm -f -- "$1"; fi
builtin printf '%s' "${'$'}{o:0:$3}"`;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;

const tidy = (text: string) => text.replace(ANSI, '').replace(/\n+$/, '');

export interface RunOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export class Shell {
  /** What the shell printed since the last command was sent (at most MAX_UNREAD characters). */
  private buf = '';
  /** Characters heard on stdout and stderr since then. */
  private unread = 0;
  private cutOff = false;
  private errTail = '';
  private ended = false;
  private wake?: () => void;
  private pidsSeen = '0';
  private pid = 0;
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly container: Dockerode.Container,
    private readonly exec: Dockerode.Exec,
    private readonly stream: Duplex,
  ) {
    const flush = demux(
      stream,
      (t) => this.heard(t, 'out'),
      (t) => this.heard(t, 'err'),
    );
    void finished(stream)
      .catch(() => undefined)
      .then(() => {
        flush();
        this.ended = true;
        this.wake?.();
      });
  }

  /** Starts bash in the container, in /workspace, as the agent. */
  static async start(container: Dockerode.Container, timeoutMs = 30_000): Promise<Shell> {
    const exec = await container.exec({
      Cmd: ['bash', '--noprofile', '--norc'],
      Env: ['PS1=', 'PS2=', 'TERM=dumb'],
      User: AGENT_USER,
      WorkingDir: WORKDIR,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    });
    const shell = new Shell(container, exec, await exec.start({ hijack: true, stdin: true }));
    shell.stream.write(PREAMBLE);
    const line = await shell.answer(/\nready (\d+) (\d+)\n/g, { timeoutMs });
    shell.pid = Number(line[1]);
    shell.pidsSeen = line[2]!;
    shell.clear();
    return shell;
  }

  /** True once more than MAX_UNREAD characters came between two answers: the shell was cut off. */
  get flooded(): boolean {
    return this.cutOff;
  }

  /** False once the shell has ended: it cannot run anything more. */
  get alive(): boolean {
    return !this.ended;
  }

  /** Runs one command; commands queue behind each other (the shell is one). */
  run(command: string, opts: RunOptions): Promise<ShellResult> {
    const run = this.tail.then(() => this.runNow(command, opts));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async runNow(command: string, opts: RunOptions): Promise<ShellResult> {
    if (this.ended) throw await this.exited();
    const nonce = `__dh_${randomUUID().replaceAll('-', '')}`;
    const keep = keptPath('bash');
    this.clear();
    this.stream.write(`__dh_n=${nonce} __dh_s=${this.pidsSeen} __dh_k=${keep} __dh_c=${ansiQuote(command)}${RUN}`);
    const m = await this.answer(new RegExp(`\\n${nonce} (runaway (\\d+)|done (-?\\d+) (\\d+) (\\d+) (\\S+))\\n`, 'g'), opts);
    if (m[2] !== undefined) throw new ShellRunaway(`forks were refused at the process limit ${Number(m[2]) - Number(this.pidsSeen)} times since the last command`, 'pids');
    const text = this.buf.slice(0, m.index);
    this.clear();
    const hits = Number(m[4]) - Number(this.pidsSeen);
    this.pidsSeen = m[4]!;
    const output = m[6] === '-' ? tidy(text) : cut(tidy(text), keep, Number(m[6]));
    return { output, exitCode: Number(m[3]), pidsLimitHits: hits, oomKills: Number(m[5]) };
  }

  /** The container's count of forks refused at the pids limit, when this shell last looked. */
  get pidsLimitHitsSeen(): number {
    return Number(this.pidsSeen);
  }

  /** What the command running when the shell was stopped had printed (best effort: '' when it cannot be read). */
  async partialOutput(timeoutMs = 5_000): Promise<string> {
    const keep = keptPath('bash');
    const r = await execIn(this.container, ['bash', '-c', PARTIAL, 'partial', `${KEPT_DIR}/out.${this.pid}`, keep, String(OUTPUT_LIMIT)], { signal: AbortSignal.timeout(timeoutMs) }).catch(() => undefined);
    const nl = r?.exitCode === 0 ? r.stdout.indexOf('\n') : -1;
    if (nl < 0) return '';
    const lines = r!.stdout.slice(0, nl);
    const text = tidy(r!.stdout.slice(nl + 1));
    return lines === '-' ? text : cut(text, keep, Number(lines));
  }

  /** Drops the connection without stopping anything in the container (it is being removed anyway). */
  detach(): void {
    this.stream.destroy();
  }

  private clear(): void {
    this.buf = '';
    this.unread = 0;
  }

  /** A stream's `data` callback: it must not throw, and keeps at most MAX_UNREAD characters. */
  private heard(text: string, from: 'out' | 'err'): void {
    if (this.cutOff) return;
    this.unread += text.length;
    if (this.unread > MAX_UNREAD) {
      this.cutOff = true;
      this.clear();
      this.errTail = '';
      this.stream.destroy();
    } else if (from === 'out') {
      this.buf += text;
    } else {
      this.errTail = (this.errTail + text).slice(-2000);
    }
    this.wake?.();
  }

  /** Waits until `pattern` (a global regex) appears in what the shell printed, searching only what is new each time. */
  private async answer(pattern: RegExp, { timeoutMs, signal }: RunOptions): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (let searched = 0; ; ) {
      pattern.lastIndex = Math.max(0, searched - MARKER_MAX);
      searched = this.buf.length;
      const m = pattern.exec(this.buf);
      if (m) return m;
      if (this.cutOff) throw new ShellFlooded(`more than ${MAX_UNREAD} characters were written to the shell's own output`);
      if (this.ended) throw await this.exited();
      signal?.throwIfAborted();
      const left = deadline - Date.now();
      if (left <= 0) throw new ShellTimeout(`timed out after ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        signal?.addEventListener('abort', done, { once: true });
        this.wake = done;
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
      });
      this.wake = undefined;
    }
  }

  private async exited(): Promise<ShellExited> {
    const code = await this.exec
      .inspect()
      .then((i) => i.ExitCode)
      .catch(() => null);
    const why = code === 137 ? 'was killed (SIGKILL)' : code === null ? 'ended' : `exited with code ${code}`;
    const err = this.errTail.trim().split('\n').slice(-3).join('\n');
    return new ShellExited(`the shell ${why}${err ? `: ${err}` : ''}`, code);
  }
}
