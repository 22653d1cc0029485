import type { Services } from '../api/contract.ts';
import { invalid } from '../api/errors.ts';
import type { SystemStatus } from '../api/system.ts';
import { dockerClient, engineAddress } from '../hands/docker/engine.ts';
import type { HandsDecision } from '../hands/choose.ts';
import type { Store } from '../store/index.ts';
import type { ModelKey } from '../vault/model-key.ts';

/** The local HTTP API a core serves, once a server listens. */
export interface AttachedApi {
  address: string;
  /** Replaces the key clients must send; returns the new one. */
  rotateKey: () => string;
}

export interface SystemFacts {
  /** Where tools run and why (asked for, or chosen by what answers). */
  hands: HandsDecision;
  dataDir: string;
  /** Whether the brain runs, and the model connection it was given. */
  brain: boolean;
  model: { baseURL?: string; apiKey?: string | (() => Promise<string>) };
  /** The model key the keychain may hold (when no key was given and ANTHROPIC_API_KEY is unset). */
  modelKey?: ModelKey;
  /** The local API, when one is served (set later by whoever starts it). */
  api: () => AttachedApi | null;
  /** Sandboxes running and the most allowed, when the hands can tell. */
  sandboxes?: () => SystemStatus['sandboxes'];
}

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

const MODEL_ERRORS = new Set(['model_request_failed_error', 'model_rate_limited_error', 'model_overloaded_error']);
/** How the SDK words a refused key: the status and the API's error type are in the message. */
const AUTH_FAILURE = /\b40[13]\b|authentication_error|permission_error/;

/** Remembers the last failed model request of this run, forgotten when one succeeds. */
function watchModel(store: Store): () => SystemStatus['model']['last_error'] {
  let last: SystemStatus['model']['last_error'] = null;
  store.events.subscribeAll((sessionId, stored) => {
    for (const { event } of stored) {
      if (event.type === 'span.model_request_end' && !event.is_error) last = null;
      if (event.type === 'session.error' && MODEL_ERRORS.has(event.error.type))
        last = { message: event.error.message, session_id: sessionId, at: event.processed_at ?? new Date().toISOString(), auth: AUTH_FAILURE.test(event.error.message) };
    }
  });
  return () => last;
}

/** `system.status` and `system.rotate_key`: facts given at start-up, the Docker engine checked now (or a few seconds ago). */
export function systemServices(store: Store, facts: SystemFacts): Pick<Services, 'system.status' | 'system.rotate_key'> {
  let docker: { at: number; state: Promise<DockerState> } | undefined;
  const lastModelError = watchModel(store);
  return {
    async 'system.status'() {
      if (!docker || Date.now() - docker.at > DOCKER_CACHE_MS) docker = { at: Date.now(), state: probeDocker() };
      const given = Boolean(facts.model.apiKey ?? process.env.ANTHROPIC_API_KEY);
      const keySource = given ? 'environment' : (await facts.modelKey?.status().catch(() => null))?.source ?? 'none';
      const api = facts.api();
      return {
        hands: { kind: facts.hands.hands, reason: facts.hands.reason },
        docker: await docker.state,
        model: {
          brain: facts.brain,
          key_set: keySource !== 'none',
          key_source: keySource,
          base_url: facts.model.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com',
          last_error: lastModelError(),
        },
        sandboxes: facts.sandboxes?.() ?? null,
        api: { address: api?.address ?? null, rotatable: api !== null },
        data_dir: facts.dataDir,
      };
    },

    async 'system.rotate_key'() {
      const api = facts.api();
      if (!api) throw invalid('this core serves no local API, so it has no key to rotate');
      return { api_key: api.rotateKey() };
    },
  };
}
