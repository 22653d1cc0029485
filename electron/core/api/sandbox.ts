// What the sandbox panel shows of a session's sandbox (Dockhand extensions): its container's state and
// the files the agent kept in its outputs folder (/mnt/session/outputs), which outlive every container.

/** none yet: no tool has run (containers are made at the first call); stopped: it had one, now gone or exited. */
export type SandboxState = 'none' | 'provisioning' | 'running' | 'stopped';

export interface SessionSandbox {
  type: 'session_sandbox';
  session_id: string;
  /** Where the session's tools run: a container per session, this machine (not isolated), or nowhere. */
  provider: 'docker' | 'host' | 'none';
  state: SandboxState;
  /** The container, while one exists. */
  container: { id: string; name: string; image: string; started_at: string | null } | null;
  /** What the container may use (Docker). */
  limits: { memory_bytes: number; cpus: number; pids: number } | null;
  /** Where the agent keeps files beyond its container; null when the provider keeps none. */
  outputs_path: string | null;
}

/** A regular file in the outputs folder; `path` is relative to it, with `/` between folders. */
export interface OutputEntry {
  path: string;
  size: number;
  modified_at: string;
}

export interface OutputList {
  data: OutputEntry[];
  /** More files than one listing returns (OUTPUT_LIST_LIMIT) are there. */
  truncated: boolean;
}

/** One output file's content, base64 (files may be binary), for a download. */
export interface OutputFile extends OutputEntry {
  type: 'output_file';
  encoding: 'base64';
  data: string;
}
