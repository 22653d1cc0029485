import type { BetaEnvironment } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import type { Services } from '../api/contract.ts';
import type { EnvironmentBuildComplete, EnvironmentBuildProgress } from '../api/environment-build.ts';
import { invalid, notFound } from '../api/errors.ts';
import type { Store } from '../store/index.ts';

/** Makes an environment's image (or finds it cached) and resolves with its tag and size; only the Docker hands have one. */
export type EnvironmentBuilder = (
  config: BetaEnvironment['config'],
  onProgress: (p: Omit<EnvironmentBuildProgress, 'type'>) => void,
) => Promise<Omit<EnvironmentBuildComplete, 'type'>>;

export function environmentBuildServices(store: Store, build: EnvironmentBuilder | undefined): Pick<Services, 'environments.build'> {
  return {
    // The build goes on when the caller leaves: its image is cached for the next caller and the sessions.
    async 'environments.build'({ environment_id }, sink) {
      const env = store.environments.get(environment_id);
      if (!env) throw notFound('environment', environment_id, 'environment_not_found');
      if (!build) throw invalid('environment images are built by the Docker hands: start with --hands docker');
      let listening = true;
      let n = 0;
      const send: typeof sink = (item, _id, last) => {
        if (listening) sink(item, String(++n), last);
      };
      // Progress cannot wait for a slow client: past its transport's limit it is dropped, the build goes on.
      build(env.config, (p) => void send({ type: 'environment.build_progress', ...p }, ''))
        .then((built) => send({ type: 'environment.build_complete', ...built }, '', true))
        .catch((err: unknown) => send({ type: 'environment.build_failed', message: err instanceof Error ? err.message : String(err) }, '', true))
        .catch(() => undefined); // a sink never throws; should one, the build's outcome is cached for the next caller all the same
      return () => void (listening = false);
    },
  };
}
