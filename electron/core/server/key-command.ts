// `dockhand key set|delete|status`: the model's API key in the OS keychain, for scripts and terminals.
// The key is read from standard input (never an argument: those show in `ps` and /proc), without echo on a terminal.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../store/index.ts';
import { KeychainUnavailable } from '../vault/keychain.ts';
import { ModelKey } from '../vault/model-key.ts';
import { SecretStore } from '../vault/secrets.ts';

export const KEY_USAGE = `Usage: dockhand key set [--data-dir DIR]      reads the model's API key from standard input into the OS keychain
       dockhand key delete [--data-dir DIR]   removes it from the keychain
       dockhand key status [--data-dir DIR]   says where the key comes from (never the key)`;

const CTRL_C = String.fromCharCode(3);
const CTRL_D = String.fromCharCode(4);

/** Reads the first line of stdin; on a terminal, without echoing it (Enter ends it, Ctrl-C gives up). */
async function readKey(): Promise<string> {
  const stdin = process.stdin;
  const tty = stdin.isTTY;
  if (tty) {
    process.stderr.write('Model API key (input hidden): ');
    stdin.setRawMode(true);
  }
  let text = '';
  stdin.setEncoding('utf8');
  for await (const chunk of stdin) {
    text += chunk as string;
    if (tty && ['\r', '\n', CTRL_C, CTRL_D].some((c) => text.includes(c))) break;
  }
  if (tty) (stdin.setRawMode(false), stdin.pause(), process.stderr.write('\n'));
  if (text.includes(CTRL_C)) return '';
  return text.split(CTRL_D)[0]!.split(/\r?\n|\r/)[0]!.trim();
}

export async function keyCommand(args: string[], defaultDataDir: string, fail: (message: string, code?: number) => never): Promise<void> {
  let positionals: string[];
  let values: { 'data-dir'?: string };
  try {
    ({ positionals, values } = parseArgs({ args, options: { 'data-dir': { type: 'string' } }, allowPositionals: true, strict: true }));
  } catch (err) {
    fail(`${(err as Error).message}\n${KEY_USAGE}`);
  }
  const [action] = positionals;
  if (positionals.length !== 1 || !['set', 'delete', 'status'].includes(action!)) fail(KEY_USAGE);
  const dataDir = values['data-dir'] ?? defaultDataDir;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = Store.open(join(dataDir, 'dockhand.db'));
  const key = new ModelKey(new SecretStore(store));
  try {
    if (action === 'set') {
      const value = await readKey();
      if (!value) fail('no key read from standard input: pipe it in (dockhand key set < file) or type it at the prompt');
      await key.set(value);
      process.stdout.write('The model API key is stored in the OS keychain.\n');
    } else if (action === 'delete') {
      await key.delete();
      process.stdout.write('The model API key is removed from the OS keychain.\n');
    }
    const s = await key.status();
    if (!s.keychain.available) process.stdout.write(`${s.keychain.message}\n`);
    process.stdout.write(
      s.source === 'environment'
        ? `Dockhand uses ANTHROPIC_API_KEY from its environment${s.stored ? ' (a key is also in the keychain, used when the variable is unset)' : ''}.\n`
        : s.source === 'keychain'
          ? 'Dockhand uses the key in the OS keychain.\n'
          : 'No model API key is set.\n',
    );
  } catch (err) {
    if (err instanceof KeychainUnavailable) fail(err.message, 1);
    throw err;
  } finally {
    store.close();
  }
}
