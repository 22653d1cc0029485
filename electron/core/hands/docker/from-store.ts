// The Docker hands as the runtime builds them: sandboxes made from each session's environment in the store,
// on the local engine (or DOCKER_HOST's), with the environment's network policy.
import type { Store } from '../../store/index.ts';
import { dockerClient } from './engine.ts';
import { networkFor, reapNetworks } from './network.ts';
import { DockerProvider } from './provider.ts';

export interface DockerHandsOptions {
  /** Started containers kept ready per environment (default 0). */
  warmPool?: number;
  /** Provision a session's sandbox when it is created, not at its first tool call (default false: lazy). */
  eager?: boolean;
}

/** A Docker sandbox per session; what a crashed Dockhand left behind is reaped in the background. */
export function dockerHands(store: Store, dataDir: string, { warmPool }: DockerHandsOptions = {}): DockerProvider {
  const docker = dockerClient();
  const provider = new DockerProvider({
    docker,
    dataDir,
    warmPool,
    networkFor,
    environmentOf: (sessionId) => {
      const env = store.environments.get(store.sessions.get(sessionId)?.environment_id ?? '');
      if (!env) throw new Error(`session ${sessionId} has no environment`);
      const mcpServerUrls = store.sessionAgent(sessionId)?.mcp_servers.map((s) => s.url);
      return { id: env.id, config: env.config.type === 'cloud' ? env.config : {}, mcpServerUrls };
    },
  });
  // Only sandboxes of processes that are gone are removed, so this can run beside the first tool calls.
  // Networks after containers: a network goes only once nothing is on it.
  void provider
    .reap()
    .then(() => reapNetworks(docker))
    .catch(() => undefined);
  return provider;
}
