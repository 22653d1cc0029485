// Cloning a session's repository on the host, with the system `git`. The token reaches git only through
// its environment (GIT_CONFIG_COUNT/KEY/VALUE: an HTTP header for that origin), so it is in no argument
// list, no config file and nothing of the clone; the sandbox only ever sees the finished working tree.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { promisify } from 'node:util';
import { handToAgent } from './agent-owned.ts';

const run = promisify(execFile);
const CLONE_TIMEOUT_MS = 10 * 60_000;

export interface CloneSpec {
  url: string;
  checkout?: { type: 'branch'; name: string } | { type: 'commit'; sha: string } | null;
  /** Sent as HTTP Basic auth (`x-access-token`), as GitHub takes every kind of token. */
  token?: string;
}

/** Clones into `dest` (kept as is when a clone is already there). Rejects with a message for the model; it never holds the token. */
export async function cloneRepository({ url, checkout, token }: CloneSpec, dest: string): Promise<void> {
  if (existsSync(dest)) return;
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`cannot clone ${url}: only http(s) repositories can be cloned`);
  const tmp = `${dest}.partial-${randomBytes(4).toString('hex')}`;
  const header = token && `Authorization: Basic ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
  const secrets = token ? [token, header!.slice('Authorization: Basic '.length)] : [];
  try {
    const branch = checkout?.type === 'branch' ? ['--branch', checkout.name, '--single-branch'] : [];
    await git(['clone', '--quiet', ...branch, '--', url, tmp], header ? { [`http.${u.origin}/.extraHeader`]: header } : {});
    if (checkout?.type === 'commit') await git(['-C', tmp, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', checkout.sha, '--']);
    handToAgent(tmp, { recursive: true }); // the agent works in the clone
    renameSync(tmp, dest);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const said = (((err as { stderr?: string }).stderr || (err as Error).message) ?? '').trim();
    const refused = /\b401\b|Authentication failed|terminal prompts disabled|could not read Username/i.test(said);
    const why = refused
      ? `the server refused access (${token ? "check the repository's authorization_token" : 'the session was created without an authorization_token for it'})`
      : said.split('\n').filter(Boolean).pop() ?? 'git failed';
    throw new Error(`could not clone ${url}${checkout ? ` at ${checkout.type} ${checkout.type === 'branch' ? checkout.name : checkout.sha}` : ''}: ${redact(why, secrets)}`);
  }
}

/** Runs git with `config` passed through its environment only; nothing of the user's git setup asks for credentials. */
async function git(args: string[], config: Record<string, string> = {}): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: 'true', GIT_ALLOW_PROTOCOL: 'http:https', GIT_CONFIG_NOSYSTEM: '1' };
  const entries = [['credential.helper', ''], ...Object.entries(config)];
  env.GIT_CONFIG_COUNT = String(entries.length);
  entries.forEach(([k, v], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = k;
    env[`GIT_CONFIG_VALUE_${i}`] = v;
  });
  await run('git', args, { env, timeout: CLONE_TIMEOUT_MS, maxBuffer: 16 * 1024 ** 2 });
}

const redact = (text: string, secrets: string[]) => secrets.reduce((t, s) => t.split(s).join('***'), text);
