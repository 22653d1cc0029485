// The npm package as a user gets it: `npm pack`, then `npm install -g` of the tarball into a fresh prefix
// without dev dependencies. The installed `dockhand` answers --version and --help, serves the API that the
// official SDK drives (an agent's turn against the scripted model included), and `start`, with no Electron
// installed, serves the UI for a browser. Installing fetches the runtime dependencies from the npm registry
// (through npm's cache) and compiles better-sqlite3, whose prebuilt binaries live on GitHub.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { productionDependencies } from '../../scripts/package-app.ts';
import { MODEL_KEY, say, turn, types } from '../support/brain.ts';
import { baseImage, containersOf, engineUp } from '../hands/sandbox-rig.ts';
import { buildApp, ROOT } from '../support/build.ts';
import { reply, startScriptedModel, text, toolUse, type ScriptedModel } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
/** The tarball's budget: the built CLI and renderer, unpacked. */
const MAX_UNPACKED_BYTES = 5 * 1024 ** 2;

let work: string;
let packed: { files: { path: string; size: number }[]; unpackedSize: number };
let installed: string;
let dockhand: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  work = tempDir('dockhand-npm-');
  // The checkout as a user would pack it (no node_modules, no earlier build), with a fresh build as out/.
  const stage = join(work, 'stage');
  const skip = new Set(['node_modules', 'out', 'dist', 'test-results', '.git', '.data']);
  cpSync(ROOT, stage, { recursive: true, filter: (src) => !skip.has(relative(ROOT, src)) });
  buildApp(join(stage, 'out'));
  // The build is fresh: no prepack (it would build again, and the staged tree has no dev tools).
  const [report] = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: stage, encoding: 'utf8' }));
  packed = report;
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '--global', '--prefix', prefix, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', join(work, report.filename)], { cwd: work, stdio: 'pipe' });
  installed = join(prefix, 'lib', 'node_modules', 'dockhand');
  dockhand = join(prefix, 'bin', 'dockhand');
}, 20 * 60_000);

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the installed command from a neutral folder, with nothing of this checkout on its paths. */
function run(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const child = spawn(dockhand, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOME: work, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ...env } });
  children.push(child);
  return child;
}

function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d));
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

