// Runs the `dockhand` command exactly as a user would, with its own arguments and environment, for
// tests of the command itself (serve.ts always passes --api-key and waits for success).
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN } from './serve.ts';

export interface CliProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** The exit code (null when ended by a signal). */
  exited: Promise<number | null>;
  /** The URL of the ready line; rejects if the process exits before printing it. */
  ready: Promise<string>;
  /** SIGTERM and wait for the exit code. */
  stop: () => Promise<number | null>;
}

/** `env` entries set to undefined are removed; DOCKHAND_API_KEY is never inherited from the test's own environment. */
export function runCli(args: string[], env: Record<string, string | undefined> = {}): CliProcess {
  // No test here sends a user event, so the brain never calls a model; should it, it stays on loopback.
  const merged: Record<string, string | undefined> = { ...process.env, DOCKHAND_API_KEY: undefined, ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ...env };
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv,
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line in 20 s:\n${out}${err}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /^Dockhand API listening on (http:\/\/\S+)$/m.exec(out);
      if (m) (clearTimeout(timer), resolve(m[1]!));
    });
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`exited with ${code} before the ready line:\n${out}${err}`))));
  });
  ready.catch(() => undefined); // a test that expects failure never awaits it
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    ready,
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
