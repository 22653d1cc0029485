import type { Services } from '../api/contract.ts';
import type { SystemStatus } from '../api/system.ts';
import { dockerClient, engineAddress } from '../hands/docker/engine.ts';

export interface SystemFacts {
  hands: SystemStatus['hands']['kind'];
  dataDir: string;
  /** Whether the brain runs, and the model connection it was given. */
  brain: boolean;
  model: { baseURL?: string; apiKey?: string };
  /** The local API's address once a server listens (set later by whoever starts it). */
  apiAddress: () => string | null;
  /** Sandboxes running and the most allowed, when the hands can tell. */
  sandboxes?: () => SystemStatus['sandboxes'];
}

const HANDS_REASON: Record<SystemStatus['hands']['kind'], string> = {
  docker: 'Each session runs its tools in its own hardened Docker container (--hands docker).',
  host: 'Tools run directly on this machine, without isolation (--hands host).',
  none: 'Tools are off: agents can talk but not act. Start with --hands docker to give each session a sandbox.',
};

/** How long a Docker check is reused: the status bar and settings ask often, the engine rarely changes. */
const DOCKER_CACHE_MS = 3000;
const DOCKER_TIMEOUT_MS = 2000;

type DockerState = SystemStatus['docker'];

async function probeDocker(): Promise<DockerState> {
  const address = engineAddress();
  let timer: NodeJS.Timeout | undefined;
  try {
    const version = await Promise.race([
      dockerClient().version(),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${DOCKER_TIMEOUT_MS / 1000} s`)), DOCKER_TIMEOUT_MS))),
    ]);
    return { state: 'running', address, version: version.Version ?? null, api_version: version.ApiVersion ?? null, error: null };
  } catch (err) {
    return { state: 'unreachable', address, version: null, api_version: null, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** `system.status`: facts given at start-up, and the Docker engine checked now (or a few seconds ago). */
export function systemServices(facts: SystemFacts): Pick<Services, 'system.status'> {
  let docker: { at: number; state: Promise<DockerState> } | undefined;
  return {
    async 'system.status'() {
      if (!docker || Date.now() - docker.at > DOCKER_CACHE_MS) docker = { at: Date.now(), state: probeDocker() };
      const apiKey = facts.model.apiKey ?? process.env.ANTHROPIC_API_KEY;
      return {
        hands: { kind: facts.hands, reason: HANDS_REASON[facts.hands] },
        docker: await docker.state,
        model: {
          brain: facts.brain,
          key_set: Boolean(apiKey),
          key_source: apiKey ? 'environment' : 'none',
          base_url: facts.model.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
        },
        sandboxes: facts.sandboxes?.() ?? null,
        api: { address: facts.apiAddress() },
        data_dir: facts.dataDir,
      };
    },
  };
}
