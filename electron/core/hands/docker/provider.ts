// The Docker provider: each session's tools run in a container of its own, built from the session's
// environment, made on the first tool call (never at session start), hardened and limited, labelled
// so it can be found again, and removed when the session ends.
//
// A container is cattle: what an agent must keep goes to /mnt/session/outputs, a host directory of the
// session under the data directory (so it needs an engine on this machine) that outlives every container.
//
// A day of use must not pile up containers (and their networks) on the engine: a sandbox no call has used
// for `idleTimeoutMs` is stopped, and at most `maxSandboxes` run at once. At the cap, a new sandbox takes
// the slot of the one least recently used among those no call runs in (it is stopped, as if idle: its
// session's next call starts a new one); when a call runs in every one of them, it waits for the first
// slot to come free (those calls' own timeouts bound the wait; an interrupt ends it). A queue rather than
// an error: a session at the cap would otherwise fail a tool call that a few seconds' wait would have run,
// and the stopped sandbox's session loses only what an idle stop would have cost it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Dockerode from 'dockerode';
import type { BetaCloudConfig } from '@anthropic-ai/sdk/resources/beta/environments/environments';
import { PerSessionProvider, type Sandbox, type SandboxInfo } from '../contract.ts';
import { handToAgent } from './agent-owned.ts';
import { hasCredentials, type ProxyCredentials } from './credential-injection.ts';
import { createSandbox, DEFAULT_LIMITS, listSandboxes, processGone, reapSandboxes, removeContainer, type DiskQuota, type Limits, type Mount } from './container.ts';
import { assertEngine } from './engine.ts';
import { imageFor as buildImage } from './images.ts';
import type { PackageLists } from './recipe.ts';
import { WarmPool } from './pool.ts';
import { removeResources } from './resources.ts';
import { DockerSandbox, type Box, type Boxes } from './sandbox.ts';
import { Shell } from './shell.ts';
import { Slots } from './slots.ts';

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
  /** What the host adds to the sandbox's traffic (git's route to its repositories, credential substitution): such a sandbox skips the pool. */
  credentials?: ProxyCredentials;
  /** Private addresses `unrestricted` networking lets through (the environment's `dockhand.allowed_private_hosts`). */
  openHosts?: string;
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
  opts: { mcpServerUrls?: readonly string[]; openHosts?: string; credentials?: ProxyCredentials },
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
  /** Sandboxes that run at once (default DEFAULT_MAX_SANDBOXES); warm pool containers are not counted. */
  maxSandboxes?: number;
  /** How long a sandbox no tool call uses is kept running (default DEFAULT_IDLE_TIMEOUT_MS); 0 keeps it until its session ends. */
  idleTimeoutMs?: number;
  /**
   * Called once a session's container is gone (stopped idle or for room, replaced, or the session ended),
   * with its outputs folder; awaited, its failure ignored. The runtime keeps the outputs as files.
   */
  onReleased?: (sessionId: string, outputsDir: string) => Promise<unknown>;
}

export const DEFAULT_MAX_SANDBOXES = 16;
export const DEFAULT_IDLE_TIMEOUT_MS = 15 * 60_000;

/** The sandboxes now, for a status display. */
export interface SandboxStats {
  /** Sandboxes running or being made. */
  running: number;
  /** The most that run at once. */
  cap: number;
  /** Tool calls waiting for a sandbox because every running one is in use. */
  waiting: number;
  /** Running sandboxes no call is using (the first to be stopped for room). */
  idle: number;
  /** Started containers in the warm pool, not counted in `running`. */
  warm: number;
  /** After this long without a tool call a sandbox is stopped; 0: never. */
  idleTimeoutMs: number;
  /** Whether each sandbox's own disk is held to `limits.diskBytes`: unknown until the first sandbox; when not, why. */
  diskQuota: DiskQuota & { bytes: number };
}

