// Reading a session's outputs folder from the host. The agent writes there (as the sandbox's user),
// so nothing in it is trusted: symbolic links are never followed, only regular files inside the folder
// are read, and a file is checked again after it is opened, so swapping it for a link in between does
// not lead the read elsewhere.
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { OutputEntry } from '../api/sandbox.ts';
import { invalid, notFound } from '../api/errors.ts';

/** At most this many files in one listing. */
export const OUTPUT_LIST_LIMIT = 10_000;
/** At most this large a file in one download (it travels as base64 JSON). */
export const OUTPUT_FILE_LIMIT = 32 * 1024 * 1024;
const MAX_DEPTH = 32;

const entry = (path: string, st: Stats): OutputEntry => ({ path, size: st.size, modified_at: st.mtime.toISOString() });

/** The regular files under `root` (none if it does not exist), sorted by path; links and special files are left out. */
export async function listOutputs(root: string): Promise<{ data: OutputEntry[]; truncated: boolean }> {
  const data: OutputEntry[] = [];
  let truncated = false;
  async function walk(dir: string, depth: number): Promise<void> {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      if (data.length >= OUTPUT_LIST_LIMIT) return void (truncated = true);
      const full = join(dir, name);
      const st = await lstat(full).catch(() => undefined);
      if (st?.isDirectory() && depth < MAX_DEPTH) await walk(full, depth + 1);
      else if (st?.isFile()) data.push(entry(relative(root, full).split(sep).join('/'), st));
    }
  }
  await walk(root, 0);
  return { data, truncated };
}

/**
 * Opens a regular file of the outputs folder, by its path relative to it, for `use`; refuses anything
 * else. The handle is checked to be the file that was looked at, and closed after `use`.
 */
export async function withOutput<T>(root: string, path: string, use: (handle: FileHandle, entry: OutputEntry) => Promise<T>): Promise<T> {
  const missing = () => notFound('output file', path);
  const file = join(root, ...path.split('/'));
  let realRoot: string;
  let real: string;
  try {
    [realRoot, real] = await Promise.all([realpath(root), realpath(file)]);
  } catch {
    throw missing();
  }
  if (!real.startsWith(realRoot + sep)) throw missing();
  const before = await lstat(real).catch(() => undefined);
  if (!before?.isFile()) throw invalid(`${path} is not a regular file`);
  // O_NOFOLLOW: the last step is not a link now; O_NONBLOCK: a FIFO put there since cannot hang the read.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch(() => undefined);
  if (!handle) throw missing();
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw invalid(`${path} changed while it was being read`);
    return await use(handle, entry(path, st));
  } finally {
    await handle.close();
  }
}

/** A regular file of the outputs folder, whole (within OUTPUT_FILE_LIMIT). */
export function readOutput(root: string, path: string): Promise<OutputEntry & { data: Buffer }> {
  return withOutput(root, path, async (handle, e) => {
    if (e.size > OUTPUT_FILE_LIMIT) throw invalid(`${path} is ${e.size} bytes, over the ${OUTPUT_FILE_LIMIT}-byte limit of a download`);
    return { ...e, data: await handle.readFile() };
  });
}
