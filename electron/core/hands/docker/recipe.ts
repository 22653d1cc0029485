// An environment's `packages` as the Dockerfile that installs them on a base image. Pure: no I/O.
import { createHash } from 'node:crypto';

export const PACKAGE_MANAGERS = ['apt', 'pip', 'npm', 'cargo', 'gem', 'go'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/** The `packages` of an environment config (BetaPackages or its params: lists may be missing or null). */
export type PackageLists = Partial<Record<PackageManager, readonly string[] | null>> | null | undefined;

/** Every manager's list, deduplicated and sorted: the same packages in another order are the same image. */
export type Packages = Record<PackageManager, string[]>;

/** What each language's installer needs from Debian; installed only when that list is not empty. */
const TOOLCHAIN: Record<Exclude<PackageManager, 'apt'>, string[]> = {
  pip: ['python3-pip'],
  npm: ['nodejs', 'npm'],
  cargo: ['cargo'],
  gem: ['ruby'],
  go: ['golang-go'],
};

// A name with an optional version the way its manager writes it (jq=1.6-2.1, requests==2.32.3,
// left-pad@1.3.0, @scope/pkg@1, golang.org/x/tools/cmd/stringer@v0.24.0). It never starts with a dash,
// so it cannot be taken for an option.
const SPEC = /^[A-Za-z0-9@][A-Za-z0-9@._+:=<>~^/-]*$/;

/** A package spec that cannot be installed as written. */
export class PackageSpecError extends Error {
  override name = 'PackageSpecError';
}

export function normalizePackages(lists: PackageLists): Packages {
  const out = {} as Packages;
  for (const m of PACKAGE_MANAGERS) {
    const specs = [...new Set((lists?.[m] ?? []).map((s) => s.trim()))].sort();
    const bad = specs.find((s) => !SPEC.test(s) || s.length > 256);
    if (bad !== undefined) throw new PackageSpecError(`${m} package ${JSON.stringify(bad)} is not a package name (optionally with a version)`);
    out[m] = specs;
  }
  return out;
}

export const isEmpty = (p: Packages): boolean => PACKAGE_MANAGERS.every((m) => p[m].length === 0);

// Specs hold no quote (SPEC), but quoting stays correct for any string; `>=` and `<` must not reach the shell bare.
const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
const words = (specs: readonly string[]): string => specs.map(quote).join(' ');

/** `go install` takes one module version per call, and needs a version: unpinned means @latest. */
const goTarget = (spec: string): string => (/@[^/]+$/.test(spec) ? spec : `${spec}@latest`);

/**
 * The Dockerfile for `packages` on the image `from`. Each manager gets its own layer, in a fixed order,
 * with the user's pins passed through as written; language toolchains come from Debian with the apt list.
 * `addUser` makes a base that is not Dockhand's (a user-named image) fit the sandbox: the `agent` user
 * (uid 1000) and the directories the hands use.
 */
export function environmentDockerfile(from: string, packages: Packages, opts: { addUser: boolean }): string {
  const p = packages;
  const apt = [...new Set([...p.apt, ...(Object.keys(TOOLCHAIN) as (keyof typeof TOOLCHAIN)[]).flatMap((m) => (p[m].length ? TOOLCHAIN[m] : []))])];
  const lines = [`FROM ${from}`, 'USER root'];
  if (opts.addUser)
    lines.push(
      'RUN set -e; id -u agent >/dev/null 2>&1 || useradd -o -m -u 1000 -s /bin/sh agent 2>/dev/null || adduser -D -u 1000 agent; ' +
        'mkdir -p /workspace /mnt/session/outputs; chown agent /workspace /mnt/session/outputs',
    );
  if (apt.length)
    lines.push(
      'RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ' +
        `${words(apt)} && rm -rf /var/lib/apt/lists/*`,
    );
  // Debian marks its Python as externally managed (PEP 668); the sandbox image is the environment, so install into it.
  if (p.pip.length) lines.push(`RUN pip3 install --no-cache-dir --break-system-packages ${words(p.pip)}`);
  if (p.npm.length)
    lines.push(
      `RUN npm install --global --prefix /usr/local --no-fund --no-audit --no-update-notifier ${words(p.npm)} && npm cache clean --force`,
      // Global packages can then be required by scripts anywhere, not only run as commands.
      'ENV NODE_PATH=/usr/local/lib/node_modules',
    );
  if (p.cargo.length) lines.push(`RUN CARGO_HOME=/tmp/cargo cargo install --root /usr/local ${words(p.cargo)} && rm -rf /tmp/cargo`);
  if (p.gem.length) lines.push(`RUN gem install --no-document ${words(p.gem)}`);
  if (p.go.length)
    lines.push(
      `RUN export GOBIN=/usr/local/bin GOPATH=/tmp/go GOCACHE=/tmp/go-cache && ${p.go.map((s) => `go install ${quote(goTarget(s))}`).join(' && ')}` +
        ' && rm -rf /tmp/go /tmp/go-cache',
    );
  lines.push('WORKDIR /workspace', 'USER agent');
  return lines.join('\n') + '\n';
}

/** A short content hash, for image tags: the same inputs give the same tag. */
export function digest(...parts: (string | Buffer)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex').slice(0, 16);
}
