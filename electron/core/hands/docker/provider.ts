// The Docker provider: each session's tools run in a container of its own, built from the session's
// environment, made on the first tool call (never at session start), hardened and limited, labelled
// so it can be found again, and removed when the session ends.
//
// A container is cattle: what an agent must keep goes to /mnt/session/outputs, a host directory of the
// session under the data directory (so it needs an engine on this machine) that outlives every container.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type Dockerode from 'dockerode';
import type { BetaCloudConfig } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { PerSessionProvider, type Sandbox } from '../contract.ts';
import { createOptions, DEFAULT_LIMITS, listSandboxes, processGone, reapSandboxes, removeContainer, type Limits, type Mount } from './container.ts';
import { assertEngine } from './engine.ts';
import { imageFor as buildImage } from './images.ts';
import type { PackageLists } from './recipe.ts';
import { WarmPool } from './pool.ts';
import { removeResources } from './resources.ts';
import { DockerSandbox, type Box, type Boxes } from './sandbox.ts';
import { Shell } from './shell.ts';

/** What a session's sandbox is made from. */
export interface SessionEnvironment {
  /** The environment's id: sessions of one environment share its warm pool. */
  id: string;
  config: { packages?: PackageLists; networking?: BetaCloudConfig['networking'] | null };
  /** Host paths mounted in the sandbox (the session's files and repositories). A session with any skips the pool. */
  mounts?: Mount[];
  /** Makes the mounts' sources ready on the host before the container is made (clones); its error is the tool call's. */
  prepare?: () => Promise<void>;
  /** The agent's MCP server URLs, which `limited` networking with `allow_mcp_servers` lets through. */
  mcpServerUrls?: readonly string[];
}

/** The network a sandbox gets: what its container needs, and how to take it down. */
export interface BoxNetwork {
  hostConfig: { NetworkMode: string };
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export type ImageFor = (docker: Dockerode, config: SessionEnvironment['config']) => Promise<string>;
export type NetworkFor = (
  docker: Dockerode,
  sessionId: string,
  networking: SessionEnvironment['config']['networking'],
  opts: { mcpServerUrls?: readonly string[] },
) => Promise<BoxNetwork>;

export interface DockerProviderOptions {
  docker: Dockerode;
  /** Dockhand's data directory: outputs are kept under `outputs/<session id>`. */
  dataDir: string;
  /** The environment of a session (throws when the session is gone). */
  environmentOf: (sessionId: string) => SessionEnvironment;
  /** The image for an environment (default: Dockhand's base image plus the environment's packages). */
  imageFor?: ImageFor;
  /** The network for a session's sandbox (default: none at all). */
  networkFor?: NetworkFor;
  limits?: Partial<Limits>;
  /** Started containers kept ready per environment (default 0: every first tool call starts one). */
  warmPool?: number;
}

const noNetwork: NetworkFor = async () => ({ hostConfig: { NetworkMode: 'none' }, env: {}, cleanup: async () => undefined });
const POOL_DIR = '.pool-';

export class DockerProvider extends PerSessionProvider {
  readonly name = 'docker';
  readonly limits: Limits;
  private readonly docker: Dockerode;
  private readonly outputsRoot: string;
  private readonly imageFor: ImageFor;
  private readonly networkFor: NetworkFor;
  private readonly pool: WarmPool<SessionEnvironment>;
  private readonly boxes: Boxes;

  constructor(private readonly opts: DockerProviderOptions) {
    super();
    this.docker = opts.docker;
    this.outputsRoot = join(opts.dataDir, 'outputs');
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.imageFor = opts.imageFor ?? ((docker, config) => buildImage(docker, config));
    this.networkFor = opts.networkFor ?? noNetwork;
    this.pool = new WarmPool(opts.warmPool ?? 0, (env) => this.make(env), (box) => this.discard(box));
    this.boxes = { provision: (id) => this.provisionBox(id), discard: (box) => this.discard(box), limits: this.limits };
  }

  protected create(sessionId: string): Sandbox {
    return new DockerSandbox(sessionId, this.boxes);
  }

  /** The host directory behind the session's /mnt/session/outputs; it stays after the session ends. */
  outputsDir(sessionId: string): string {
    return join(this.outputsRoot, sessionId);
  }

  /** Provisions the session's sandbox now rather than at its first tool call (eager provisioning). */
  async provision(sessionId: string): Promise<void> {
    await (this.forSession(sessionId) as DockerSandbox).ready();
  }

