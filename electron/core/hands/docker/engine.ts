// The Docker engine the hands run on: the one DOCKER_HOST names (a remote host over tcp:// or ssh://),
// else this machine's socket.
import { request } from 'node:http';
import { createRequire } from 'node:module';
import type Docker from 'dockerode';

// dockerode (with its ssh and gRPC stacks, a fifth of a second of CPU) is loaded when a client is first
// used, not at start-up: only the Docker hands use it, and they begin with background work (the reap).
// It is CommonJS, so a plain require keeps that first use synchronous.
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
 * ssh://), or the local socket when it is unset. dockerode's modem reads those variables itself, at the
 * client's first use, which is when dockerode is loaded.
 */
export function dockerClient(): Docker {
  let client: Docker | undefined;
  const real = () => (client ??= new (requireDockerode())());
  return new Proxy({} as Docker, {
    get(_target, key) {
      const value = Reflect.get(real(), key) as unknown;
      return typeof value === 'function' ? value.bind(real()) : value;
    },
  });
}

/** The engine's socket on this machine (DOCKER_HOST unix://PATH, or the default), or undefined for any other engine. */
function localSocket(): string | undefined {
  const host = process.env.DOCKER_HOST;
  if (!host) return process.platform === 'win32' ? undefined : '/var/run/docker.sock';
  return /^unix:\/\/(\/.*)$/.exec(host)?.[1];
}

/**
 * Resolves when the engine answers its ping within `timeoutMs`; rejects saying why. An engine on a local
 * socket is asked with node:http, so that choosing the hands at start-up loads no dockerode.
 */
export function pingEngine(timeoutMs: number): Promise<void> {
  const socketPath = localSocket();
  const timedOut = () => new Error(`no answer in ${timeoutMs / 1000} s`);
  if (!socketPath) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timedOut()), timeoutMs)));
    return Promise.race([dockerClient().ping().then(() => undefined), timeout]).finally(() => clearTimeout(timer));
  }
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      if (res.statusCode === 200) resolve();
      else reject(new Error(`the engine answered HTTP ${res.statusCode}`));
    });
    req.once('timeout', () => req.destroy(timedOut()));
    req.once('error', reject);
    req.end();
  });
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
