// `dockhand serve`: the local API on loopback, for the official SDK, scripts and the browser UI.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_SANDBOXES } from '../hands/docker/provider.ts';
import { createCore } from '../runtime.ts';
import { StoreVersionError } from '../store/index.ts';
import { startServer } from './http.ts';
import { start } from './start.ts';

const USAGE = `Usage: dockhand serve [--host 127.0.0.1] [--port N|0] [--data-dir DIR] [--api-key KEY] [--ui DIR]
       dockhand start [serve options]   the desktop app; where Electron cannot run, serve mode with the UI (and these options)

  --host       address to bind (default 127.0.0.1, loopback only)
  --port       port to listen on; 0 picks a free one (default 4317)
  --data-dir   where the session store lives (default $DOCKHAND_DATA_DIR or ~/.local/share/dockhand)
  --api-key    key clients must send (default $DOCKHAND_API_KEY; required)
  --ui         a built renderer (out/renderer) to serve at / for a browser
  --hands      where agents' tools run: none (default), host (this machine, NOT isolated) or docker
               (a sandbox container per session, made at its first tool call; the engine of DOCKER_HOST or the local one)
  --warm-pool  with --hands docker: started containers kept ready per environment (default 0)
  --eager-sandboxes  with --hands docker: make a session's sandbox when it is created, not at its first tool call
  --max-sandboxes N  with --hands docker: sandboxes that run at once (default ${DEFAULT_MAX_SANDBOXES}); at the cap the least
               recently used idle one is stopped, or a tool call waits for one to come free
  --sandbox-idle-timeout S  with --hands docker: stop a sandbox after S seconds without a tool call (default
               ${DEFAULT_IDLE_TIMEOUT_MS / 1000}; 0: never); its outputs stay and the next call starts a new one
  --no-brain   serve the store only: sessions keep their events but no agent runs

The model is reached with the SDK's own settings: ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY.
Harness tuning: DOCKHAND_MAX_RETRIES, DOCKHAND_RETRY_BASE_MS, DOCKHAND_CONTEXT_WINDOW, DOCKHAND_MAX_TOKENS.`;

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

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'start') return start(rest, (args) => main(['serve', ...args]));
  if (command !== 'serve') fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' }, 'api-key': { type: 'string' }, ui: { type: 'string' }, hands: { type: 'string' }, 'warm-pool': { type: 'string' }, 'eager-sandboxes': { type: 'boolean' }, 'max-sandboxes': { type: 'string' }, 'sandbox-idle-timeout': { type: 'string' }, 'no-brain': { type: 'boolean' } },
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const apiKey = values['api-key'] ?? process.env.DOCKHAND_API_KEY;
  if (!apiKey) fail('an API key is required: pass --api-key or set DOCKHAND_API_KEY');
  const port = Number(values.port ?? 4317);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, not ${values.port}`);
  if (values.ui && !existsSync(join(values.ui, 'index.html'))) fail(`--ui: ${values.ui} holds no index.html (build it with: npm run build)`);
  const dataDir = values['data-dir'] ?? process.env.DOCKHAND_DATA_DIR ?? join(homedir(), '.local', 'share', 'dockhand');
  const hands = values.hands ?? 'none';
  if (hands !== 'none' && hands !== 'host' && hands !== 'docker') fail(`--hands must be none, host or docker, not ${hands}`);
  const warmPool = Number(values['warm-pool'] ?? 0);
  if (!Number.isInteger(warmPool) || warmPool < 0) fail(`--warm-pool must be a whole number, not ${values['warm-pool']}`);
  const maxSandboxes = Number(values['max-sandboxes'] ?? DEFAULT_MAX_SANDBOXES);
  if (!Number.isInteger(maxSandboxes) || maxSandboxes < 1) fail(`--max-sandboxes must be a whole number of at least 1, not ${values['max-sandboxes']}`);
  const idleSeconds = Number(values['sandbox-idle-timeout'] ?? DEFAULT_IDLE_TIMEOUT_MS / 1000);
  if (!Number.isFinite(idleSeconds) || idleSeconds < 0) fail(`--sandbox-idle-timeout must be a number of seconds (0: never), not ${values['sandbox-idle-timeout']}`);
  const brain = {
    maxRetries: envInt('DOCKHAND_MAX_RETRIES'),
    retryBaseMs: envInt('DOCKHAND_RETRY_BASE_MS'),
    model: { contextWindow: envInt('DOCKHAND_CONTEXT_WINDOW'), maxTokens: envInt('DOCKHAND_MAX_TOKENS') },
  };

  let core;
  try {
    core = createCore({ dataDir, hands, docker: { warmPool, eager: values['eager-sandboxes'], maxSandboxes, idleTimeoutMs: Math.round(idleSeconds * 1000) }, brain: values['no-brain'] ? false : brain });
  } catch (err) {
    if (err instanceof StoreVersionError) fail(err.message);
    throw err;
  }
  const server = await startServer({
    services: core.services,
    apiKey,
    host: values.host ?? '127.0.0.1',
    port,
    staticDir: values.ui,
    onInternalError: (err) => process.stderr.write(`dockhand: internal error: ${(err as Error)?.stack ?? String(err)}\n`),
  }).catch((err: NodeJS.ErrnoException) => fail(`cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}`, 1));

  process.stdout.write(`Dockhand API listening on ${server.url}\n`);
  // The key rides in the fragment, which the browser keeps to itself.
  if (values.ui) process.stdout.write(`Open the Dockhand UI: ${server.url}/#key=${encodeURIComponent(apiKey)}\n`);

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
}
