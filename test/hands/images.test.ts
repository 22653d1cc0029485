// Environment images against the real Docker engine: the base image from resources/sandbox, apt packages
// through Debian's mirror (reached from build containers over the default bridge), the cache, user-named
// bases, failures. The recipes for pip/npm/cargo/gem/go are checked as text: their registries are not
// reachable from containers on this machine.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertEngine, dockerClient, followStream, managedLabels } from '../../electron/core/hands/docker/engine.ts';
import { BASE_REPO, ENV_REPO, ensureBaseImage, ImageBuildError, imageFor, type BuildProgress } from '../../electron/core/hands/docker/images.ts';
import { environmentDockerfile, normalizePackages, PackageSpecError } from '../../electron/core/hands/docker/recipe.ts';

const docker = dockerClient();
const RUN = `${process.pid}-${Date.now().toString(36)}`;
/** Tags only this run made (never the shared base or the plain jq environment): removed at the end. */
const ownTags: string[] = [];

/** Collects progress and checks the contract a progress bar relies on. */
function recorder() {
  const events: BuildProgress[] = [];
  return {
    events,
    onProgress: (p: BuildProgress) => void events.push(p),
    steps: () => events.filter((e) => /^Step \d+\/\d+ : /.test(e.message)).map((e) => e.message),
    expectOrderedToHundred() {
      expect(events.length).toBeGreaterThan(0);
      const percents = events.map((e) => e.percent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(percents.every((p) => Number.isInteger(p) && p >= 0 && p <= 100)).toBe(true);
      expect(percents.at(-1)).toBe(100);
    },
  };
}

/** Runs `script` with sh in a throwaway container of `image` (no network); its exit code and output. */
async function sh(image: string, script: string): Promise<{ code: number; out: string }> {
  const c = await docker.createContainer({ Image: image, Cmd: ['sh', '-c', script], Labels: managedLabels(), HostConfig: { NetworkMode: 'none' } });
  try {
    await c.start();
    const { StatusCode } = (await c.wait()) as { StatusCode: number };
    const raw = (await c.logs({ stdout: true, stderr: true })) as unknown as Buffer;
    // Without a TTY, logs come in frames: an 8-byte header (stream, 3 zero bytes, length) and the bytes.
    let out = '';
    for (let i = 0; i + 8 <= raw.length; i += 8 + raw.readUInt32BE(i + 4)) out += raw.subarray(i + 8, i + 8 + raw.readUInt32BE(i + 4)).toString();
    return { code: StatusCode, out };
  } finally {
    await c.remove({ force: true });
  }
}

/** A user's own image: Dockhand's base with a marker file, and without the agent user or the sandbox directories. */
async function userBase(name: string): Promise<string> {
  const tag = `dockhand-test/images-user-base:${name}-${RUN}`;
  const dir = await mkdtemp(join(tmpdir(), 'dockhand-user-base-'));
  try {
    await writeFile(
      join(dir, 'Dockerfile'),
      `FROM ${await ensureBaseImage(docker)}\nUSER root\nRUN userdel -r agent && rm -rf /workspace /mnt/session && echo ${name}-${RUN} > /etc/marker\nWORKDIR /\n`,
    );
    await followStream(docker, await docker.buildImage({ context: dir, src: ['Dockerfile'] }, { t: tag, labels: managedLabels(), forcerm: true }), () => undefined);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  ownTags.push(tag);
  return tag;
}

describe('environment images on the real Docker engine', () => {
  beforeAll(async () => {
    await assertEngine(docker);
  });

  afterAll(async () => {
    for (const tag of ownTags.reverse()) await docker.getImage(tag).remove().catch(() => undefined);
  });

  it('builds the base image from resources/sandbox (or finds it by its tag): non-root user agent, /workspace, /mnt/session/outputs', async () => {
    const rec = recorder();
    const tag = await ensureBaseImage(docker, rec.onProgress);
    expect(tag.startsWith(`${BASE_REPO}:`)).toBe(true);
    rec.expectOrderedToHundred();
    expect(rec.events.every((e) => e.stage === 'base')).toBe(true);
    expect((await docker.getImage(tag).inspect()).Config.Labels).toMatchObject({ 'dockhand.managed': '1', 'dockhand.image': 'base' });

    const r = await sh(tag, 'id -un; id -u; pwd; stat -c "%U %n" /workspace /mnt/session/outputs; test -s /etc/ssl/certs/ca-certificates.crt && echo certs; for c in bash grep find; do command -v $c; done');
    expect(r).toEqual({
      code: 0,
      out: 'agent\n1000\n/workspace\nagent /workspace\nagent /mnt/session/outputs\ncerts\n/usr/bin/bash\n/usr/bin/grep\n/usr/bin/find\n',
    });
  });

  it('an environment with an apt package (jq) builds an image in which the agent user can run it', async () => {
    const rec = recorder();
    const tag = await imageFor(docker, { packages: { apt: ['jq'] } }, { onProgress: rec.onProgress });
    expect(tag.startsWith(`${ENV_REPO}:`)).toBe(true);
    rec.expectOrderedToHundred();
    const r = await sh(tag, `id -un; echo '{"a":[1,2,3]}' | jq -c '.a | add'`);
    expect(r).toEqual({ code: 0, out: 'agent\n6\n' });
  });

  it('the same config a second time is a cache hit: same tag, no build step runs, progress says cached', async () => {
    const first = await imageFor(docker, { packages: { apt: ['jq'] } });
    const rec = recorder();
    const second = await imageFor(docker, { packages: { apt: ['jq'] } }, { onProgress: rec.onProgress });
    expect(second).toBe(first);
    expect(rec.steps()).toEqual([]);
    expect(rec.events.every((e) => e.cached)).toBe(true);
    rec.expectOrderedToHundred();
  });

  it('a different config gives a different tag; the same packages in another order, the same one (cached)', async () => {
    const jq = await imageFor(docker, { packages: { apt: ['jq'] } });
    const both = await imageFor(docker, { packages: { apt: ['jq', 'bc'] } });
    ownTags.push(both);
    expect(both).not.toBe(jq);
    const rec = recorder();
    expect(await imageFor(docker, { packages: { apt: ['bc', 'jq', 'bc'] } }, { onProgress: rec.onProgress })).toBe(both);
    expect(rec.steps()).toEqual([]);
    expect((await sh(both, 'echo 6*7 | bc; jq -n 1+1')).out).toBe('42\n2\n');
  });

  it('a fresh build reports its Dockerfile steps in order, never going back, and ends at 100%', async () => {
    const base = await userBase('progress');
    const rec = recorder();
    const tag = await imageFor(docker, { packages: {} }, { baseImage: base, onProgress: rec.onProgress });
    ownTags.push(tag);
    rec.expectOrderedToHundred();
    expect(rec.events.every((e) => e.stage === 'environment' && !e.cached)).toBe(true);
    const steps = rec.steps().map((s) => Number(/^Step (\d+)\//.exec(s)![1]));
    expect(steps.length).toBeGreaterThan(2);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
    // Each step moves the bar on.
    const atStep = rec.events.filter((e) => /^Step /.test(e.message)).map((e) => e.percent);
    expect(new Set(atStep).size).toBe(atStep.length);
  });

  it('honours a user-named base image, adding the agent user and directories it lacks; concurrent requests share one build', async () => {
    const base = await userBase('named');
    const [a, b] = [recorder(), recorder()];
    const [tagA, tagB] = await Promise.all([
      imageFor(docker, { packages: {} }, { baseImage: base, onProgress: a.onProgress }),
      imageFor(docker, { packages: {} }, { baseImage: base, onProgress: b.onProgress }),
    ]);
    ownTags.push(tagA);
    expect(tagB).toBe(tagA);
    // One build: the later caller joined it and saw the rest of its progress, the same intermediate containers.
    expect(b.events.some((e) => /Running in [0-9a-f]{12}/.test(e.message))).toBe(true);
    expect(a.events.slice(-b.events.length)).toEqual(b.events);
    expect((await docker.getImage(tagA).inspect()).Config.Labels).toMatchObject({ 'dockhand.base': base, 'dockhand.managed': '1' });

    const r = await sh(tagA, 'cat /etc/marker; id -un; id -u; pwd; stat -c "%U %n" /workspace /mnt/session/outputs');
    expect(r).toEqual({ code: 0, out: `named-${RUN}\nagent\n1000\n/workspace\nagent /workspace\nagent /mnt/session/outputs\n` });
    const onDockhandBase = await imageFor(docker, { packages: {} }, { baseImage: await ensureBaseImage(docker) });
    ownTags.push(onDockhandBase);
    expect(tagA).not.toBe(onDockhandBase);
  });

  it('a user-named base image that is not on the engine fails with a clear error', async () => {
    await expect(imageFor(docker, { packages: {} }, { baseImage: `dockhand-test/no-such-image:${RUN}` })).rejects.toThrow(
      /base image dockhand-test\/no-such-image:\S+ is not on this Docker engine/,
    );
  });

  it('an unknown apt package fails with apt\'s own error and leaves no container behind', async () => {
    const pkg = `dockhand-no-such-package-${RUN}`;
    const failed = imageFor(docker, { packages: { apt: [pkg] } });
    await expect(failed).rejects.toThrow(ImageBuildError);
    await expect(failed).rejects.toThrow(`E: Unable to locate package ${pkg}`);
    const left = (await docker.listContainers({ all: true })).filter((c) => c.Command.includes(pkg));
    expect(left).toEqual([]);
  });

  it('a package spec that is not a name (an option, a shell command) is refused before anything is built', async () => {
    await expect(imageFor(docker, { packages: { apt: ['-oAPT::Get::AllowUnauthenticated=1'] } })).rejects.toThrow(PackageSpecError);
    await expect(imageFor(docker, { packages: { pip: ['requests; touch /pwned'] } })).rejects.toThrow(PackageSpecError);
  });
});

describe('the engine client', () => {
  it('honours DOCKER_HOST, and says where it looked when no engine answers there', async () => {
    const saved = process.env.DOCKER_HOST;
    try {
      process.env.DOCKER_HOST = 'unix:///var/run/docker.sock';
      await expect(assertEngine(dockerClient())).resolves.toBeUndefined();
      process.env.DOCKER_HOST = `unix://${join(tmpdir(), `no-docker-${RUN}.sock`)}`;
      await expect(assertEngine(dockerClient())).rejects.toThrow(`no Docker engine answers at ${process.env.DOCKER_HOST}`);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('environment recipe (Dockerfile text)', () => {
  const dockerfile = (packages: Parameters<typeof normalizePackages>[0], addUser = false) =>
    environmentDockerfile('dockhand/sandbox-base:x', normalizePackages(packages), { addUser });
  const runLines = (text: string) => text.split('\n').filter((l) => l.startsWith('RUN '));

  it('installs only the apt packages when no language list is given: no toolchain comes along', () => {
    const text = dockerfile({ apt: ['jq=1.6-2.1'], pip: [], npm: null });
    expect(runLines(text)).toEqual([
      "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'jq=1.6-2.1' && rm -rf /var/lib/apt/lists/*",
    ]);
    expect(text).toMatch(/^FROM dockhand\/sandbox-base:x\nUSER root\n/);
    expect(text).toMatch(/WORKDIR \/workspace\nUSER agent\n$/);
  });

  it('pip, cargo, gem, go: the toolchain from Debian and the pins as written (text only: PyPI, crates.io, rubygems and the Go proxy are unreachable here)', () => {
    const text = dockerfile({
      pip: ['requests==2.32.3', 'urllib3>=2'],
      cargo: ['ripgrep@14.1.0'],
      gem: ['rake:13.2.1'],
      go: ['golang.org/x/tools/cmd/stringer@v0.24.0', 'github.com/example/tool'],
    });
    const [apt, ...rest] = runLines(text);
    expect(apt).toContain(`install -y --no-install-recommends 'python3-pip' 'cargo' 'ruby' 'golang-go' &&`);
    expect(rest).toEqual([
      "RUN pip3 install --no-cache-dir --break-system-packages 'requests==2.32.3' 'urllib3>=2'",
      "RUN CARGO_HOME=/tmp/cargo cargo install --root /usr/local 'ripgrep@14.1.0' && rm -rf /tmp/cargo",
      "RUN gem install --no-document 'rake:13.2.1'",
      'RUN export GOBIN=/usr/local/bin GOPATH=/tmp/go GOCACHE=/tmp/go-cache && ' +
        "go install 'github.com/example/tool@latest' && go install 'golang.org/x/tools/cmd/stringer@v0.24.0' && rm -rf /tmp/go /tmp/go-cache",
    ]);
  });

  it('npm: nodejs and npm from Debian, global install with the pin, requirable (text only: from containers here the npm registry fails TLS, behind a CA they do not trust)', () => {
    const text = dockerfile({ apt: ['jq'], npm: ['left-pad@1.3.0', '@types/node@20'] });
    expect(runLines(text)).toEqual([
      "RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'jq' 'nodejs' 'npm' && rm -rf /var/lib/apt/lists/*",
      "RUN npm install --global --prefix /usr/local --no-fund --no-audit --no-update-notifier '@types/node@20' 'left-pad@1.3.0' && npm cache clean --force",
    ]);
    expect(text).toContain('ENV NODE_PATH=/usr/local/lib/node_modules\n');
  });

  it('the same packages in another order or repeated make the same Dockerfile; another version does not', () => {
    expect(dockerfile({ apt: ['jq', 'bc'], pip: ['b', 'a'] })).toBe(dockerfile({ apt: ['bc', 'jq', 'jq'], pip: ['a', 'b'] }));
    expect(dockerfile({ pip: ['requests==2.32.3'] })).not.toBe(dockerfile({ pip: ['requests==2.32.2'] }));
  });

  it('adds the agent user and the sandbox directories only on a base that is not Dockhand\'s', () => {
    expect(dockerfile({}, true)).toContain('useradd -o -m -u 1000');
    expect(dockerfile({}, false)).not.toContain('useradd');
  });

  it('refuses specs that could be read as options or shell', () => {
    for (const bad of ['-o', '--allow-downgrades', 'jq bc', 'jq;id', '$(id)', 'a`b`', "it's", 'x|y', ''])
      expect(() => normalizePackages({ apt: [bad] }), bad).toThrow(PackageSpecError);
    expect(() => normalizePackages({ go: ['golang.org/x/tools/cmd/stringer@v0.24.0'], npm: ['@scope/pkg@^1.2.0'], pip: ['a~=1.0'] })).not.toThrow();
  });
});