  /** Fills the warm pool of the session's environment, so its first tool call finds a container started. */
  async warm(sessionId: string): Promise<void> {
    const env = this.opts.environmentOf(sessionId);
    if (!env.mounts?.length) await this.pool.fill(poolKey(env), env);
  }

  /** Removes the session's sandbox, any container still labelled with it, and its clones. Its outputs stay. */
  override async release(sessionId: string): Promise<void> {
    try {
      await super.release(sessionId);
    } finally {
      for (const c of await listSandboxes(this.docker, sessionId)) await removeContainer(this.docker.getContainer(c.Id));
      removeResources(this.opts.dataDir, sessionId);
    }
  }

  /** Stops every sandbox and the warm pool (shutdown); outputs stay. */
  override async close(): Promise<void> {
    try {
      await super.close();
    } finally {
      await this.pool.close();
    }
  }

  /**
   * Start-up reap: removes sandbox containers whose Dockhand process is gone, and the (empty) outputs
   * directories of that process's pool containers. Returns how many containers it removed.
   */
  async reap(): Promise<number> {
    const removed = await reapSandboxes(this.docker);
    for (const d of existsSync(this.outputsRoot) ? readdirSync(this.outputsRoot) : []) {
      const pid = d.startsWith(POOL_DIR) ? Number(d.slice(POOL_DIR.length).split('-')[0]) : NaN;
      if (Number.isInteger(pid) && processGone(pid)) rmSync(join(this.outputsRoot, d), { recursive: true, force: true });
    }
    return removed;
  }

  /** The session's container: a warm one for its first, else a new one. */
  private async provisionBox(sessionId: string): Promise<Box> {
    try {
      return await this.takeOrMake(sessionId);
    } catch (err) {
      await assertEngine(this.docker); // "no Docker engine answers at ...: start dockerd" says more than ENOENT
      throw err;
    }
  }

  private async takeOrMake(sessionId: string): Promise<Box> {
    const env = this.opts.environmentOf(sessionId);
    const dir = this.outputsDir(sessionId);
    // The pool's containers mount a directory of their own, which becomes the session's: so only a first container.
    const warm = !env.mounts?.length && !existsSync(dir) ? await this.pool.take(poolKey(env), env) : undefined;
    if (!warm) return this.make(env, sessionId);
    renameSync(warm.outputsDir, dir);
    warm.outputsDir = dir;
    await warm.container.rename({ name: `dockhand-${sessionId}-${randomBytes(3).toString('hex')}` }).catch(() => undefined);
    return warm;
  }

  /** Builds (or finds) the image, sets up the network, starts the container and its shell. */
  private async make(env: SessionEnvironment, sessionId?: string): Promise<Box> {
    const [image] = await Promise.all([this.imageFor(this.docker, env.config), sessionId && env.prepare?.()]);
    const tag = randomBytes(3).toString('hex');
    const outputsDir = sessionId ? this.outputsDir(sessionId) : join(this.outputsRoot, `${POOL_DIR}${process.pid}-${tag}`);
    const network = await this.networkFor(this.docker, sessionId ?? `pool-${tag}`, env.config.networking, { mcpServerUrls: env.mcpServerUrls });
    let container: Dockerode.Container | undefined;
    try {
      mkdirSync(outputsDir, { recursive: true });
      // Written by the sandbox's uid 1000 whoever runs Dockhand; the data directory itself stays owner-only.
      chmodSync(outputsDir, 0o777);
      container = await this.docker.createContainer(
        createOptions({
          name: `dockhand-${sessionId ?? 'pool'}-${tag}`,
          image,
          sessionId,
          outputsDir,
          mounts: env.mounts ?? [],
          env: network.env,
          network: network.hostConfig,
          limits: this.limits,
        }),
      );
      await container.start();
      return { container, outputsDir, network, shell: await Shell.start(container), resets: 0 };
    } catch (err) {
      if (container) await removeContainer(container).catch(() => undefined);
      await network.cleanup().catch(() => undefined);
      if (!sessionId) rmSync(outputsDir, { recursive: true, force: true });
      throw err;
    }
  }

  private async discard(box: Box): Promise<void> {
    box.shell?.detach();
    await removeContainer(box.container);
    await box.network.cleanup();
    // A pool container no session took: its directory holds nothing.
    if (box.outputsDir.startsWith(join(this.outputsRoot, POOL_DIR))) rmSync(box.outputsDir, { recursive: true, force: true });
  }
}

/** Sessions share a pool only when their environment, its config and what its network lets through are the same. */
const poolKey = (env: SessionEnvironment): string => JSON.stringify([env.id, env.config.packages ?? null, env.config.networking ?? null, env.mcpServerUrls ?? []]);
