// `dockhand serve`: the local API on loopback, for the official SDK, scripts and the browser UI.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isLoopback } from '../api/loopback.ts';
import { chooseHands, HANDS_CHOICES, type HandsChoice } from '../hands/choose.ts';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_SANDBOXES } from '../hands/docker/provider.ts';
import { PACKAGE_ROOT } from '../package-root.ts';
import { createCore, DataDirError } from '../runtime.ts';
import { StoreVersionError } from '../store/index.ts';
import { startServer } from './http.ts';
import { keyCommand } from './key-command.ts';
import { start, type StartDefaults } from './start.ts';
import { defaultDataDir, transfer, TRANSFER_USAGE } from './transfer-cli.ts';

const USAGE = `Usage: dockhand serve [options]   the local API on loopback (and, with --ui, the UI for a browser)
       dockhand start [options]   the desktop app; where Electron cannot run, serve mode with the UI
${TRANSFER_USAGE}
       dockhand key set|delete|status [--data-dir DIR]   the model's API key in the OS keychain (read from stdin)
       dockhand --help | --version

Options:
  --host ADDR         address to bind (default 127.0.0.1, loopback only; any other address puts the API
                      on the network, without TLS)
  --port N|0          port to listen on; 0 picks a free one (default 4317)
  --data-dir DIR      where the session store lives, kept owner-only (default $DOCKHAND_DATA_DIR or
                      ~/.local/share/dockhand)
  --api-key-file F    read the key clients must send from file F
  --api-key KEY       the key itself. Every local user can read a command line (ps, /proc/*/cmdline):
                      prefer DOCKHAND_API_KEY or --api-key-file. serve needs one of the three; start
                      makes a key per run when none is given
  --ui DIR            a built renderer (out/renderer) to serve at / for a browser
  --hands H           where agents' tools run (default: docker when a Docker engine answers, else none):
                        docker  a hardened sandbox container per session, made at its first tool call
                                (the engine of DOCKER_HOST or the local one)
                        host    this machine, as this user: NOT a sandbox. In bubblewrap where it is
                                installed, which keeps tools away from Dockhand's processes (its keys)
                                and data; without it they can read everything, keys included
                        none    every tool call fails
  --warm-pool N       with --hands docker: started containers kept ready per environment (default 0)
  --eager-sandboxes   with --hands docker: make a session's sandbox when it is created, not at its first tool call
  --max-sandboxes N   with --hands docker: sandboxes that run at once (default ${DEFAULT_MAX_SANDBOXES}); at the cap the least
                      recently used idle one is stopped, or a tool call waits for one to come free
  --sandbox-idle-timeout S  with --hands docker: stop a sandbox after S seconds without a tool call (default
                      ${DEFAULT_IDLE_TIMEOUT_MS / 1000}; 0: never); its outputs stay and the next call starts a new one
  --no-brain          serve the store only: sessions keep their events but no agent runs
  --max-upload-mb N   the largest upload (a file, or a skill's files together), in MB (default 500)
  -h, --help          this text

The model is reached at ANTHROPIC_BASE_URL with ANTHROPIC_API_KEY, or else the key in the OS keychain
(set in Settings or with \`dockhand key set\`).
Harness tuning: DOCKHAND_MAX_RETRIES, DOCKHAND_RETRY_BASE_MS, DOCKHAND_CONTEXT_WINDOW, DOCKHAND_MAX_TOKENS.`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'api-key': { type: 'string' },
  'api-key-file': { type: 'string' },
  ui: { type: 'string' },
  hands: { type: 'string' },
  'warm-pool': { type: 'string' },
  'eager-sandboxes': { type: 'boolean' },
  'max-sandboxes': { type: 'string' },
  'sandbox-idle-timeout': { type: 'string' },
  'no-brain': { type: 'boolean' },
  'max-upload-mb': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;


/** A positive whole number from the environment, or undefined when unset. */
function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) fail(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return n;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`dockhand: ${message}\n`);
  process.exit(code);
}

/** A one-line notice on stderr (stdout carries only the ready line and the UI address). */
const notice = (message: string) => process.stderr.write(`dockhand: ${message}\n`);

/** The options of serve and start, checked; `--help` prints the usage and exits 0. */
function options(args: string[]) {
  let values;
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, strict: true }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  return values;
}

type Options = ReturnType<typeof options>;

