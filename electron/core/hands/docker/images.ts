// Images for sandboxes: Dockhand's base image, built locally from resources/sandbox (no registry
// needed), and an environment's image, the base plus its packages, cached by a hash of both.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { resourcePath } from '../../package-root.ts';
import { followStream, isNotFound, managedLabels } from './engine.ts';
import { digest, environmentDockerfile, isEmpty, normalizePackages, type PackageLists } from './recipe.ts';

/** One step of making an image, for a progress bar. */
export interface BuildProgress {
  /** The image being made: Dockhand's base image, or the environment's (base + packages). */
  stage: 'base' | 'environment';
  /** 0-100 over the whole call, never decreasing; a call that succeeds reports 100 last. */
  percent: number;
  /** A line to show under the bar ("Step 2/4 : RUN apt-get ...", a line of its output, ...). */
  message: string;
  /** True when the image was already there and nothing was built. */
  cached: boolean;
}
export type OnProgress = (p: BuildProgress) => void;

/** A build that failed; the message ends with the last lines the failing step printed. */
export class ImageBuildError extends Error {
  override name = 'ImageBuildError';
}

/** The recipe of the base image (rootfs.sh, Dockerfile). */
export const RECIPE_DIR = resourcePath('sandbox');
export const BASE_REPO = 'dockhand/sandbox-base';
export const ROOTFS_REPO = 'dockhand/sandbox-rootfs';
export const ENV_REPO = 'dockhand/sandbox-env';

/** About as many lines as debootstrap prints for bookworm minbase: the rootfs share of the bar. */
const ROOTFS_LOG_LINES = 470;
const TAIL_LINES = 8;

const imageLabels = (kind: 'base' | 'rootfs' | 'environment') => ({ ...managedLabels(), 'dockhand.image': kind });

async function imageId(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Reports a fraction of one part of the work as a percent in [from, to] of the caller's bar. */
type Report = (fraction: number, message: string) => void;
function meter(emit: OnProgress, stage: BuildProgress['stage'], from: number, to: number): Report {
  return (fraction, message) => emit({ stage, percent: from + (to - from) * Math.min(1, Math.max(0, fraction)), message, cached: false });
}

/** Passes progress on with whole, non-decreasing percents. */
function monotonic(onProgress: OnProgress | undefined): OnProgress {
  let last = 0;
  return (p) => onProgress?.({ ...p, percent: (last = Math.max(last, Math.round(p.percent))) });
}

// One build per tag at a time in this process: a second caller (a warm pool and a session asking for the
// same environment) waits for the first and sees its progress from then on.
const building = new Map<string, { done: Promise<string>; listeners: Set<OnProgress> }>();
function once(tag: string, onProgress: OnProgress | undefined, work: (emit: OnProgress) => Promise<string>): Promise<string> {
  const job = building.get(tag);
  if (job) {
    if (onProgress) job.listeners.add(onProgress);
    return job.done;
  }
  const listeners = new Set(onProgress ? [onProgress] : []);
  const done = work((p) => listeners.forEach((l) => l(p))).finally(() => building.delete(tag));
  building.set(tag, { done, listeners });
  return done;
}

// The builder colours a step's stderr; its own bookkeeping lines say nothing about why a step failed.
// eslint-disable-next-line no-control-regex -- ANSI colour codes start with the ESC control character
const ANSI = /\x1b\[[0-9;]*m/g;
const BOOKKEEPING = /^( ---> |Removing intermediate container |Successfully (built|tagged) )/;

/** Runs a Dockerfile build (classic builder: its "Step N/M" lines drive the bar); rejects with the failing step's last lines. */
async function build(docker: Docker, context: string, opts: Docker.ImageBuildOptions, report: Report): Promise<void> {
  const stream = await docker.buildImage({ context, src: ['Dockerfile'] }, { ...opts, rm: true, forcerm: true });
  const tail: string[] = [];
  let step = 0;
  let steps = 1;
  let partial = '';
  const onLine = (line: string) => {
    const s = /^Step (\d+)\/(\d+) : /.exec(line);
    if (s) ((step = Number(s[1])), (steps = Number(s[2])), (tail.length = 0));
    else if (!BOOKKEEPING.test(line)) tail.push(line), tail.length > TAIL_LINES && tail.shift();
    report((step - 1) / steps, line);
  };
  try {
    await followStream(docker, stream, (m) => {
      const lines = (partial + (m.stream ?? '')).replace(ANSI, '').split('\n');
      partial = lines.pop()!;
      lines.map((l) => l.trimEnd()).filter(Boolean).forEach(onLine);
    });
  } catch (err) {
    throw new ImageBuildError([`could not build ${opts.t}: ${(err as Error).message.trim()}`, ...tail.map((l) => `  ${l}`)].join('\n'));
  }
  report(1, `built ${opts.t}`);
}

/** Makes the root filesystem (rootfs.sh: debootstrap, needs root) and imports it into the engine as `tag`. */
async function importRootfs(docker: Docker, tag: string, report: Report): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'dockhand-rootfs-'));
  const tar = join(dir, 'rootfs.tar');
  try {
    // Into a file first, so a failed or cut-short debootstrap never reaches the engine as a half image.
    const out = await open(tar, 'w');
    const child = spawn('sh', [join(RECIPE_DIR, 'rootfs.sh')], { stdio: ['ignore', out.fd, 'pipe'] });
    const tail: string[] = [];
    let lines = 0;
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      for (const line of chunk.split('\n').filter(Boolean)) {
        tail.push(line), tail.length > TAIL_LINES && tail.shift();
        report(Math.min(++lines / ROOTFS_LOG_LINES, 0.9), line);
      }
    });
    const code = await new Promise<number | null>((res, rej) => child.on('error', rej).on('close', res)).finally(() => out.close());
    if (code !== 0) throw new ImageBuildError(`the sandbox root filesystem could not be made (rootfs.sh exited with ${code}):\n${tail.map((l) => `  ${l}`).join('\n')}`);
    report(0.9, `importing ${tag}`);
    const [repo, version] = tag.split(':');
    const changes = Object.entries(imageLabels('rootfs')).map(([k, v]) => `LABEL ${k}=${v}`);
    await followStream(docker, await docker.importImage(createReadStream(tar), { repo, tag: version, changes }), () => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  report(1, `imported ${tag}`);
}