const noNetwork: NetworkFor = async () => ({ hostConfig: { NetworkMode: 'none' }, env: {}, cleanup: async () => undefined });
const POOL_DIR = '.pool-';

export class DockerProvider extends PerSessionProvider {
  readonly name = 'docker';
  readonly mountsSkills = true;
  readonly limits: Limits;
  private readonly docker: Dockerode;
  private readonly outputsRoot: string;
  private readonly imageFor: ImageFor;
  private readonly networkFor: NetworkFor;
  private readonly pool: WarmPool<SessionEnvironment>;
  private readonly boxes: Boxes;
  private readonly slots: Slots;
  /** Sandboxes with a container and no call running, least recently used first. */
  private readonly resting = new Set<DockerSandbox>();
  /** Sandboxes being stopped to make room, whose slots are on their way to waiters. */
  private evicting = 0;
  private readonly diskQuota: DiskQuota = {};

  constructor(private readonly opts: DockerProviderOptions) {
    super();
    this.docker = opts.docker;
    this.outputsRoot = join(opts.dataDir, 'outputs');
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.imageFor = opts.imageFor ?? ((docker, config) => buildImage(docker, config));
    this.networkFor = opts.networkFor ?? noNetwork;
    this.pool = new WarmPool(opts.warmPool ?? 0, (env) => this.make(env), (box) => this.discard(box));
    this.slots = new Slots(opts.maxSandboxes ?? DEFAULT_MAX_SANDBOXES);
    const idleTimeoutMs = opts.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    if (!Number.isInteger(idleTimeoutMs) || idleTimeoutMs < 0) throw new Error(`the sandbox idle timeout must be a whole number of milliseconds, not ${idleTimeoutMs}`);
    this.boxes = {
      provision: (id, signal) => this.provisionBox(id, signal),
      discard: (box) => this.discard(box),
      limits: this.limits,
      idleTimeoutMs,
      resting: (sandbox) => {
        this.resting.delete(sandbox); // to the end: the most recently used
        this.resting.add(sandbox);
        this.makeRoom();
      },
      working: (sandbox) => void this.resting.delete(sandbox),
    };
  }

  /** The count and the cap of running sandboxes, and the limits that hold them. */
  stats(): SandboxStats {
    return {
      running: this.slots.running,
      cap: this.slots.cap,
      waiting: this.slots.waiting,
      idle: this.resting.size,
      warm: this.pool.readyCount,
      idleTimeoutMs: this.boxes.idleTimeoutMs,
      diskQuota: { ...this.diskQuota, bytes: this.limits.diskBytes },
    };
  }

  protected create(sessionId: string): Sandbox {
    return new DockerSandbox(sessionId, this.boxes);
  }

  /** The host directory behind the session's /mnt/session/outputs; it stays after the session ends. */
  outputsDir(sessionId: string): string {
    return join(this.outputsRoot, sessionId);
  }

