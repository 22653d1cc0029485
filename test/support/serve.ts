// Starts a real `dockhand serve` child process on a data directory and waits for its ready line.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Anthropic from '@anthropic-ai/sdk';

/** The `dockhand` command from this tree's sources (bin/dockhand.js runs the build, which may be older). */
export const BIN = resolve(import.meta.dirname, '../../bin/dockhand-src.js');

export interface Served {
  url: string;
  port: number;
  apiKey: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** An official SDK client pointed at this server. */
  client: (opts?: { apiKey?: string; maxRetries?: number }) => Anthropic;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop: () => Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill: () => Promise<void>;
}

export const tempDir = (prefix = 'dockhand-test-') => mkdtempSync(join(tmpdir(), prefix));

/**
 * `brain: false` (the default) serves the store only, for tests of the API itself. Either way the
 * model's address defaults to a closed loopback port, so no test can reach a model off this machine.
 * Tools run nowhere (`--hands none`) unless `args` say where: no test makes sandboxes it did not ask for.
 */
export async function serve(opts: { dataDir?: string; apiKey?: string; port?: number; args?: string[]; env?: NodeJS.ProcessEnv; brain?: boolean } = {}): Promise<Served> {
  const dataDir = opts.dataDir ?? tempDir();
  const apiKey = opts.apiKey ?? 'test-key-' + Math.random().toString(36).slice(2);
  const args = ['serve', '--port', String(opts.port ?? 0), '--data-dir', dataDir, '--api-key', apiKey, ...(opts.brain ? [] : ['--no-brain']), ...(opts.args?.includes('--hands') ? [] : ['--hands', 'none']), ...(opts.args ?? [])];
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ...opts.env },
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`dockhand serve did not start in 20s:\n${out}${err}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^Dockhand API listening on (http:\/\/\S+)$/m.exec(out);
      if (m) (clearTimeout(timer), resolveUrl(m[1]!));
    });
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`dockhand serve exited with ${code}:\n${out}${err}`))));
  });
  return {
    url,
    port: Number(new URL(url).port),
    apiKey,
    dataDir,
    child,
    stderr: () => err,
    client: (o = {}) => new Anthropic({ baseURL: url, apiKey: o.apiKey ?? apiKey, maxRetries: o.maxRetries ?? 0 }),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
