// `dockhand serve`: the local API on loopback, for the official SDK, scripts and the browser UI.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCore } from '../runtime.ts';
import { StoreVersionError } from '../store/index.ts';
import { startServer } from './http.ts';

const USAGE = `Usage: dockhand serve [--host 127.0.0.1] [--port N|0] [--data-dir DIR] [--api-key KEY]

  --host       address to bind (default 127.0.0.1, loopback only)
  --port       port to listen on; 0 picks a free one (default 4317)
  --data-dir   where the session store lives (default $DOCKHAND_DATA_DIR or ~/.local/share/dockhand)
  --api-key    key clients must send (default $DOCKHAND_API_KEY; required)`;

function fail(message: string, code = 2): never {
  process.stderr.write(`dockhand: ${message}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'serve') fail(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { host: { type: 'string' }, port: { type: 'string' }, 'data-dir': { type: 'string' }, 'api-key': { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`);
  }
  const apiKey = values['api-key'] ?? process.env.DOCKHAND_API_KEY;
  if (!apiKey) fail('an API key is required: pass --api-key or set DOCKHAND_API_KEY');
  const port = Number(values.port ?? 4317);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0-65535, not ${values.port}`);
  const dataDir = values['data-dir'] ?? process.env.DOCKHAND_DATA_DIR ?? join(homedir(), '.local', 'share', 'dockhand');

  let core;
  try {
    core = createCore({ dataDir });
  } catch (err) {
    if (err instanceof StoreVersionError) fail(err.message);
    throw err;
  }
  const server = await startServer({
    services: core.services,
    apiKey,
    host: values.host ?? '127.0.0.1',
    port,
    onInternalError: (err) => process.stderr.write(`dockhand: internal error: ${(err as Error)?.stack ?? String(err)}\n`),
  }).catch((err: NodeJS.ErrnoException) => fail(`cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}`, 1));

  process.stdout.write(`Dockhand API listening on ${server.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
