// One session's sandbox: a container made on the first tool call (or taken from the warm pool), the tools
// run in it, and when it dies the call fails and the next one gets a fresh container. A container no call
// has used for a while is stopped (or sooner, to make room for another session's): its outputs stay, and
// the next call starts a new one, telling the model what was lost.
import type Dockerode from 'dockerode';
import { ToolError, type ExecuteOptions, type Sandbox } from '../contract.ts';
import { howItEnded, isRunning, OUTPUTS_DIR, resetProcesses, type Limits, type Reset } from './container.ts';
import * as files from './files.ts';
import { MAX_UNREAD, Shell, ShellExited, ShellFlooded, ShellRunaway, ShellTimeout, type ShellResult } from './shell.ts';
import type { Release } from './slots.ts';

/** A started container, ready for tools. */
export interface Box {
  container: Dockerode.Container;
  /** Host directory behind /mnt/session/outputs. */
  outputsDir: string;
  network: { cleanup(): Promise<void> };
  shell?: Shell;
  /** How many times its processes were reset (see resetProcesses). */
  resets: number;
  /** Gives back the running-sandbox slot the box holds (a warm pool's box holds none until a session takes it). */
  slot?: Release;
}

/** What a sandbox needs from its provider. */
export interface Boxes {
  /** A started container for the session (made now, or taken from the warm pool); waits while the cap is reached, until `signal` aborts. */
  provision(sessionId: string, signal?: AbortSignal): Promise<Box>;
  /** Removes the container and its network. */
  discard(box: Box): Promise<void>;
  readonly limits: Limits;
  /** How long a container no call uses is kept; 0 keeps it until the session ends. */
  readonly idleTimeoutMs: number;
  /** The sandbox has a container and no call runs in it: it may be stopped to make room. */
  resting(sandbox: DockerSandbox): void;
  /** A call runs in the sandbox, or it has no container: not one to stop. */
  working(sandbox: DockerSandbox): void;
}

/** The container can no longer be used (its shell cannot be started or stopped): it is replaced. */
class Unusable extends Error {}

const BASH_TIMEOUT_MS = 120_000;
const FILE_TOOLS = { read: files.read, write: files.write, edit: files.edit, glob: files.glob, grep: files.grep };
type Input = Record<string, unknown>;

