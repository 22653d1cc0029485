// The result of `system.status`, a Dockhand extension: how this core runs, for the app's status bar
// and settings. Never carries a secret: whether a key is set, not the key.

export interface SystemStatus {
  /** Where agents' tools run, and why. */
  hands: { kind: 'docker' | 'host' | 'none'; reason: string };
  /** The Docker engine (checked even when the hands are not Docker, so the app can say it is there). */
  docker: {
    state: 'running' | 'unreachable';
    /** Where it was looked for: DOCKER_HOST or the local socket. */
    address: string;
    version: string | null;
    api_version: string | null;
    /** Why it is unreachable, in the engine client's words. */
    error: string | null;
  };
  /** The model connection the brain uses. */
  model: {
    /** Whether the brain runs at all (`serve --no-brain` stores sessions but runs no agent). */
    brain: boolean;
    key_set: boolean;
    /** Where the key comes from: ANTHROPIC_API_KEY (or a key given at start) wins over the OS keychain. */
    key_source: 'environment' | 'keychain' | 'none';
    base_url: string;
    /**
     * The last model request that failed in this run, unless one succeeded since; `auth` when the
     * model refused the key (HTTP 401/403).
     */
    last_error: { message: string; session_id: string; at: string; auth: boolean } | null;
  };
  /**
   * The Docker provider's sandboxes: how many run and the most it will run; null when the hands do
   * not report them.
   */
  sandboxes: { running: number; cap: number | null } | null;
  /** The local HTTP API, when this core serves one; its key can be rotated (`system.rotate_key`). */
  api: { address: string | null; rotatable: boolean };
  data_dir: string;
}
