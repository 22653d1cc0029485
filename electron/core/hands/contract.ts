// The hands: where an agent's tools run. The brain knows only this contract, so a provider (host
// process, local Docker, a remote Docker host, Kubernetes) can be added without touching it.
import type { SessionSandbox } from '../api/sandbox.ts';

/** Where an agent's skills are in its sandbox: each at `<SKILLS_DIR>/<name>`, read-only (the brain lists them there). */
export const SKILLS_DIR = '/mnt/skills';

/** A tool that ran and failed (non-zero exit, missing file, ...): the model sees the message as an error result. */
export class ToolError extends Error {
  override name = 'ToolError';
}

export interface ExecuteOptions {
  /** Aborted when the user interrupts: the tool should stop and the call rejects. */
  signal?: AbortSignal;
}

/** One session's sandbox. Provisioned lazily: nothing starts until the first `execute`. */
export interface Sandbox {
  /** Runs a built-in tool; resolves to its text output, rejects (ToolError or other) on failure. */
  execute(name: string, input: Record<string, unknown>, opts?: ExecuteOptions): Promise<string>;
  /** Stops whatever the sandbox runs (shells, containers); safe to call twice. */
  destroy(): Promise<void>;
}

export interface SandboxProvider {
  /** A short name for logs and errors ("host", "docker"). */
  readonly name: string;
  /** Whether sandboxes have the agent's skills at SKILLS_DIR (only then does the model hear of them). */
  readonly mountsSkills?: boolean;
  /** The sandbox of a session (the same object for the same session while it lives). */
  forSession(sessionId: string): Sandbox;
  /** The session is gone (deleted or terminated): destroy its sandbox and discard its files. */
  release(sessionId: string): Promise<void>;
  /** The session rests for good (archived): stop what its sandbox runs, keeping its files. */
  stop(sessionId: string): Promise<void>;
  /** Stops every sandbox, keeping their files (shutdown). */
  close(): Promise<void>;
  /** The session's sandbox as it stands, for display; never provisions one. Providers without containers leave it out. */
  inspect?(sessionId: string): Promise<SandboxInfo>;
  /** The host folder behind the session's /mnt/session/outputs, when the provider keeps one. */
  outputsDir?(sessionId: string): string;
  /** The session's resources changed: its next tool call sees them (providers that mount resources). */
  remount?(sessionId: string): void;
}

/** What a provider knows of a session's sandbox (the API's SessionSandbox adds the rest). */
export type SandboxInfo = Pick<SessionSandbox, 'state' | 'container' | 'limits'>;

/** Keeps one sandbox per session, made on first use. */
export abstract class PerSessionProvider implements SandboxProvider {
  abstract readonly name: string;
  private readonly sandboxes = new Map<string, Sandbox>();

  protected abstract create(sessionId: string): Sandbox;

  /** The session's sandbox if it has been asked for, without making one. */
  protected peek(sessionId: string): Sandbox | undefined {
    return this.sandboxes.get(sessionId);
  }

  forSession(sessionId: string): Sandbox {
    let s = this.sandboxes.get(sessionId);
    if (!s) this.sandboxes.set(sessionId, (s = this.create(sessionId)));
    return s;
  }

  async release(sessionId: string): Promise<void> {
    await this.stop(sessionId);
  }

  /** Destroys the session's sandbox (its files stay): a later forSession makes a new one. */
  async stop(sessionId: string): Promise<void> {
    const s = this.sandboxes.get(sessionId);
    this.sandboxes.delete(sessionId);
    await s?.destroy();
  }

  async close(): Promise<void> {
    const all = [...this.sandboxes.values()];
    this.sandboxes.clear();
    await Promise.all(all.map((s) => s.destroy()));
  }
}
