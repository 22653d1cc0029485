// The `dockhand` command's edges: help, where the API key comes from (and where it must not show),
// a --host off loopback, the data directory's mode, and where tools run when --hands is not given.
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { dockerClient } from '../../electron/core/hands/docker/engine.ts';
import { isLoopback } from '../../electron/core/api/loopback.ts';
import { untilIdle, say } from '../support/brain.ts';
import { neededInCi } from '../support/ci.ts';
import { runCli, type CliProcess } from '../support/cli.ts';
import { reply, startScriptedModel, toolUse, type ScriptedModel } from '../support/scripted-model/index.ts';
import { tempDir } from '../support/serve.ts';

const running: CliProcess[] = [];
const models: ScriptedModel[] = [];
const cli = (args: string[], env?: Record<string, string | undefined>) => {
  const p = runCli(args, env);
  running.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  await Promise.all(models.splice(0).map((m) => m.close()));
});

const sdk = (url: string, apiKey: string) => new Anthropic({ baseURL: url, apiKey, maxRetries: 0 });
/** A test-only place for the engine: nothing listens there. */
const NO_ENGINE = { DOCKER_HOST: 'unix:///nonexistent/docker.sock' };
const engineUp = neededInCi(
  await dockerClient()
    .ping()
    .then(
      () => true,
      () => false,
    ),
  'no Docker engine answers',
);

describe('help', () => {
  for (const args of [['start', '--help'], ['serve', '--help'], ['serve', '-h'], ['start', '-h'], ['--help']]) {
    it(`dockhand ${args.join(' ')} prints the usage and exits 0`, async () => {
      const p = cli(args);
      expect(await p.exited).toBe(0);
      expect(p.stdout()).toMatch(/^Usage: dockhand serve \[options\]/);
      expect(p.stdout()).toContain('dockhand start [options]');
      expect(p.stderr()).toBe('');
    });
  }

  it('says to prefer the environment or a key file over --api-key, and what --hands defaults to', async () => {
    const p = cli(['serve', '--help']);
    await p.exited;
    const help = p.stdout().replace(/\s+/g, ' ');
    expect(help).toContain('--api-key-file F');
    expect(help).toContain('prefer DOCKHAND_API_KEY or --api-key-file');
    expect(help).toContain('default: docker when a Docker engine answers, else none');
  });

  it('refuses an unknown option of start before trying to launch anything', async () => {
    const p = cli(['start', '--bogus']);
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toContain("Unknown option '--bogus'");
    expect(p.stdout()).toBe('');
  });
});

describe('the API key', () => {
  it('is read from --api-key-file, and then is nowhere in the process’s command line', async () => {
    const key = `key-from-file-${Math.random().toString(36).slice(2)}`;
    const file = join(tempDir(), 'api-key');
    writeFileSync(file, `${key}\n`, { mode: 0o600 });
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--hands', 'none', '--api-key-file', file]);
    const url = await p.ready;
    expect((await sdk(url, key).beta.agents.list()).data).toEqual([]);
    const cmdline = readFileSync(`/proc/${p.child.pid}/cmdline`, 'utf8');
    expect(cmdline).toContain('--api-key-file');
    expect(cmdline).not.toContain(key);
  });

  it('refuses a missing or empty key file, and both ways at once, with a clear message', async () => {
    const empty = join(tempDir(), 'empty');
    writeFileSync(empty, '');
    const cases: [string[], string][] = [
      [['--api-key-file', '/nonexistent/key'], '--api-key-file: cannot read /nonexistent/key (ENOENT)'],
      [['--api-key-file', empty], `--api-key-file: ${empty} is empty`],
      [['--api-key-file', empty, '--api-key', 'k'], 'give the API key once: --api-key or --api-key-file, not both'],
    ];
    for (const [args, message] of cases) {
      const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--hands', 'none', ...args]);
      expect(await p.exited).toBe(2);
      expect(p.stderr()).toBe(`dockhand: ${message}\n`);
      expect(p.stdout()).toBe('');
    }
  });
});

