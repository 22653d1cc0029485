// One session's sandbox: a container made on the first tool call (or taken from the warm pool), the tools
// run in it, and when it dies the call fails and the next one gets a fresh container.
import type Dockerode from 'dockerode';
import { ToolError, type ExecuteOptions, type Sandbox } from '../contract.ts';
import { howItEnded, isRunning, OUTPUTS_DIR, resetProcesses, type Limits, type Reset } from './container.ts';
import * as files from './files.ts';
import { Shell, ShellExited, ShellRunaway, ShellTimeout, type ShellResult } from './shell.ts';

/** A started container, ready for tools. */
export interface Box {
  container: Dockerode.Container;
  /** Host directory behind /mnt/session/outputs. */
  outputsDir: string;
  network: { cleanup(): Promise<void> };
  shell?: Shell;
  /** How many times its processes were reset (see resetProcesses). */
  resets: number;
}

/** What a sandbox needs from its provider. */
export interface Boxes {
  /** A started container for the session (made now, or taken from the warm pool). */
  provision(sessionId: string): Promise<Box>;
  /** Removes the container and its network. */
  discard(box: Box): Promise<void>;
  readonly limits: Limits;
}

/** The container can no longer be used (its shell cannot be started or stopped): it is replaced. */
class Unusable extends Error {}

const BASH_TIMEOUT_MS = 120_000;
const FILE_TOOLS = { read: files.read, write: files.write, edit: files.edit, glob: files.glob, grep: files.grep };
type Input = Record<string, unknown>;

const RESET = 'the next command runs in a new shell, so the working directory and variables are reset';

export class DockerSandbox implements Sandbox {
  private box?: Promise<Box>;
  private destroyed = false;

  constructor(
    private readonly sessionId: string,
    private readonly boxes: Boxes,
  ) {}

  /** The container, provisioned on first use. */
  ready(): Promise<Box> {
    if (this.destroyed) return Promise.reject(new ToolError('this session has ended: its sandbox is gone'));
    const box = (this.box ??= this.boxes.provision(this.sessionId));
    box.catch(() => {
      if (this.box === box) this.box = undefined; // the next call tries again
    });
    return box;
  }

  async execute(name: string, input: Input, opts: ExecuteOptions = {}): Promise<string> {
    if (name !== 'bash' && !Object.hasOwn(FILE_TOOLS, name)) throw new ToolError(`unknown tool ${name}`);
    let box: Box;
    try {
      box = await this.ready();
    } catch (err) {
      if (err instanceof ToolError) throw err;
      throw new ToolError(`The sandbox could not be started: ${(err as Error).message}`);
    }
    try {
      return name === 'bash' ? await this.bash(box, input, opts.signal) : await FILE_TOOLS[name as keyof typeof FILE_TOOLS](box.container, input, opts.signal);
    } catch (err) {
      if (err instanceof ToolError) throw err;
      opts.signal?.throwIfAborted();
      const broken = err instanceof Unusable;
      if (!broken && (await isRunning(box.container).catch(() => false))) throw new ToolError(`${name}: ${(err as Error).message}`);
      const why = broken ? `stopped responding (${(err as Error).message}) and was removed` : `stopped while the tool ran (${await howItEnded(box.container).catch(() => 'gone')})`;
      await this.discard(box);
      throw new ToolError(`${name} failed: the sandbox ${why}. The next tool call starts a fresh sandbox; files outside ${OUTPUTS_DIR} are gone.`);
    }
  }

  async destroy(): Promise<void> {
    this.destroyed = true;
    const box = this.box;
    this.box = undefined;
    const b = await box?.catch(() => undefined);
    if (b) await this.boxes.discard(b);
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
      r = await this.run(box, command, timeoutMs, signal);
    } catch (err) {
      if (!(err instanceof ShellRunaway)) throw err;
      // Something an earlier command left running is filling the process table (a fork bomb in the background).
      await this.endShell(box);
      notes.push(`[Processes left running by an earlier command had filled the sandbox's process table (${this.boxes.limits.pids} processes). They were stopped, and this command ran in a new shell: the working directory and variables were reset.]`);
      r = await this.run(box, command, timeoutMs, signal);
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
  private async run(box: Box, command: string, timeoutMs: number, signal?: AbortSignal): Promise<ShellResult> {
    const shell = await this.shellOf(box);
    try {
      return await shell.run(command, { timeoutMs, signal });
    } catch (err) {
      const timedOut = err instanceof ShellTimeout || signal?.aborted;
      if (!timedOut && !(err instanceof ShellExited)) throw err;
      // A killed shell may be the first sign of the container going down: then the sandbox is gone, not just the shell.
      if (err instanceof ShellExited && !(await isRunning(box.container, err.code === 137 || err.code === null ? 2_000 : 0))) throw err;
      const end = await this.endShell(box);
      signal?.throwIfAborted();
      const what = timedOut ? `The command timed out after ${timeoutMs} ms. It was stopped with everything it started` : `The shell ${(err as Error).message.replace(/^the shell /, '')}. Everything it started was stopped`;
      throw new ToolError([end.partial, end.pidsLimitHits > 0 ? this.limitNote(end.pidsLimitHits) : '', `[${what}; ${RESET}.]`].filter(Boolean).join('\n\n'));
    }
  }

  /** The session's shell, started if need be. */
  private async shellOf(box: Box): Promise<Shell> {
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
