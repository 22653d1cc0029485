import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Services } from './api/contract.ts';
import { Brain, type BrainOptions } from './brain/harness.ts';
import { decided, type HandsChoice, type HandsDecision } from './hands/choose.ts';
import type { SandboxProvider } from './hands/contract.ts';
import { dockerClient } from './hands/docker/engine.ts';
import { dockerHands, type DockerHandsOptions } from './hands/docker/from-store.ts';
import { imageFor } from './hands/docker/images.ts';
import { DockerProvider } from './hands/docker/provider.ts';
import { HostProvider } from './hands/host.ts';
import { NoSandboxProvider } from './hands/none.ts';
import type { EnvironmentBuilder } from './services/environment-build.ts';
import { createServices } from './services/index.ts';
import type { AttachedApi, SystemFacts } from './services/system.ts';
import { captureOutputs } from './services/output-files.ts';
import { blobsIn, type BlobStore } from './store/blobs.ts';
import { shelfIn } from './store/skill-shelf.ts';
import { Store } from './store/index.ts';
import { McpHub } from './mcp/hub.ts';
import { withMcp } from './mcp/with-sessions.ts';
import { Vault } from './vault/index.ts';
import { sessionRedactor } from './vault/redact.ts';

export type { HandsChoice, HandsDecision } from './hands/choose.ts';

export interface CoreOptions {
  /** Where the SQLite file (and host workspaces) live; created owner-only if missing. */
  dataDir: string;
  /** Where tools run: nowhere (every call fails with a clear message), on this machine, or in Docker sandboxes; see chooseHands. */
  hands?: HandsChoice | HandsDecision;
  docker?: DockerHandsOptions;
  /** Model connection and harness tuning; the brain does not run when this is false. */
  brain?: Omit<BrainOptions, 'store' | 'hands'> | false;
}

/** The whole runtime, built the same way by Electron's main process, `dockhand serve` and tests. */
export interface Core {
  store: Store;
  vault: Vault;
  services: Services;
  brain?: Brain;
  /** Where tools run, and why (for a status to show). */
  hands: HandsDecision;
  /** Tells `system.status` about the local HTTP API once a server listens (its address, how to rotate its key). */
  attachApi(api: AttachedApi | null): void;
  /** Files' bytes, in the data directory (the HTTP server stages uploads in its staging folder). */
  blobs: BlobStore;
  close(): Promise<void>;
}

function handsFor(choice: HandsChoice, dataDir: string, store: Store, vault: Vault, blobs: BlobStore, docker: DockerHandsOptions): SandboxProvider {
  // What a released sandbox leaves in its outputs folder becomes files of its session.
  if (choice === 'docker') return dockerHands(store, dataDir, vault, { ...docker, onReleased: (id, dir) => captureOutputs(store, blobs, id, dir) });
  return choice === 'host' ? new HostProvider({ dataDir }) : new NoSandboxProvider();
}

/**
 * Sandboxes follow sessions: released when one is deleted, stopped (files kept) when one is archived; in
 * Docker, warmed (or provisioned, when eager) when one is created, and remade when its resources change.
 */
function withSandboxes(services: Services, hands: SandboxProvider, eager: boolean): Services {
  const { 'sessions.create': create, 'sessions.archive': archive, 'sessions.delete': remove, 'sessions.resources.add': add, 'sessions.resources.delete': drop } = services;
  return {
    ...services,
    'sessions.resources.add': async (input) => {
      const added = await add(input);
      hands.remount?.(input.session_id);
      return added;
    },
    'sessions.resources.delete': async (input) => {
      const dropped = await drop(input);
      hands.remount?.(input.session_id);
      return dropped;
    },
    'sessions.create': async (input) => {
      const session = await create(input);
      // A failure here shows again, with its cause, at the session's first tool call.
      if (hands instanceof DockerProvider && eager) await hands.provision(session.id).catch(() => undefined);
      else if (hands instanceof DockerProvider) void hands.warm(session.id).catch(() => undefined);
      return session;
    },
    'sessions.archive': async (input) => {
      const archived = await archive(input);
      void hands.stop(input.session_id).catch(() => undefined);
      return archived;
    },
    'sessions.delete': async (input) => {
      const deleted = await remove(input);
      void hands.release(input.session_id).catch(() => undefined);
      return deleted;
    },
  };
}

