// The Docker engine the hands run on: the one DOCKER_HOST names (a remote host over tcp:// or ssh://),
// else this machine's socket.
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

// dockerode (with its ssh and HTTP stack) is loaded by the first client made, not at start-up: only the
// Docker hands use it. It is CommonJS, so a plain require keeps dockerClient() synchronous.
const requireDockerode = () => createRequire(import.meta.url)('dockerode') as typeof Docker;

/** Label on every image, container, network and volume Dockhand makes, so it can find (and reap) its own. */
export const MANAGED_LABEL = 'dockhand.managed';
/** Label naming the session a container, network or volume belongs to. */
export const SESSION_LABEL = 'dockhand.session';

/** The labels for something Dockhand makes (for a session when one is given). */
export function managedLabels(sessionId?: string): Record<string, string> {
  return sessionId ? { [MANAGED_LABEL]: '1', [SESSION_LABEL]: sessionId } : { [MANAGED_LABEL]: '1' };
}

/**
 * A client for the engine in DOCKER_HOST (unix://, tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH,
 * ssh://), or the local socket when it is unset. dockerode's modem reads those variables itself.
 */
export function dockerClient(): Docker {
  const Dockerode = requireDockerode();
  return new Dockerode();
}

/** Where the engine is expected, for error messages. */
export const engineAddress = (): string => process.env.DOCKER_HOST || 'unix:///var/run/docker.sock';

/** Resolves when the engine answers; rejects with a message that says where it was looked for and what to do. */
export async function assertEngine(docker: Docker): Promise<void> {
  try {
    await docker.ping();
  } catch (err) {
    throw new Error(`no Docker engine answers at ${engineAddress()} (${(err as Error).message}): start dockerd, or set DOCKER_HOST`);
  }
}

/** True when the engine reports `name` (an image, container, network or volume) as missing. */
export const isNotFound = (err: unknown): boolean => (err as { statusCode?: number } | null)?.statusCode === 404;

/** One JSON message of a streamed engine reply (build, import, pull). */
export interface EngineMessage {
  stream?: string;
  status?: string;
  error?: string;
  aux?: { ID?: string };
}

/**
 * Reads a streamed engine reply to its end, handing each message to `onMessage`. The engine reports
 * a failed build inside the stream (HTTP 200 with an `error` message): that rejects here.
 */
export function followStream(docker: Docker, stream: NodeJS.ReadableStream, onMessage: (m: EngineMessage) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (err: Error | null) => (err ? reject(err) : failure !== undefined ? reject(new Error(failure)) : resolve()),
      (m: EngineMessage) => {
        if (m.error !== undefined) failure ??= m.error;
        onMessage(m);
      },
    );
  });
}