/** The lines the command prints until `pattern` matches one; rejects if it exits first. */
function waitFor(child: ChildProcess, pattern: RegExp): Promise<{ match: RegExpExecArray; stdout: string }> {
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d;
      const match = pattern.exec(stdout);
      if (match) resolve({ match, stdout });
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${stdout}${stderr}`)));
  });
}

describe('the npm package', () => {
  it('holds the built CLI, the built renderer and the sandbox recipe, and no sources, tests or dev tools', () => {
    const paths = packed.files.map((f) => f.path);
    const samples = readdirSync(join(ROOT, 'resources/samples')).map((f) => `resources/samples/${f}`);
    expect(samples.length).toBeGreaterThan(0);
    expect(paths).toEqual(expect.arrayContaining(['package.json', 'bin/dockhand.js', 'out/main/cli.js', 'out/renderer/index.html', 'resources/sandbox/Dockerfile', 'resources/sandbox/rootfs.sh', ...samples]));
    // The whole renderer: its lazy-loaded screens (the editors, with CodeMirror) are files of their own.
    const renderer = readdirSync(join(work, 'stage/out/renderer'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of renderer) expect(paths).toContain(relative(join(work, 'stage'), join(e.parentPath, e.name)));
    const chunks = readFileSync(join(work, 'stage/out/main/cli.js'), 'utf8').match(/from "\.\/(chunks\/[^"]+)"/g) ?? [];
    for (const c of chunks) expect(paths).toContain(`out/main/${c.slice('from "./'.length, -1)}`);
    const unexpected = paths.filter((p) => /^(electron|renderer|test|bench|scripts|eslint|\.ci)\//.test(p) || /\.[cm]?tsx?$/.test(p) || p === 'bin/dockhand-src.js' || p.startsWith('out/preload/'));
    expect(unexpected).toEqual([]);
    expect(packed.unpackedSize).toBeLessThan(MAX_UNPACKED_BYTES);
  });

  it("starts with none of the heavy dependencies loaded: the SDK and Docker's client come at first use", () => {
    // The modules `dockhand` loads before its first line: cli.js and the chunks it imports, followed statically.
    const seen = new Set<string>();
    const packages = new Set<string>();
    const follow = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(installed, file), 'utf8');
      for (const [, spec] of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";?$/gm)) {
        if (spec!.startsWith('.')) follow(join(dirname(file), spec!));
        else if (!spec!.startsWith('node:')) packages.add(spec!);
      }
    };
    follow('out/main/cli.js');
    expect([...packages]).toEqual(['better-sqlite3']);
  });

  it('installs with its runtime dependencies and none of the dev ones', () => {
    const modules = readdirSync(join(installed, 'node_modules')).flatMap((n) => (n.startsWith('@') ? readdirSync(join(installed, 'node_modules', n)).map((s) => `${n}/${s}`) : [n]));
    expect(modules).toEqual(expect.arrayContaining(Object.keys(pkg.dependencies)));
    const production = new Set(productionDependencies().map((rel) => rel.slice('node_modules/'.length)));
    const devOnly = Object.keys(pkg.devDependencies).filter((n) => !production.has(n));
    expect(devOnly).toEqual(expect.arrayContaining(['electron', 'electron-vite', 'vite', 'tsx', 'typescript', 'react']));
    expect(modules.filter((m) => devOnly.includes(m))).toEqual([]);
    expect(existsSync(join(installed, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);
  });

  it('answers --version and --help', async () => {
    const version = await finish(run(['--version']));
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = await finish(run(['--help']));
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: dockhand serve/);
  });

  describe('serve', () => {
    let model: ScriptedModel;
    let client: Anthropic;
    let server: ChildProcess;
    let sample: string;
    beforeAll(async () => {
      // A sample log the package ships, found by the installed command itself.
      const imported = await finish(run(['import', '--data-dir', join(work, 'data'), '--sample', 'coding-session']));
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      sample = imported.stdout.trim();
      model = await startScriptedModel({ apiKey: MODEL_KEY });
      server = run(['serve', '--port', '0', '--data-dir', join(work, 'data'), '--hands', 'host'], { DOCKHAND_API_KEY: 'installed-key', ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY });
      const { match } = await waitFor(server, /^Dockhand API listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
      client = new Anthropic({ baseURL: match[1], apiKey: 'installed-key', maxRetries: 0 });
    });
    afterAll(async () => {
      if (server?.exitCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        server.kill('SIGTERM');
        await exited;
      }
      await model?.close();
    });

    it("is driven by the official SDK, an agent's turn and a tool call on the host included", async () => {
      const agent = await client.beta.agents.create({ name: 'Installed', model: 'claude-sonnet-4-6', system: 'Be brief.', tools: [{ type: 'agent_toolset_20260401' }] });
      const environment = await client.beta.environments.create({ name: 'installed-env' });
      const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
      model.enqueue(reply([toolUse('bash', { command: 'echo from-the-host-worker' })]), reply([text('Hello from the installed package.')]));
      const { events, idle } = await turn(client, session.id, [say('hi')]);
      expect(types(events)).toEqual(expect.arrayContaining(['agent.tool_use', 'agent.tool_result', 'agent.message']));
      // The tool ran in the host hands' worker, a file of the package's build.
      expect(events.find((e) => e.type === 'agent.tool_result')).toMatchObject({ is_error: false, content: [{ type: 'text', text: expect.stringContaining('from-the-host-worker') }] });
      expect(events.find((e) => e.type === 'agent.message')).toMatchObject({ content: [{ type: 'text', text: 'Hello from the installed package.' }] });
      expect(idle.stop_reason).toEqual({ type: 'end_turn' });
      // The brain offered the built-in tools, from the SDK it loaded at this first turn.
      expect(model.requests.at(-1)!.body.tools?.map((t) => ('name' in t ? t.name : t.type))).toEqual(expect.arrayContaining(['bash', 'read', 'write']));
      const listed = [];
      for await (const a of client.beta.agents.list()) listed.push(a.id);
      expect(listed).toContain(agent.id);
      await expect(client.beta.agents.retrieve('agent_missing')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
      // Priced from resources/prices.json, which the build carries.
      expect((await client.beta.sessions.retrieve(session.id)).usage).toMatchObject({ list_cost: { currency: 'USD' } });
    });

    it('serves the sample session it imported with --sample, as recorded', async () => {
      const recorded = readFileSync(join(installed, 'resources/samples/coding-session.jsonl'), 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l).type);
      const events = [];
      for await (const e of client.beta.sessions.events.list(sample)) events.push(e.type);
      expect(events).toEqual(recorded);
      expect((await client.beta.sessions.retrieve(sample)).metadata).toMatchObject({ 'dockhand.read_only': 'true' });
    });
  });

  describe.skipIf(!engineUp)('serve --hands docker (skipped: no Docker engine answers)', () => {
    it("runs a tool in a sandbox made from the package's own recipe (resources/sandbox)", async () => {
      // The base image's tag is a hash of the recipe: the one this checkout's tests build, found cached.
      await baseImage();
      const model = await startScriptedModel({ apiKey: MODEL_KEY });
      const server = run(['serve', '--port', '0', '--data-dir', join(work, 'docker-data'), '--hands', 'docker'], { DOCKHAND_API_KEY: 'installed-key', ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: MODEL_KEY });
      try {
        const { match } = await waitFor(server, /^Dockhand API listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
        const client = new Anthropic({ baseURL: match[1], apiKey: 'installed-key', maxRetries: 0 });
        const agent = await client.beta.agents.create({ name: 'Docker', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
        const environment = await client.beta.environments.create({ name: 'installed-docker' });
        const session = await client.beta.sessions.create({ agent: agent.id, environment_id: environment.id });
        model.enqueue(reply([toolUse('bash', { command: 'id -un; cat /etc/debian_version' })]), reply([text('Done.')]));
        const { events } = await turn(client, session.id, [say('who are you?')]);
        const result = events.find((e) => e.type === 'agent.tool_result');
        expect(result).toMatchObject({ is_error: false, content: [{ type: 'text', text: expect.stringMatching(/^agent\n12\./) }] });
        expect(await containersOf(session.id)).toHaveLength(1);
        await client.beta.sessions.delete(session.id);
        await expect.poll(async () => (await containersOf(session.id)).length, { timeout: 15_000 }).toBe(0);
      } finally {
        const exited = new Promise((r) => server.once('exit', r));
        if (server.exitCode === null) server.kill('SIGTERM');
        await exited;
        await model.close();
      }
    });
  });

  it('start: with no Electron installed, serves the UI for a browser', async () => {
    const child = run(['start', '--port', '0', '--data-dir', join(work, 'start-data')]);
    const { match, stdout } = await waitFor(child, /^Open the Dockhand UI: (http:\/\/127\.0\.0\.1:\d+)\/#key=\S+$/m);
    expect(stdout).toMatch(/^Electron cannot launch here/m);
    const page = await fetch(`${match[1]}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<div id="root">');
    const script = /src="\.(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${match[1]}${script}`)).status).toBe(200);
    // The screens loaded on first use (the editors, with CodeMirror) come from the installed build too.
    const assets = readdirSync(join(installed, 'out/renderer/assets'));
    expect(assets).toEqual(expect.arrayContaining([expect.stringMatching(/^AgentEditor-.*\.js$/), expect.stringMatching(/^EnvironmentEditor-.*\.js$/)]));
    for (const f of assets) {
      const res = await fetch(`${match[1]}/assets/${f}`);
      expect(res.status, f).toBe(200);
      expect(await res.text(), f).toBe(readFileSync(join(installed, 'out/renderer/assets', f), 'utf8'));
    }
    child.kill('SIGTERM');
  });
});
