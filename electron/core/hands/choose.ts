// Which hands run agents' tools. Asked for (`--hands`, later Settings) or, by default, Docker when an engine
// answers and none otherwise, with a reason a person can act on (the CLI prints it, a status shows it).
import { engineAddress, pingEngine } from './docker/engine.ts';
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
export async function chooseHands(requested?: HandsChoice): Promise<HandsDecision> {
  if (requested) return decided(requested);
  const answers = await pingEngine(ENGINE_TIMEOUT_MS).then(
    () => null,
    (err: Error) => err?.message || String(err),
  );
  if (answers === null) return { hands: 'docker', reason: `Tools run in Docker sandboxes: a Docker engine answers at ${engineAddress()}.` };
  return { hands: 'none', reason: `Tools are off: no Docker engine answers at ${engineAddress()} (${answers}). ${NO_DOCKER_HINT}.` };
}

/** The reason for hands that were asked for. */
export function decided(hands: HandsChoice): HandsDecision {
  if (hands === 'docker') return { hands, reason: `Tools run in Docker sandboxes, on the engine at ${engineAddress()}.` };
  if (hands === 'host') return { hands, reason: hostIsolation().summary };
  return { hands, reason: 'Tools are off, as asked: every tool call fails.' };
}
