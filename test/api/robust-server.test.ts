// The `dockhand serve` process itself: its ready line, ports, loopback binding, where the key comes
// from, clean shutdown with a stream open, and its refusal of a database from a newer Dockhand.
import Anthropic from '@anthropic-ai/sdk';
import type { BetaManagedAgentsStreamSessionEvents as StreamEvent } from '@anthropic-ai/sdk/resources/beta/sessions/events';
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { brainRig, say } from '../support/brain.ts';
import { runCli, type CliProcess } from '../support/cli.ts';
import { reply } from '../support/scripted-model/index.ts';
import { serve, tempDir } from '../support/serve.ts';
import { dbFile, hashFiles, readDb } from '../support/store-file.ts';

const KEY = 'robust-server-key';
const READY = /^Dockhand API listening on http:\/\/127\.0\.0\.1:(\d+)\n$/;

const running: CliProcess[] = [];
const cli = (args: string[], env?: Record<string, string | undefined>) => {
  const p = runCli(args, env);
  running.push(p);
  return p;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

const sdk = (url: string, apiKey = KEY) => new Anthropic({ baseURL: url, apiKey, maxRetries: 0 });

/** The addresses a local TCP port is listening on, from the kernel's socket tables. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const decode = (hex: string) =>
    hex.length === 8 ? hex.match(/../g)!.reverse().map((b) => parseInt(b, 16)).join('.') : hex === '0'.repeat(32) ? '::' : hex === '00000000000000000000000001000000' ? '::1' : hex;
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === '0A' && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => decode(cols[1]!.split(':')[0]!)),
  );
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describe('dockhand serve', () => {
  it('prints exactly one ready line, picks a free port with --port 0, and listens on loopback only', async () => {
    const [a, b] = [cli(['serve', '--port', '0', '--data-dir', tempDir(), '--api-key', KEY]), cli(['serve', '--port', '0', '--data-dir', tempDir(), '--api-key', KEY])];
    const [urlA, urlB] = await Promise.all([a.ready, b.ready]);
    const [portA, portB] = [a, b].map((p) => Number(READY.exec(p.stdout())?.[1]));
    expect(portA).toBeGreaterThan(0);
    expect(portB).toBeGreaterThan(0);
    expect(portA).not.toBe(portB);
    expect(urlA).toBe(`http://127.0.0.1:${portA}`);

    await sdk(urlA).beta.agents.create({ name: 'a', model: 'claude-sonnet-4-6' });
    expect((await sdk(urlB).beta.agents.list()).data).toEqual([]);
    expect(listeningAddresses(portA)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(portB)).toEqual(['127.0.0.1']);

    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
    // Still the one line: serving and stopping print nothing more on stdout.
    expect(a.stdout()).toMatch(READY);
    expect(b.stdout()).toMatch(READY);
  });

  it('listens on the --port it is given, and exits with a clear message when that port is taken', async () => {
    const port = await freePort();
    const first = cli(['serve', '--port', String(port), '--data-dir', tempDir(), '--api-key', KEY]);
    expect(await first.ready).toBe(`http://127.0.0.1:${port}`);

    const second = cli(['serve', '--port', String(port), '--data-dir', tempDir(), '--api-key', KEY]);
    expect(await second.exited).not.toBe(0);
    expect(second.stderr()).toContain(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`);
    expect(second.stdout()).toBe('');
    expect((await sdk(await first.ready).beta.agents.list()).data).toEqual([]);
  });

  it('takes the key from DOCKHAND_API_KEY when --api-key is not given', async () => {
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir()], { DOCKHAND_API_KEY: 'key-from-env' });
    const url = await p.ready;
    expect((await sdk(url, 'key-from-env').beta.agents.list()).data).toEqual([]);
    await expect(sdk(url, KEY).beta.agents.list()).rejects.toBeInstanceOf(Anthropic.AuthenticationError);
    expect(await p.stop()).toBe(0);
  });

  it('refuses to start without a key, saying how to give one', async () => {
    const p = cli(['serve', '--port', '0', '--data-dir', tempDir()]);
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(p.stderr()).toMatch(/API key is required/);
    expect(p.stderr()).toContain('--api-key');
    expect(p.stderr()).toContain('DOCKHAND_API_KEY');
    expect(p.stdout()).toBe('');
  });

  it('shuts down cleanly on SIGTERM with an SSE stream open, keeping everything the stream showed', async () => {
    const rig = await brainRig({ model: { script: reply('Noted.') } });
    const { client } = rig;
    const agent = await client.beta.agents.create({ name: 'streamer', model: 'claude-sonnet-4-6' });
    const env = await client.beta.environments.create({ name: 'streamer' });
    const session = await client.beta.sessions.create({ agent: agent.id, environment_id: env.id });
    const stream = await client.beta.sessions.events.stream(session.id);
    const seen: StreamEvent[] = [];
    let idle!: () => void;
    const wentIdle = new Promise<void>((r) => (idle = r));
    const reading = (async () => {
      for await (const e of stream) {
        seen.push(e);
        if (e.type === 'session.status_idle') idle();
      }
    })().then(
      () => 'ended',
      () => 'ended with an error',
    );
    await client.beta.sessions.events.send(session.id, { events: [say('hello')] });
    await wentIdle;

    expect(await rig.server.stop()).toBe(0);
    expect(['ended', 'ended with an error']).toContain(await reading); // the stream is closed, not left hanging
    await rig.model.close();

    const again = await serve({ dataDir: rig.server.dataDir });
    try {
      const stored = (await again.client().beta.sessions.events.list(session.id, { limit: 100 })).data;
      expect(stored.map((e) => e.id)).toEqual(seen.map((e) => ('id' in e ? e.id : e.type)));
      expect(stored.map((e) => e.type)).toContain('agent.message');
    } finally {
      expect(await again.stop()).toBe(0);
    }
  });

  it('refuses a database written by a newer Dockhand, with a clear message, leaving the file untouched', async () => {
    const dataDir = tempDir();
    const first = await serve({ dataDir });
    await first.client().beta.agents.create({ name: 'kept', model: 'claude-sonnet-4-6' });
    expect(await first.stop()).toBe(0);
    const db = new Database(dbFile(dataDir));
    db.pragma('user_version = 999');
    db.close();
    const before = hashFiles(dataDir);

    const p = cli(['serve', '--port', '0', '--data-dir', dataDir, '--api-key', KEY]);
    const code = await p.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(p.stderr()).toContain('written by a newer version of Dockhand (schema 999');
    expect(p.stderr()).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(p.stdout()).toBe('');
    expect(hashFiles(dataDir)).toEqual(before);
    expect(readDb(dataDir, (d) => d.pragma('user_version', { simple: true }))).toBe(999);
  });
});