/**
 * Dockhand's base image (Debian bookworm minbase, user `agent`, /workspace, /mnt/session/outputs), built
 * from resources/sandbox the first time and found by its tag afterwards; the tag is a hash of the recipe,
 * so a changed recipe builds a new one. The first build needs root and debootstrap on this machine.
 */
export async function ensureBaseImage(docker: Docker, onProgress?: OnProgress): Promise<string> {
  const [script, dockerfile] = await Promise.all([readFile(join(RECIPE_DIR, 'rootfs.sh')), readFile(join(RECIPE_DIR, 'Dockerfile'))]);
  const rootfs = `${ROOTFS_REPO}:${digest(script)}`;
  const tag = `${BASE_REPO}:${digest(script, dockerfile)}`;
  return once(tag, monotonic(onProgress), async (emit) => {
    if (await imageId(docker, tag)) {
      emit({ stage: 'base', percent: 100, message: `${tag} is ready`, cached: true });
      return tag;
    }
    if (!(await imageId(docker, rootfs))) await importRootfs(docker, rootfs, meter(emit, 'base', 0, 80));
    await build(docker, RECIPE_DIR, { t: tag, buildargs: { ROOTFS: rootfs }, labels: imageLabels('base') }, meter(emit, 'base', 80, 100));
    return tag;
  });
}

export interface ImageOptions {
  /** An image on the engine to start from instead of Dockhand's base; the `agent` user and directories are added to it. */
  baseImage?: string;
  onProgress?: OnProgress;
}

/**
 * The image of an environment: `config.packages` installed on the base image, with the versions as pinned.
 * Tagged by a hash of the base image's id and the recipe, so the same environment on the same base is
 * built once and every later session starts from the cache; without packages it is the base image itself.
 */
export async function imageFor(docker: Docker, config: { packages?: PackageLists }, opts: ImageOptions = {}): Promise<string> {
  const packages = normalizePackages(config.packages);
  const emit = monotonic(opts.onProgress);
  if (!opts.baseImage && isEmpty(packages)) return ensureBaseImage(docker, emit);
  const from = opts.baseImage ?? (await ensureBaseImage(docker, (p) => emit({ ...p, percent: p.percent / 2 })));
  const baseId = await imageId(docker, from);
  if (!baseId) throw new ImageBuildError(`base image ${from} is not on this Docker engine: build or load it first (docker build, docker load)`);
  const dockerfile = environmentDockerfile(from, packages, { addUser: Boolean(opts.baseImage) });
  const tag = `${ENV_REPO}:${digest(baseId, dockerfile)}`;
  const start = opts.baseImage ? 0 : 50;
  return once(tag, emit, async (out) => {
    if (await imageId(docker, tag)) {
      out({ stage: 'environment', percent: 100, message: `${tag} is ready`, cached: true });
      return tag;
    }
    const dir = await mkdtemp(join(tmpdir(), 'dockhand-image-'));
    try {
      await writeFile(join(dir, 'Dockerfile'), dockerfile);
      await build(docker, dir, { t: tag, labels: { ...imageLabels('environment'), 'dockhand.base': from } }, meter(out, 'environment', start, 100));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return tag;
  });
}
