// Which hands run agents' tools. Asked for (`--hands`, later Settings) or, by default, Docker when an engine
// answers and none otherwise, with a reason a person can act on (the CLI prints it, a status shows it).
import type Dockerode from 'dockerode';
import { dockerClient, engineAddress } from './docker/engine.ts';
import { hostIsolation } from './host-isolation.ts';
import { NO_DOCKER_HINT } from './none.ts';

export type HandsChoice = 'none' | 'host' | 'docker';
export const HANDS_CHOICES: readonly HandsChoice[] = ['none', 'host', 'docker'];

export interface HandsDecision {
  hands: HandsChoice;
  /** One line for the user: where tools run and why. */
  reason: string;
}

const ENGINE_TIMEOUT_MS = 3_000;

/** `requested` as it was asked for, or the automatic choice; never throws. */
export async function chooseHands(requested?: HandsChoice, engine?: Dockerode): Promise<HandsDecision> {
  if (requested) return decided(requested);
  // Made only here: a mode that was asked for never loads Docker's client to choose.
  const docker = engine ?? dockerClient();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ENGINE_TIMEOUT_MS / 1000} s`)), ENGINE_TIMEOUT_MS)));
  const answers = await Promise.race([docker.ping(), timeout]).then(
    () => null,
    (err: Error) => err?.message || String(err),
  );
  clearTimeout(timer);
  if (answers === null) return { hands: 'docker', reason: `Tools run in Docker sandboxes: a Docker engine answers at ${engineAddress()}.` };
  return { hands: 'none', reason: `Tools are off: no Docker engine answers at ${engineAddress()} (${answers}). ${NO_DOCKER_HINT}.` };
}

/** The reason for hands that were asked for. */
export function decided(hands: HandsChoice): HandsDecision {
  if (hands === 'docker') return { hands, reason: `Tools run in Docker sandboxes, on the engine at ${engineAddress()}.` };
  if (hands === 'host') return { hands, reason: hostIsolation().summary };
  return { hands, reason: 'Tools are off, as asked: every tool call fails.' };
}