describe('--host', () => {
  it('knows loopback addresses from the rest', () => {
    for (const h of ['127.0.0.1', '127.0.0.2', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.0.2.1', '10.0.0.1', 'example.com', '128.0.0.1']) expect(isLoopback(h), h).toBe(false);
  });

  it('warns in one line when the address is not loopback', async () => {
    // A documentation address (RFC 5737) no interface here has: the warning comes, then the bind fails.
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--hands', 'none', '--host', '192.0.2.1'], { DOCKHAND_API_KEY: 'k' });
    expect(await p.exited).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines.filter((l) => l.includes('192.0.2.1 is not a loopback address'))).toEqual([
      'dockhand: --host 192.0.2.1 is not a loopback address: the API is open to the network, without TLS, guarded by its key alone',
    ]);
    expect(lines.at(-1)).toMatch(/^dockhand: cannot listen on 192\.0\.2\.1:0: EADDRNOTAVAIL$/);
  });

  it('says nothing of the kind on loopback', async () => {
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--hands', 'none'], { DOCKHAND_API_KEY: 'k' });
    await p.ready;
    expect(p.stderr()).not.toContain('loopback');
  });
});

describe('the data directory', () => {
  it('is made owner-only, also when it already exists with wider permissions', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o777);
    const p = cli(['serve', '--port', '0', '--data-dir', dataDir, '--hands', 'none'], { DOCKHAND_API_KEY: 'k' });
    await p.ready;
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('may not be a shared directory such as /tmp, which is left as it is', async () => {
    const shared = join(tempDir(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    const p = cli(['serve', '--port', '0', '--data-dir', shared, '--hands', 'none'], { DOCKHAND_API_KEY: 'k' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toContain(`dockhand: the data directory ${shared} is shared (sticky bit, like /tmp): give Dockhand a directory of its own\n`);
    expect(statSync(shared).mode & 0o7777).toBe(0o1777);
  });
});

describe('where tools run without --hands', () => {
  it('is nowhere when no Docker engine answers: one line says so and how to start Docker, and a tool call says it too', async () => {
    const model = await startScriptedModel({ apiKey: 'model-key' });
    models.push(model);
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir()], { ...NO_ENGINE, DOCKHAND_API_KEY: 'k', ANTHROPIC_BASE_URL: model.url, ANTHROPIC_API_KEY: 'model-key' });
    const url = await p.ready;
    const line = p.stderr().split('\n').filter((l) => l.includes('Tools'));
    expect(line).toHaveLength(1);
    expect(line[0]).toMatch(/^dockhand: Tools are off: no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock \(.+\)\. Agents’ tools run in Docker sandboxes: start Docker \(.*\) or set DOCKER_HOST, then restart Dockhand\.$/);

    const client = sdk(url, 'k');
    const agent = await client.beta.agents.create({ name: 'tools', model: 'claude-sonnet-4-6', tools: [{ type: 'agent_toolset_20260401' }] });
    const env = await client.beta.environments.create({ name: 'tools-env' });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    model.enqueue(reply([toolUse('bash', { command: 'true' })]), reply('ok'));
    const stream = await client.beta.sessions.events.stream(session.id);
    await client.beta.sessions.events.send(session.id, { events: [say('run it')] });
    const { events } = await untilIdle(stream);
    const result = events.find((e) => e.type === 'agent.tool_result');
    expect(result).toMatchObject({ is_error: true });
    const text = JSON.stringify(result);
    expect(text).toContain('start Docker');
    expect(text).not.toContain('--hands host');
  });

  const withEngine = 'is Docker when an engine answers, and says so in one line';
  it.skipIf(!engineUp)(engineUp ? withEngine : `${withEngine} (skipped: no Docker engine answers here)`, async () => {
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--no-brain'], { DOCKHAND_API_KEY: 'k' });
    await p.ready;
    expect(p.stderr().split('\n').filter((l) => l.includes('Tools'))).toEqual([expect.stringMatching(/^dockhand: Tools run in Docker sandboxes: a Docker engine answers at \S+\.$/)]);
  });

  it('is what --hands says when it is given', async () => {
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir(), '--hands', 'none'], { ...NO_ENGINE, DOCKHAND_API_KEY: 'k' });
    await p.ready;
    expect(p.stderr()).toBe('dockhand: Tools are off, as asked: every tool call fails.\n');
  });
});