/** The key from --api-key, --api-key-file or DOCKHAND_API_KEY (in that order), else `fallback`. */
function apiKeyOf(values: Options, fallback?: string): string {
  if (values['api-key'] !== undefined && values['api-key-file'] !== undefined) fail('give the API key once: --api-key or --api-key-file, not both');
  let key = values['api-key'];
  const file = values['api-key-file'];
  if (file !== undefined) {
    try {
      key = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      fail(`--api-key-file: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (!key) fail(`--api-key-file: ${file} is empty`);
  }
  key ||= process.env.DOCKHAND_API_KEY || fallback;
  if (!key) fail('an API key is required: set DOCKHAND_API_KEY, or pass --api-key-file FILE (or --api-key KEY)');
  return key;
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command === '--version' || command === '-v') return void process.stdout.write(`${JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version}\n`);
  if (command === 'export' || command === 'import') return transfer(command, rest, fail);
  if (command === 'key') return keyCommand(rest, defaultDataDir(), fail);
  if (command !== 'serve' && command !== 'start') fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  const values = options(rest);
  if (command === 'start') return start(rest, (defaults) => serve(values, defaults));
  return serve(values);
}

async function serve(values: Options, defaults?: StartDefaults): Promise<void> {
  let apiKey = apiKeyOf(values, defaults?.apiKey);
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? 4317);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, not ${values.port}`);
  const ui = values.ui ?? defaults?.ui;
  if (ui && !existsSync(join(ui, 'index.html'))) fail(`--ui: ${ui} holds no index.html (build it with: npm run build)`);
  const dataDir = values['data-dir'] ?? defaultDataDir();
  if (values.hands !== undefined && !HANDS_CHOICES.includes(values.hands as HandsChoice)) fail(`--hands must be none, host or docker, not ${values.hands}`);
  const warmPool = Number(values['warm-pool'] ?? 0);
  if (!Number.isInteger(warmPool) || warmPool < 0) fail(`--warm-pool must be a whole number, not ${values['warm-pool']}`);
  const maxSandboxes = Number(values['max-sandboxes'] ?? DEFAULT_MAX_SANDBOXES);
  if (!Number.isInteger(maxSandboxes) || maxSandboxes < 1) fail(`--max-sandboxes must be a whole number of at least 1, not ${values['max-sandboxes']}`);
  const idleSeconds = Number(values['sandbox-idle-timeout'] ?? DEFAULT_IDLE_TIMEOUT_MS / 1000);
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0) fail(`--sandbox-idle-timeout must be a number of seconds (0: never), not ${values['sandbox-idle-timeout']}`);
  const uploadMb = Number(values['max-upload-mb'] ?? 500);
  if (!Number.isFinite(uploadMb) || uploadMb <= 0) fail(`--max-upload-mb must be a positive number, not ${values['max-upload-mb']}`);
  const maxUploadBytes = Math.round(uploadMb * 1_000_000);
  const brain = {
    maxRetries: envInt('DOCKHAND_MAX_RETRIES'),
    retryBaseMs: envInt('DOCKHAND_RETRY_BASE_MS'),
    model: { contextWindow: envInt('DOCKHAND_CONTEXT_WINDOW'), maxTokens: envInt('DOCKHAND_MAX_TOKENS') },
  };

  if (!isLoopback(host)) notice(`--host ${host} is not a loopback address: the API is open to the network, without TLS, guarded by its key alone`);
  const hands = await chooseHands(values.hands as HandsChoice | undefined);
  notice(hands.reason);

  let core;
  try {
    core = createCore({ dataDir, hands, docker: { warmPool, eager: values['eager-sandboxes'], maxSandboxes, idleTimeoutMs: Math.round(idleSeconds * 1000) }, brain: values['no-brain'] ? false : brain });
  } catch (err) {
    if (err instanceof StoreVersionError || err instanceof DataDirError) fail(err.message);
    throw err;
  }
  const server = await startServer({
    services: core.services,
    // Read per request: `system.rotate_key` replaces it.
    apiKey: () => apiKey,
    host,
    port,
    staticDir: ui,
    uploads: { blobs: core.blobs, maxBytes: maxUploadBytes },
    onInternalError: (err) => process.stderr.write(`dockhand: internal error: ${(err as Error)?.stack ?? String(err)}\n`),
  }).catch((err: NodeJS.ErrnoException) => fail(`cannot listen on ${host}:${port}: ${err.code ?? err.message}`, 1));

  core.attachApi({ address: server.url, rotateKey: () => (apiKey = randomBytes(24).toString('base64url')) });
  // Before the ready line: whoever reads it may signal at once (stdout to a pipe is written synchronously).
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await core.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdout.write(`Dockhand API listening on ${server.url}\n`);
  // The key rides in the fragment, which the browser keeps to itself.
  if (ui) process.stdout.write(`Open the Dockhand UI: ${server.url}/#key=${encodeURIComponent(apiKey)}\n`);
}
