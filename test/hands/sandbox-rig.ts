// Shared by the sandbox tests: the real engine, Dockhand's base image, providers made in a fresh data
// directory, and a check that this test process left no container behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { OWNER_LABEL, SANDBOX_LABEL } from '../../electron/core/hands/docker/container.ts';
import { dockerClient } from '../../electron/core/hands/docker/engine.ts';
import { ensureBaseImage } from '../../electron/core/hands/docker/images.ts';
import { DockerProvider, type DockerProviderOptions, type SessionEnvironment } from '../../electron/core/hands/docker/provider.ts';
import { ToolError } from '../../electron/core/hands/contract.ts';
import { neededInCi } from '../support/ci.ts';

export { neededInCi };

export const docker = dockerClient();
export const engineUp = neededInCi(
  await docker.ping().then(
    () => true,
    () => false,
  ),
  'no Docker engine answers',
);

/** Builds Dockhand's base image the first time (debootstrap, about a minute), then finds it in the cache. */
export const baseImage = () => ensureBaseImage(docker);

/** Containers this test process made: other test files run beside it with their own. */
export const mine = () => docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL, `${OWNER_LABEL}=${hostname()}:${process.pid}`] } });

/** The sandbox containers of one session. */
export const containersOf = (sessionId: string) => docker.listContainers({ all: true, filters: { label: [SANDBOX_LABEL, `dockhand.session=${sessionId}`] } });

let n = 0;
export const newSessionId = () => `sesn_sbx${process.pid}x${++n}`;

export interface Rig {
  provider: DockerProvider;
  dataDir: string;
  close(): Promise<void>;
}

/** A provider over a fresh data directory; every session is in one plain environment unless `environmentOf` says otherwise. */
export function rig(opts: Partial<Omit<DockerProviderOptions, 'docker' | 'dataDir'>> = {}): Rig {
  const dataDir = mkdtempSync(join(tmpdir(), 'dockhand-sandbox-'));
  const plain: SessionEnvironment = { id: 'env_plain', config: {} };
  const provider = new DockerProvider({ docker, dataDir, environmentOf: () => plain, ...opts });
  return {
    provider,
    dataDir,
    close: async () => {
      await provider.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs a tool and returns its error message (failing the test when the tool succeeds). */
export async function toolError(p: Promise<string>): Promise<string> {
  const err = await p.then(
    (out) => new Error(`expected a tool error, got: ${out.slice(0, 500)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ToolError);
  return (err as Error).message;
}

export async function expectNoneLeft(): Promise<void> {
  expect(await mine()).toEqual([]);
}
