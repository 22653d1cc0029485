// The Docker hands as the runtime builds them: sandboxes made from each session's environment in the store,
// on the local engine (or DOCKER_HOST's), with the environment's network policy and the session's resources.
import type { Store } from '../../store/index.ts';
import type { Vault } from '../../vault/index.ts';
import { sandboxCredentials } from '../../vault/sandbox-credentials.ts';
import { dockerClient } from './engine.ts';
import { networkFor, OPEN_HOSTS_KEY, reapNetworks } from './network.ts';
import { DockerProvider } from './provider.ts';
import { reapResources, sessionMounts, skillMounts } from './resources.ts';
import { shelfIn } from '../../store/skill-shelf.ts';
import { blobsIn } from '../../store/blobs.ts';

export interface DockerHandsOptions {
  /** Started containers kept ready per environment (default 0). */
  warmPool?: number;
  /** Provision a session's sandbox when it is created, not at its first tool call (default false: lazy). */
  eager?: boolean;
  /** Sandboxes that run at once (default DEFAULT_MAX_SANDBOXES). */
  maxSandboxes?: number;
  /** How long a sandbox no tool call uses keeps running (default DEFAULT_IDLE_TIMEOUT_MS; 0: until its session ends). */
  idleTimeoutMs?: number;
  /** A session's sandbox was released: what it left in its outputs folder may be kept (see DockerProviderOptions). */
  onReleased?: (sessionId: string, outputsDir: string) => Promise<unknown>;
}

/**
 * A Docker sandbox per session; what a crashed Dockhand left behind is reaped in the background. The vault
 * gives the repository tokens (for the host's clone and its git route) and the credentials the proxy adds.
 */
export function dockerHands(store: Store, dataDir: string, vault: Vault, { warmPool, maxSandboxes, idleTimeoutMs, onReleased }: DockerHandsOptions = {}): DockerProvider {
  const docker = dockerClient();
  const blobs = blobsIn(dataDir);
  const shelf = shelfIn(dataDir);
  const fileOf = (fileId: string) => {
    const f = store.files.get(fileId);
    return f && blobs.has(f.sha256) ? blobs.path(f.sha256) : undefined;
  };
  const provider = new DockerProvider({
    docker,
    dataDir,
    warmPool,
    maxSandboxes,
    idleTimeoutMs,
    networkFor,
    onReleased,
    environmentOf: (sessionId) => {
      const session = store.sessions.get(sessionId);
      const env = store.environments.get(session?.environment_id ?? '');
      if (!session || !env) throw new Error(`session ${sessionId} has no environment`);
      const agent = store.sessionAgent(sessionId);
      const mcpServerUrls = agent?.mcp_servers.map((s) => s.url);
      const resources = sessionMounts(dataDir, sessionId, session.body.resources, { tokenOf: (id) => vault.sessionSecrets.get(sessionId, id), fileOf });
      const skills = skillMounts(store, shelf, agent?.skills ?? []);
      const mounts = [...resources.mounts, ...skills.mounts];
      const prepare = async () => {
        if (skills.missing.length) throw new Error(`the agent's skills ${skills.missing.join(', ')} cannot be mounted: their versions were deleted (change the agent's skills)`);
        await resources.prepare();
      };
      const openHosts = env.metadata?.[OPEN_HOSTS_KEY];
      const credentials = sandboxCredentials(store, vault, sessionId);
      return { id: env.id, config: env.config.type === 'cloud' ? env.config : {}, mcpServerUrls, openHosts, mounts, prepare, credentials };
    },
  });
  // Only sandboxes of processes that are gone are removed, so this can run beside the first tool calls;
  // it starts on the event loop's next turn, after the start-up under way (the server's listen on an
  // address, its ready line), so that dockerode loads after that. Networks after containers: a network goes only once nothing is on it.
  setImmediate(() =>
    void provider
      .reap()
      .then(() => reapNetworks(docker))
      .then(() => reapResources(dataDir, (id) => store.sessions.get(id) !== undefined))
      .catch(() => undefined),
  );
  return provider;
}