  /** The session's sandbox for the sandbox panel (read-only: it never provisions one). */
  async inspect(sessionId: string): Promise<SandboxInfo> {
    const limits = { memory_bytes: this.limits.memoryBytes, cpus: this.limits.cpus, pids: this.limits.pids };
    // An already settled container wins the race (its reaction runs first); one still starting loses to 'pending'.
    const current = (this.peek(sessionId) as DockerSandbox | undefined)?.current();
    const box = await Promise.race<Box | 'pending' | undefined>([current, Promise.resolve('pending')]).catch(() => undefined);
    if (box === 'pending') return { state: 'provisioning', container: null, limits };
    // Without a container now, it had one before if its outputs folder exists (made with its first container).
    if (!box) return { state: existsSync(this.outputsDir(sessionId)) ? 'stopped' : 'none', container: null, limits };
    const c = await box.container.inspect().catch(() => undefined);
    if (!c) return { state: 'stopped', container: null, limits };
    const container = { id: c.Id, name: c.Name.replace(/^\//, ''), image: c.Config.Image, started_at: c.State.StartedAt || null };
    return { state: c.State.Running ? 'running' : 'stopped', container, limits };
  }

  /**
   * Provisions the session's sandbox now rather than at its first tool call (eager provisioning). It does
   * not wait for a slot: when every running sandbox is in use, it rejects and the first call provisions.
   */
  async provision(sessionId: string): Promise<void> {
    if (!this.slots.free && this.resting.size === 0) throw new Error(`all ${this.slots.cap} sandboxes are in use`);
    await (this.forSession(sessionId) as DockerSandbox).ready();
  }

  /** The session's resources changed: its next tool call runs in a new container that mounts them. */
  remount(sessionId: string): void {
    (this.peek(sessionId) as DockerSandbox | undefined)?.remount();
  }

  /** Fills the warm pool of the session's environment, so its first tool call finds a container started. */
  async warm(sessionId: string): Promise<void> {
    const env = this.opts.environmentOf(sessionId);
    if (pooled(env)) await this.pool.fill(poolKey(env), env);
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
    this.slots.close();
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

  /** The session's container, once a slot is free: a warm one for its first, else a new one. */
  private async provisionBox(sessionId: string, signal?: AbortSignal): Promise<Box> {
    const slot = this.slots.acquire(signal);
    this.makeRoom();
    const release = await slot;
    try {
      const box = await this.takeOrMake(sessionId);
      box.slot = release;
      return box;
    } catch (err) {
      release();
      await assertEngine(this.docker); // "no Docker engine answers at ...: start dockerd" says more than ENOENT
      throw err;
    }
  }

  /** Stops the least recently used sandbox no call runs in, when a sandbox waits for a slot no stop is freeing yet. */
  private makeRoom(): void {
    const [lru] = this.resting;
    if (!lru || this.slots.waiting <= this.evicting) return;
    this.resting.delete(lru);
    this.evicting++;
    void lru.stop('room').finally(() => this.evicting--);
  }

  private async takeOrMake(sessionId: string): Promise<Box> {
    const env = this.opts.environmentOf(sessionId);
    const dir = this.outputsDir(sessionId);
    // The pool's containers mount a directory of their own, which becomes the session's: so only a first container.
    const warm = pooled(env) && !existsSync(dir) ? await this.pool.take(poolKey(env), env) : undefined;
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
    const network = await this.networkFor(this.docker, sessionId ?? `pool-${tag}`, env.config.networking, { mcpServerUrls: env.mcpServerUrls, openHosts: env.openHosts, credentials: sessionId ? env.credentials : undefined });
    let container: Dockerode.Container | undefined;
    try {
      mkdirSync(outputsDir, { recursive: true, mode: 0o700 });
      handToAgent(outputsDir); // written by the sandbox's uid 1000, whoever runs Dockhand
      const spec = { name: `dockhand-${sessionId ?? 'pool'}-${tag}`, image, sessionId, outputsDir, mounts: env.mounts ?? [], env: network.env, network: network.hostConfig, limits: this.limits };
      container = await createSandbox(this.docker, spec, this.diskQuota);
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
    try {
      box.shell?.detach();
      await removeContainer(box.container);
      await box.network.cleanup();
      // A pool container no session took: its directory holds nothing.
      if (box.outputsDir.startsWith(join(this.outputsRoot, POOL_DIR))) rmSync(box.outputsDir, { recursive: true, force: true });
      else await this.opts.onReleased?.(basename(box.outputsDir), box.outputsDir).catch(() => undefined);
    } finally {
      box.slot?.();
    }
  }
}

/** Sessions share a pool only when their environment, its config and what its network lets through are the same. */
/** Pool containers are made before a session takes them: without its mounts or its credentials' network. */
const pooled = (env: SessionEnvironment) => !env.mounts?.length && !hasCredentials(env.credentials);

const poolKey = (env: SessionEnvironment): string => JSON.stringify([env.id, env.config.packages ?? null, env.config.networking ?? null, env.mcpServerUrls ?? [], env.openHosts ?? '']);
