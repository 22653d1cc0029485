// `dockhand export SESSION > file.jsonl` and `dockhand import file.jsonl`: the contract's
// sessions.export and sessions.import, run in this process on the data directory. No server or key
// is needed, and a `serve` running on the same directory may stay up (SQLite's WAL lets both in; an
// imported session is read-only, so no brain has to hear of it).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Input } from '../api/contract.ts';
import { ApiError } from '../api/errors.ts';
import { validate } from '../api/validate.ts';
import { resourcePath } from '../package-root.ts';
import { createCore, DataDirError, type Core } from '../runtime.ts';
import { StoreVersionError } from '../store/index.ts';

/** Where Dockhand keeps its data unless told otherwise (serve, export and import agree on it). */
export const defaultDataDir = (): string => process.env.DOCKHAND_DATA_DIR ?? join(homedir(), '.local', 'share', 'dockhand');

export const TRANSFER_USAGE = `       dockhand export [--data-dir DIR] SESSION_ID > session.jsonl
       dockhand import [--data-dir DIR] [--title TITLE] session.jsonl   prints the new (read-only) session's id
       dockhand import [--data-dir DIR] [--title TITLE] --sample NAME   one of the sample sessions Dockhand ships`;

/** The sample session logs shipped in resources/samples, by name (the file's without .jsonl). */
export function sampleNames(): string[] {
  return readdirSync(resourcePath('samples'))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.slice(0, -'.jsonl'.length))
    .sort();
}

type Fail = (message: string, code?: number) => never;

const write = (text: string) => new Promise<void>((resolve, reject) => process.stdout.write(text, (err) => (err ? reject(err) : resolve())));

/** Runs `export` or `import` with its arguments; errors are reported through `fail`. */
export async function transfer(command: 'export' | 'import', args: string[], fail: Fail): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { 'data-dir': { type: 'string' }, title: { type: 'string' }, sample: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (err) {
    return fail(`${(err as Error).message}\nUsage:\n${TRANSFER_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.sample !== undefined) {
    if (command !== 'import' || positionals.length) fail(`--sample replaces import's file\nUsage:\n${TRANSFER_USAGE}`);
    const names = sampleNames();
    if (!names.includes(values.sample)) fail(`no sample named "${values.sample}"; the samples: ${names.join(', ')}`);
    positionals.push(resourcePath('samples', `${values.sample}.jsonl`));
  }
  if (positionals.length !== 1) fail(`${command} takes exactly one ${command === 'export' ? 'session id' : 'file'}\nUsage:\n${TRANSFER_USAGE}`);
  if (command === 'export' && values.title !== undefined) fail('--title is for import');
  const dataDir = values['data-dir'] ?? defaultDataDir();
  // Exporting never creates a store; importing into a fresh directory is how a log is opened elsewhere.
  if (command === 'export' && !existsSync(join(dataDir, 'dockhand.db'))) fail(`no Dockhand data in ${dataDir} (pass --data-dir)`);
  let jsonl = '';
  if (command === 'import') {
    try {
      jsonl = readFileSync(positionals[0]!, 'utf8');
    } catch (err) {
      fail(`cannot read ${positionals[0]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  let core: Core | undefined;
  try {
    core = createCore({ dataDir, brain: false });
    if (command === 'export') {
      await write(await core.services['sessions.export'](validate('sessions.export', { session_id: positionals[0] })));
    } else {
      const input: Input<'sessions.import'> = validate('sessions.import', { jsonl, ...(values.title !== undefined ? { title: values.title } : {}) });
      const session = await core.services['sessions.import'](input);
      await write(`${session.id}\n`);
    }
  } catch (err) {
    if (err instanceof ApiError || err instanceof DataDirError || err instanceof StoreVersionError) fail(err.message, 1);
    throw err;
  } finally {
    await core?.close();
  }
}