function duration(ms: number): string {
  const [n, unit] = ms >= 120_000 ? [Math.round(ms / 60_000), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const RESET = 'the next command runs in a new shell, so the working directory and variables are reset';
const FLOODED = `wrote more than ${MAX_UNREAD} characters straight to the shell's own output (not to the command's output, which is kept in a file and cut)`;

export class DockerSandbox implements Sandbox {
  private box?: Promise<Box>;
  private destroyed = false;
  /** Tool calls running now. */
  private calls = 0;
  private idleTimer?: NodeJS.Timeout;
  /** Why the last container was stopped while the session went on: told with the next call, which gets a new one. */
  private stopped?: string;
  /** The session's resources changed since the container was made: the next call replaces it. */
  private stale = false;

  constructor(
    private readonly sessionId: string,
    private readonly boxes: Boxes,
  ) {}

  /** The container, provisioned on first use. */
  ready(signal?: AbortSignal): Promise<Box> {
    if (this.destroyed) return Promise.reject(new ToolError('this session has ended: its sandbox is gone'));
    const box = (this.box ??= this.boxes.provision(this.sessionId, signal));
    box.then(
      () => this.calls === 0 && this.rest(),
      () => {
        if (this.box === box) this.box = undefined; // the next call tries again
      },
    );
    return box;
  }

  /** The session's resources changed: the container (if any) is replaced at the next tool call, which then mounts them. */
  remount(): void {
    this.stale = true;
  }

  /** The container as things stand, never provisioning one: none yet (or its start failed), pending while it starts. */
  current(): Promise<Box> | undefined {
    return this.destroyed ? undefined : this.box;
  }

  async execute(name: string, input: Input, opts: ExecuteOptions = {}): Promise<string> {
    if (name !== 'bash' && !Object.hasOwn(FILE_TOOLS, name)) throw new ToolError(`unknown tool ${name}`);
    this.calls++;
    this.work();
    try {
      if (this.stale && this.calls === 1) await this.replaceStale();
      let box: Box;
      try {
        box = await this.ready(opts.signal);
      } catch (err) {
        if (err instanceof ToolError) throw err;
        opts.signal?.throwIfAborted();
        throw new ToolError(`The sandbox could not be started: ${(err as Error).message}`);
      }
      const stopped = this.stopped;
      const note = stopped && `[This session's sandbox was stopped ${stopped}, and this call started a new one: files outside ${OUTPUTS_DIR} and the shell's working directory and variables are gone.]`;
      this.stopped = undefined;
      try {
        const out = await this.run(box, name, input, opts.signal);
        return note ? `${note}\n\n${out}` : out;
      } catch (err) {
        if (note && err instanceof ToolError) throw new ToolError(`${note}\n\n${err.message}`);
        this.stopped ??= stopped; // interrupted: the next call tells it
        throw err;
      }
    } finally {
      if (--this.calls === 0) this.rest();
    }
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    this.work();
    const box = this.box;
    this.box = undefined;
    const b = await box?.catch(() => undefined);
    if (b) await this.boxes.discard(b);
  }

  /**
   * Stops the container unless a call runs in it (it went idle, or another session needs its slot); the
   * session goes on, and its next call starts a new container. Never rejects: a timer calls it.
   */
  async stop(why: 'idle' | 'room'): Promise<void> {
    const box = this.box;
    if (this.calls > 0 || !box) return;
    this.work();
    this.box = undefined;
    const b = await box.catch(() => undefined);
    if (!b) return;
    this.stopped =
      why === 'idle'
        ? `after ${duration(this.boxes.idleTimeoutMs)} without a tool call`
        : "to make room for another session's (as many sandboxes as may run at once were running)";
    await this.boxes.discard(b).catch(() => undefined);
  }

  /** Removes a container made before the session's resources changed (none: nothing to do). */
  private async replaceStale(): Promise<void> {
    this.stale = false;
    const box = this.box;
    this.box = undefined;
    const b = await box?.catch(() => undefined);
    if (!b) return;
    this.stopped = "to mount the session's changed resources";
    await this.boxes.discard(b).catch(() => undefined);
  }

  /** A call starts, or the container goes: no idle clock, not one to stop. */
  private work(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.boxes.working(this);
  }

  /** No call runs and the container is up: it may be stopped for room, and is stopped once idle long enough. */
  private rest(): void {
    if (this.destroyed || !this.box) return;
    this.boxes.resting(this);
    clearTimeout(this.idleTimer);
    if (this.boxes.idleTimeoutMs > 0) this.idleTimer = setTimeout(() => void this.stop('idle'), this.boxes.idleTimeoutMs).unref();
  }

  /** Runs a tool in the container; a container that died under it is removed, and the call fails saying so. */
  private async run(box: Box, name: string, input: Input, signal?: AbortSignal): Promise<string> {
    try {
      return name === 'bash' ? await this.bash(box, input, signal) : await FILE_TOOLS[name as keyof typeof FILE_TOOLS](box.container, input, signal);
    } catch (err) {
      if (err instanceof ToolError) throw err;
      signal?.throwIfAborted();
      const broken = err instanceof Unusable;
      if (!broken && (await isRunning(box.container).catch(() => false))) throw new ToolError(`${name}: ${(err as Error).message}`);
      const why = broken ? `stopped responding (${(err as Error).message}) and was removed` : `stopped while the tool ran (${await howItEnded(box.container).catch(() => 'gone')})`;
      await this.discard(box);
      throw new ToolError(`${name} failed: the sandbox ${why}. The next tool call starts a fresh sandbox; files outside ${OUTPUTS_DIR} are gone.`);
    }
  }

  private async discard(box: Box): Promise<void> {
    if (this.box && (await this.box.catch(() => undefined)) === box) this.box = undefined;
    await this.boxes.discard(box).catch(() => undefined);
  }

  private async bash(box: Box, input: Input, signal?: AbortSignal): Promise<string> {
    const { command, restart, timeout_ms } = input;
    if (command !== undefined && command !== null && typeof command !== 'string') throw new ToolError('bash: command must be a string');
    if (timeout_ms !== undefined && timeout_ms !== null && !(Number.isInteger(timeout_ms) && (timeout_ms as number) > 0)) throw new ToolError('bash: timeout_ms must be a positive whole number');
    const timeoutMs = (timeout_ms as number | undefined) ?? BASH_TIMEOUT_MS;
    if (restart === true) await this.endShell(box);
    if (!command) {
      if (restart === true) return 'bash session restarted';
      throw new ToolError('bash: command is required');
    }
    const notes: string[] = [];
    let r: ShellResult;
    try {
      r = await this.runShell(box, command, timeoutMs, signal);
    } catch (err) {
      if (!(err instanceof ShellRunaway)) throw err;
      // Something an earlier command left running is filling the process table (a fork bomb in the background)
      // or flooded the shell's own output.
      await this.endShell(box);
      const what = err.kind === 'pids' ? `had filled the sandbox's process table (${this.boxes.limits.pids} processes)` : FLOODED;
      notes.push(`[Processes left running by an earlier command ${what}. They were stopped, and this command ran in a new shell: the working directory and variables were reset.]`);
      r = await this.runShell(box, command, timeoutMs, signal);
    }
    notes.push(r.output);
    if (r.pidsLimitHits > 0) {
      await this.endShell(box);
      notes.push(`${this.limitNote(r.pidsLimitHits)}\n[Everything the command started was stopped; ${RESET}.]`);
    }
    if (r.oomKills > 0) notes.push(`[The sandbox ran out of memory (limit ${Math.round(this.boxes.limits.memoryBytes / 1024 ** 2)} MiB): the kernel killed ${r.oomKills} process${r.oomKills > 1 ? 'es' : ''}.]`);
    const output = notes.filter(Boolean).join('\n\n');
    if (r.exitCode !== 0) throw new ToolError(`${output}${output ? '\n\n' : ''}[exit code ${r.exitCode}]`);
    return output;
  }

  /** Runs a command in the session's shell. A timeout, an abort or the shell's death stop everything it started. */
  private async runShell(box: Box, command: string, timeoutMs: number, signal?: AbortSignal): Promise<ShellResult> {
    const shell = await this.shellOf(box);
    try {
      return await shell.run(command, { timeoutMs, signal });
    } catch (err) {
      const timedOut = err instanceof ShellTimeout || signal?.aborted;
      const flooded = err instanceof ShellFlooded;
      if (!timedOut && !flooded && !(err instanceof ShellExited)) throw err;
      // A killed shell may be the first sign of the container going down: then the sandbox is gone, not just the shell.
      if (err instanceof ShellExited && !(await isRunning(box.container, err.code === 137 || err.code === null ? 2_000 : 0))) throw err;
      const end = await this.endShell(box);
      signal?.throwIfAborted();
      const what = timedOut
        ? `The command timed out after ${timeoutMs} ms. It was stopped with everything it started`
        : flooded
          ? `While the command ran, something ${FLOODED}, so the shell was cut off. The command was stopped with everything it started`
          : `The shell ${(err as Error).message.replace(/^the shell /, '')}. Everything it started was stopped`;
      throw new ToolError([end.partial, end.pidsLimitHits > 0 ? this.limitNote(end.pidsLimitHits) : '', `[${what}; ${RESET}.]`].filter(Boolean).join('\n\n'));
    }
  }

  /** The session's shell, started if need be. */
  private async shellOf(box: Box): Promise<Shell> {
    if (box.shell?.flooded) throw new ShellRunaway('flooded the shell while no command ran', 'flood');
    if (box.shell?.alive) return box.shell;
    try {
      return (box.shell = await Shell.start(box.container));
    } catch {
      // Leftover processes may fill the process table (a shell that died in a fork bomb): clear them, try again.
      await this.endShell(box);
      try {
        return (box.shell = await Shell.start(box.container));
      } catch (err) {
        throw new Unusable(`its shell did not start: ${(err as Error).message}`);
      }
    }
  }

  /**
   * Stops the shell and every process of the agent in the container. Returns what the shell's last command
   * had printed and how often the pids limit refused a fork since the shell last looked.
   */
  private async endShell(box: Box): Promise<{ partial: string; pidsLimitHits: number }> {
    const shell = box.shell;
    box.shell = undefined;
    let reset: Reset;
    try {
      reset = await resetProcesses(box.container, box.resets);
    } catch (err) {
      throw new Unusable(`its processes could not be stopped: ${(err as Error).message}`);
    }
    box.resets = reset.resets;
    if (!shell) return { partial: '', pidsLimitHits: 0 };
    return { partial: await shell.partialOutput(), pidsLimitHits: reset.pidsLimitHits - shell.pidsLimitHitsSeen };
  }

  private limitNote(refused: number): string {
    return `[The sandbox's process limit (${this.boxes.limits.pids} processes) was reached: the kernel refused ${refused} new process${refused > 1 ? 'es' : ''}.]`;
  }
}
