// A session's resources in its Docker sandbox: a private repository (served on 127.0.0.1, token required)
// cloned on the host at its branch or commit and mounted read-write at /workspace/<repo>, its token in
// neither the clone nor the container; clone failures and file resources as clear errors at the first
// tool call; the clones gone with the session, its outputs kept. Built as the runtime builds it: the
// store, the session services and the Docker hands sharing one Vault (tokens in the OS keychain).
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate } from '../../electron/core/api/validate.ts';
import { dockerHands } from '../../electron/core/hands/docker/from-store.ts';
import type { DockerProvider } from '../../electron/core/hands/docker/provider.ts';
import { resourcesDir } from '../../electron/core/hands/docker/resources.ts';
import { createServices } from '../../electron/core/services/index.ts';
import { Store } from '../../electron/core/store/index.ts';
import { Vault } from '../../electron/core/vault/index.ts';
import { keychainUp, keychainValue } from '../support/keychain.ts';
import { blobsIn } from '../../electron/core/store/blobs.ts';
import { gitServer, type GitServer } from './git-server.ts';
import { baseImage, containersOf, docker, engineUp, expectNoneLeft, toolError } from './sandbox-rig.ts';

const TOKEN = `dockhand-sentinel-${randomBytes(8).toString('hex')}`;
/** The token as git sends it: the sandbox must hold neither form. */
const HEADER = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
/** A shell expression for `s` whose text does not contain it (the command itself must not plant what it looks for). */
const split = (s: string) => `"${s.slice(0, 5)}""${s.slice(5)}"`;

/** Every file under `dir` that contains any of `needles`. */
function filesHolding(dir: string, needles: string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((e) => join(dir, e))
    .filter((p) => statSync(p).isFile() && needles.some((n) => readFileSync(p).includes(n)));
}

