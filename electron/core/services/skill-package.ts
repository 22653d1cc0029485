// What a skill upload holds, read into a staging folder: a folder's files (one part per file, each named
// by its path) or one zip. Every path is checked before anything is written (no `..`, no absolute paths,
// no links), the total stays under the upload cap (a zip's declared sizes are checked against what it
// inflates to), and the skill is the folder holding SKILL.md, whose frontmatter gives its name and the
// description the model sees. The zip and YAML libraries load at the first skill upload, not at start.
import { copyFileSync, createWriteStream, mkdirSync, openSync, readFileSync, readSync, closeSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type yauzl from 'yauzl';
import { invalid, ApiError } from '../api/errors.ts';
import { StagedFile, type Upload } from '../api/payloads.ts';
import type { SkillFile } from '../store/skills.ts';

export interface SkillLimits {
  /** Bytes of all files together (a zip: once inflated). */
  maxBytes: number;
  maxFiles: number;
}

export interface SkillPackage {
  /** The kebab-case slug: SKILL.md's `name`, else the folder's. */
  name: string;
  description: string;
  /** Where the skill's folder is in the stage. */
  root: string;
  /** Paths relative to `root`, sorted. */
  files: SkillFile[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_DESCRIPTION = 1024;

/** A path's segments, or a 400 naming it: relative, no `.`/`..`/empty segments, no backslashes or control characters. */
function segments(path: string, where: string): string[] {
  const parts = path.replace(/\/+$/, '').split('/');
  // eslint-disable-next-line no-control-regex
  if (!path || path.startsWith('/') || /[\\\u0000-\u001f]/.test(path) || parts.some((p) => p === '' || p === '.' || p === '..'))
    throw invalid(`${where}: ${JSON.stringify(path)} is not a relative path inside the skill's folder`, 'invalid_skill_path');
  return parts;
}

const isZip = (u: Upload): boolean => {
  if (!(u instanceof StagedFile)) return Buffer.from(u.data.slice(0, 8), 'base64').subarray(0, 4).equals(ZIP_MAGIC);
  const fd = openSync(u.path, 'r');
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(ZIP_MAGIC);
  } finally {
    closeSync(fd);
  }
};
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Writes a folder upload's parts at their paths under `raw`. */
function placeParts(uploads: readonly Upload[], raw: string, limits: SkillLimits): string[] {
  if (uploads.length > limits.maxFiles) throw invalid(`a skill holds at most ${limits.maxFiles} files; this upload has ${uploads.length}`);
  const seen = new Set<string>();
  let total = 0;
  const paths = uploads.map((u) => {
    const path = segments(u.filename, 'files').join('/');
    if (seen.has(path)) throw invalid(`files: ${path} is sent twice`, 'invalid_skill_path');
    seen.add(path);
    return path;
  });
  uploads.forEach((u, i) => {
    const dest = join(raw, paths[i]!);
    mkdirSync(dirname(dest), { recursive: true, mode: 0o755 });
    if (u instanceof StagedFile) {
      total += u.size;
      try {
        renameSync(u.path, dest);
      } catch {
        copyFileSync(u.path, dest); // another filesystem
      }
    } else {
      const data = Buffer.from(u.data, 'base64');
      total += data.length;
      writeFileSync(dest, data, { mode: 0o644 });
    }
    if (total > limits.maxBytes) throw new ApiError('request_too_large', `the skill's files exceed ${limits.maxBytes} bytes`);
  });
  return paths;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Unpacks a zip under `raw`, refusing links, paths out of the folder and more than the limits allow. */
async function placeZip(upload: Upload, raw: string, limits: SkillLimits): Promise<string[]> {
  const { default: unzip } = await import('yauzl');
  const open = (): Promise<yauzl.ZipFile> =>
    new Promise((resolve, reject) => {
      const opts = { lazyEntries: true, strictFileNames: true, validateEntrySizes: true };
      const done = (err: Error | null, zip?: yauzl.ZipFile) => (err || !zip ? reject(invalid(`the zip cannot be read: ${err?.message ?? 'empty'}`, 'invalid_zip')) : resolve(zip));
      if (upload instanceof StagedFile) unzip.open(upload.path, opts, done);
      else unzip.fromBuffer(Buffer.from(upload.data, 'base64'), opts, done);
    });
  const zip = await open();
  const paths: string[] = [];
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => reject(err instanceof ApiError ? err : invalid(`the zip cannot be read: ${(err as Error).message}`, 'invalid_zip'));
      zip.on('error', fail);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          const name = entry.fileName;
          const isDir = name.endsWith('/');
          const path = segments(name, 'zip entry').join('/');
          if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) throw invalid(`zip entry ${path} is a symbolic link; a skill holds plain files only`, 'invalid_skill_path');
          if (entry.isEncrypted()) throw invalid(`zip entry ${path} is encrypted`, 'invalid_zip');
          if (!isDir) {
            if (paths.length >= limits.maxFiles) throw invalid(`a skill holds at most ${limits.maxFiles} files`);
            if ((total += entry.uncompressedSize) > limits.maxBytes) throw new ApiError('request_too_large', `the skill's files exceed ${limits.maxBytes} bytes once unzipped`);
            const dest = join(raw, path);
            mkdirSync(dirname(dest), { recursive: true, mode: 0o755 });
            const stream = await new Promise<NodeJS.ReadableStream>((res, rej) => zip.openReadStream(entry, (err, s) => (err ? rej(err) : res(s))));
            await pipeline(stream, createWriteStream(dest, { flags: 'wx', mode: 0o644 }));
            paths.push(path);
          }
          zip.readEntry();
        })().catch(fail);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return paths;
}