/** A deleted session's run ends before its rows go: a run left behind would write to a session that is gone. */
function withRuns(services: Services, brain: Brain | undefined): Services {
  const remove = services['sessions.delete'];
  if (!brain) return services;
  return {
    ...services,
    'sessions.delete': async (input) => {
      await brain.stopSession(input.session_id);
      return remove(input);
    },
  };
}

/** The image a session in the environment gets from the Docker hands (the same call, so the same cache). */
const dockerImageBuilder: EnvironmentBuilder = async (config, onProgress) => {
  const docker = dockerClient();
  const image = await imageFor(docker, config.type === 'cloud' ? config : {}, { onProgress });
  return { image, size_bytes: (await docker.getImage(image).inspect()).Size };
};

/** The data directory cannot be used (it is shared, or not ours to make owner-only). */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/** Makes the data directory owner-only, also when it already existed; refuses a shared one such as /tmp. */
function ownerOnly(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (statSync(dataDir).mode & 0o1000) throw new DataDirError(`the data directory ${dataDir} is shared (sticky bit, like /tmp): give Dockhand a directory of its own`);
    chmodSync(dataDir, 0o700);
  } catch (err) {
    if (err instanceof DataDirError) throw err;
    throw new DataDirError(`cannot make the data directory ${dataDir} owner-only: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export function createCore({ dataDir, hands = 'none', docker = {}, brain = {} }: CoreOptions): Core {
  ownerOnly(dataDir);
  const decision = typeof hands === 'string' ? decided(hands) : hands;
  const store = Store.open(join(dataDir, 'dockhand.db'));
  const blobs = blobsIn(dataDir);
  blobs.sweepStaging();
  const shelf = shelfIn(dataDir);
  shelf.sweepStaging();
  // Secrets (credentials, repository tokens, the model key): in the OS keychain, used host-side only.
  const vault = new Vault(store);
  const sandboxes = handsFor(decision.hands, dataDir, store, vault, blobs, docker);
  const buildEnvironment = decision.hands === 'docker' ? dockerImageBuilder : undefined;
  const mcp = new McpHub(store, vault);
  const model = brain === false ? undefined : { ...brain.model, apiKey: brain.model?.apiKey ?? (() => vault.modelKey.get()) };
  const redactor = (sessionId: string) => sessionRedactor(store, vault, sessionId);
  let attached: AttachedApi | null = null;
  const system: SystemFacts = {
    hands: decision,
    dataDir,
    brain: brain !== false,
    model: brain === false ? {} : { baseURL: brain.model?.baseURL, apiKey: brain.model?.apiKey },
    modelKey: vault.modelKey,
    api: () => attached,
    sandboxes: sandboxes instanceof DockerProvider ? () => (({ running, cap }) => ({ running, cap }))(sandboxes.stats()) : undefined,
  };
  const harness = brain === false ? undefined : new Brain({ ...brain, model, store, hands: sandboxes, mcp, redactor });
  const core = createServices(store, vault, { buildEnvironment, hands: sandboxes, system, blobs, skills: { shelf }, validateCredential: (c) => mcp.validate(c) });
  const services = withMcp(withRuns(withSandboxes(core, sandboxes, docker.eager ?? false), harness), mcp, store);
  harness?.start();
  return {
    store,
    vault,
    services,
    brain: harness,
    hands: decision,
    attachApi: (api) => void (attached = api),
    blobs,
    close: async () => {
      await harness?.stop();
      await mcp.close();
      await sandboxes.close();
      store.close();
    },
  };
}