describe.skipIf(!engineUp || !keychainUp)('session resources in the Docker sandbox (skipped: no Docker engine or no OS keychain answers)', () => {
  let repo: GitServer;
  let store: Store;
  let provider: DockerProvider;
  let services: ReturnType<typeof createServices>;
  let agentId: string;
  let envId: string;
  const dataDir = mkdtempSync(join(tmpdir(), 'dockhand-resources-'));

  beforeAll(async () => {
    await baseImage();
    repo = await gitServer('acme', 'widgets', TOKEN);
    store = Store.open(join(dataDir, 'dockhand.db'));
    const vault = new Vault(store);
    services = createServices(store, vault, { blobs: blobsIn(dataDir) });
    provider = dockhands(store, vault);
    agentId = (await services['agents.create'](validate('agents.create', { name: 'a', model: 'claude-sonnet-4-6' }))).id;
    envId = (await services['environments.create'](validate('environments.create', { name: `e${Math.random()}` }))).id;
  });
  afterAll(async () => {
    await provider?.close();
    store?.close();
    await repo?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await expectNoneLeft();
  });

  const dockhands = (s: Store, vault: Vault) => dockerHands(s, dataDir, vault);
  const session = (resources: unknown[]) => services['sessions.create'](validate('sessions.create', { agent: agentId, environment_id: envId, resources }));

  it('clones a private repository on the host at its branch or commit, mounted read-write at /workspace/<repo>; the token is in neither the clone nor the sandbox', async () => {
    const s = await session([
      { type: 'github_repository', url: repo.url, authorization_token: TOKEN, checkout: { type: 'branch', name: 'feature' } },
      { type: 'github_repository', url: repo.url, authorization_token: TOKEN, checkout: { type: 'commit', sha: repo.commits.first }, mount_path: '/workspace/pinned' },
    ]);
    expect(s.resources.map((r) => r.mount_path)).toEqual(['/workspace/widgets', '/workspace/pinned']);
    expect(JSON.stringify(s)).not.toContain(TOKEN);
    const [branch, pinned] = s.resources.flatMap((r) => (r.type === 'github_repository' ? [join(resourcesDir(dataDir, s.id), r.id)] : []));
    expect(existsSync(branch!)).toBe(false); // cloned for the sandbox, at its first tool call

    const box = provider.forSession(s.id);
    expect(await box.execute('bash', { command: 'cat widgets/feature.txt widgets/README.md pinned/README.md' })).toBe('on the feature branch\nsecond version\nfirst version');
    expect(readFileSync(join(pinned!, '.git', 'HEAD'), 'utf8').trim()).toBe(repo.commits.first);
    expect(repo.refused).toBe(0); // the token went with the first request

    // Read-write: the agent's changes land in the host's clone (the sandbox user owns the tree).
    expect(await box.execute('bash', { command: 'echo changed >> widgets/README.md && mkdir widgets/new && echo made > widgets/new/file && id -un' })).toBe('agent');
    expect(readFileSync(join(branch!, 'README.md'), 'utf8')).toBe('second version\nchanged\n');
    expect(readFileSync(join(branch!, 'new', 'file'), 'utf8')).toBe('made\n');

    // The token is nowhere in the clones (config, logs, refs, objects) ...
    expect(filesHolding(resourcesDir(dataDir, s.id), [TOKEN, HEADER])).toEqual([]);
    expect(readFileSync(join(branch!, '.git', 'config'), 'utf8')).toContain(`url = ${repo.url}`);
    // ... nor in the container: its settings, its processes' environment, its whole filesystem.
    const [c] = await containersOf(s.id);
    const inspected = JSON.stringify(await docker.getContainer(c!.Id).inspect());
    expect(inspected).not.toContain(TOKEN);
    expect(inspected).not.toContain(HEADER);
    const holders = `for p in ${split(TOKEN)} ${split(HEADER)}; do env | grep -c "$p"; cat /proc/1/environ /proc/$$/environ | grep -ac "$p"; grep -rlsF "$p" / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev; done; true`;
    expect(await box.execute('bash', { command: holders, timeout_ms: 120_000 })).toBe('0\n0\n0\n0');
  });

  it('a clone that fails is a clear tool error at the first tool call, which never shows the token, and no container is made', async () => {
    const wrong = `wrong-${TOKEN}`;
    const cases: [unknown, RegExp][] = [
      [{ type: 'github_repository', url: repo.url, authorization_token: wrong }, /^The sandbox could not be started: could not clone http:\/\/127\.0\.0\.1:\d+\/acme\/widgets\.git: the server refused access \(check the repository's authorization_token\)$/],
      [{ type: 'github_repository', url: repo.url }, /^The sandbox could not be started: could not clone \S+: the server refused access \(the session was created without an authorization_token for it\)$/],
      [{ type: 'github_repository', url: repo.url, authorization_token: TOKEN, checkout: { type: 'branch', name: 'nope' } }, /^The sandbox could not be started: could not clone \S+ at branch nope: .*Remote branch nope not found/],
    ];
    for (const [resource, message] of cases) {
      const s = await session([resource]);
      const said = await toolError(provider.forSession(s.id).execute('bash', { command: 'true' }));
      expect(said).toMatch(message);
      expect(said).not.toContain(TOKEN);
      expect(await containersOf(s.id)).toEqual([]);
      expect(readdirSync(resourcesDir(dataDir, s.id))).toEqual([]); // no partial clone left
    }
    expect(repo.refused).toBeGreaterThan(0);
  });

  it("keeps the token in the OS keychain, so a session's first clone works after a restart; deleting the session removes it", async () => {
    const s = await session([{ type: 'github_repository', url: repo.url, authorization_token: TOKEN }]);
    const resourceId = (s.resources[0] as { id: string }).id;
    expect(await keychainValue(dataDir, `repository/${s.id}/${resourceId}`)).toBe(TOKEN);
    // A restart before the first tool call: a new store, vault and provider on the same data directory.
    await provider.close();
    store.close();
    store = Store.open(join(dataDir, 'dockhand.db'));
    const vault = new Vault(store);
    services = createServices(store, vault, { blobs: blobsIn(dataDir) });
    provider = dockhands(store, vault);
    expect(await provider.forSession(s.id).execute('bash', { command: 'cat widgets/README.md' })).toBe('second version');
    await services['sessions.delete']({ session_id: s.id });
    await provider.release(s.id);
    expect(await keychainValue(dataDir, `repository/${s.id}/${resourceId}`)).toBeNull();
  });

  it('a file resource whose file was deleted is refused at the first tool call, saying so; no container is made', async () => {
    const file = await services['files.upload'](validate('files.upload', { file: { type: 'inline', filename: 'gone.txt', data: Buffer.from('bye').toString('base64') } }));
    const s = await session([{ type: 'file', file_id: file.id }]);
    await services['files.delete']({ file_id: file.id });
    expect(await toolError(provider.forSession(s.id).execute('bash', { command: 'true' }))).toBe(
      `The sandbox could not be started: the file resource ${file.id} cannot be mounted at /mnt/session/uploads/${file.id}: the file was deleted (remove the resource from the session, or add the file again)`,
    );
    expect(await containersOf(s.id)).toEqual([]);
  });

  it('deleting the session removes its clones and container; its outputs stay', async () => {
    const s = await session([{ type: 'github_repository', url: repo.url, authorization_token: TOKEN }]);
    const box = provider.forSession(s.id);
    await box.execute('bash', { command: 'cp widgets/README.md /mnt/session/outputs/ && echo more >> widgets/README.md' });
    expect(existsSync(resourcesDir(dataDir, s.id))).toBe(true);
    // The agent wrote in both; no other local user may.
    const worldWritable = [provider.outputsDir(s.id), resourcesDir(dataDir, s.id)]
      .flatMap((dir) => [dir, ...readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((e) => join(dir, e))])
      .filter((p) => !lstatSync(p).isSymbolicLink() && lstatSync(p).mode & 0o002);
    expect(worldWritable).toEqual([]);
    // As the runtime does on sessions.delete.
    await services['sessions.delete']({ session_id: s.id });
    await provider.release(s.id);
    expect(existsSync(resourcesDir(dataDir, s.id))).toBe(false);
    expect(await containersOf(s.id)).toEqual([]);
    expect(readFileSync(join(provider.outputsDir(s.id), 'README.md'), 'utf8')).toBe('second version\n');
  });
});