/** The frontmatter's fields (between `---` lines at the top of SKILL.md). */
async function frontmatter(text: string): Promise<Record<string, unknown>> {
  const m = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (!m) throw invalid('SKILL.md must start with YAML frontmatter (--- name: ... description: ... ---)', 'invalid_skill_md');
  const { parse: parseYaml } = await import('yaml');
  let fields: unknown;
  try {
    fields = parseYaml(m[1]!);
  } catch (err) {
    throw invalid(`SKILL.md's frontmatter is not valid YAML: ${(err as Error).message.split('\n')[0]}`, 'invalid_skill_md');
  }
  if (!fields || typeof fields !== 'object' || Array.isArray(fields)) throw invalid("SKILL.md's frontmatter must be a mapping of fields", 'invalid_skill_md');
  return fields as Record<string, unknown>;
}

/**
 * Reads an upload into `stage` and finds the skill in it. The files must share one top-level folder
 * with SKILL.md directly in it (or SKILL.md at the top, the folder's name then coming from SKILL.md).
 */
export async function unpackSkill(uploads: readonly Upload[], stage: string, limits: SkillLimits): Promise<SkillPackage> {
  const raw = join(stage, 'raw');
  mkdirSync(raw, { mode: 0o755 });
  const paths = uploads.length === 1 && isZip(uploads[0]!) ? await placeZip(uploads[0]!, raw, limits) : placeParts(uploads, raw, limits);

  const tops = new Set(paths.map((p) => p.split('/')[0]!));
  const flat = paths.includes('SKILL.md');
  const top = flat ? '' : tops.size === 1 ? [...tops][0]! : undefined;
  if (top === undefined || (!flat && !paths.includes(`${top}/SKILL.md`)))
    throw invalid("a skill's files must all be in one top-level folder with a SKILL.md directly in it" + (tops.size > 1 ? ` (found ${tops.size} top-level entries)` : ''), 'missing_skill_md');

  const root = top ? join(raw, top) : raw;
  const fields = await frontmatter(readFileSync(join(root, 'SKILL.md'), 'utf8'));
  const name = typeof fields.name === 'string' && fields.name ? fields.name : top;
  if (!name) throw invalid("SKILL.md's frontmatter needs a name (or upload the skill inside a folder named for it)", 'invalid_skill_md');
  if (!SLUG.test(name) || name.length > 64) throw invalid(`skill name ${JSON.stringify(name)} must be kebab-case (a-z, 0-9, hyphens), at most 64 characters`, 'invalid_skill_md');
  const description = typeof fields.description === 'string' ? fields.description.trim() : '';
  if (!description) throw invalid("SKILL.md's frontmatter needs a description: it is what the model reads to decide when to load the skill", 'invalid_skill_md');
  if (description.length > MAX_DESCRIPTION) throw invalid(`SKILL.md's description is longer than ${MAX_DESCRIPTION} characters`, 'invalid_skill_md');

  const inRoot = (p: string) => (top ? p.slice(top.length + 1) : p);
  const files = paths.map((p) => ({ path: inRoot(p), size: sizeOf(join(raw, p)) })).sort((a, b) => a.path.localeCompare(b.path));
  return { name, description, root, files };
}

const sizeOf = (path: string) => statSync(path).size;
