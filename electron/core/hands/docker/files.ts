// The file tools of agent_toolset_20260401 (read, write, edit, glob, grep), each one `docker exec` of a
// small bash script in the sandbox, as the agent. Relative paths are relative to /workspace. They need
// only bash and coreutils in the image (grep also GNU grep).
import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import { ToolError } from '../contract.ts';
import { execIn, WORKDIR, type ExecResult } from './exec.ts';
import { cut, keptPath, limitOutput, OUTPUT_LIMIT } from './output.ts';

/** Largest file `read` returns whole and `edit` rewrites; bigger ones are read with view_range. */
const MAX_FILE_BYTES = 256 * 1024;
/** How long glob and grep may search. */
const SEARCH_SECONDS = 60;
const GLOB_RESULTS = 200;

type Input = Record<string, unknown>;

function text(input: Input, key: string, tool: string, required = true): string | undefined {
  const v = input[key];
  if (v === undefined || v === null) {
    if (required) throw new ToolError(`${tool}: ${key} is required`);
    return undefined;
  }
  if (typeof v !== 'string') throw new ToolError(`${tool}: ${key} must be a string`);
  return v;
}

const absolute = (p: string): string => posix.resolve(WORKDIR, p);

/** A script's complaint, without bash's "bash: line 3: " prefix. */
const complaint = (r: ExecResult): string => r.stderr.trim().replace(/^bash: line \d+: /gm, '') || `exit code ${r.exitCode}`;

// Checks that $1 is a readable regular file; exit 3 with the reason otherwise.
const CHECK = String.raw`f=$1
if [ ! -e "$f" ]; then echo "$f: no such file" >&2; exit 3; fi
if [ -d "$f" ]; then echo "$f is a directory (use glob or bash ls to list it)" >&2; exit 3; fi
if [ ! -f "$f" ]; then echo "$f is not a regular file" >&2; exit 3; fi
if [ ! -r "$f" ]; then echo "$f: permission denied" >&2; exit 3; fi
`;

// The whole file, or exit 4 with its size when it is over the limit ($2).
const WHOLE = `${CHECK}size=$(stat -c %s -- "$f"); if [ "$size" -gt "$2" ]; then echo "$size"; exit 4; fi; exec cat -- "$f"`;

// Lines $3..$4 ($4 empty: to the end), at most $2 + 1 bytes of them.
const RANGE = `${CHECK}if [ -z "$4" ]; then tail -n "+$3" -- "$f"; else tail -n "+$3" -- "$f" | head -n "$(($4 - $3 + 1))"; fi | head -c "$(($2 + 1))"`;

async function wholeFile(container: Dockerode.Container, tool: string, path: string, what: string, signal?: AbortSignal): Promise<string> {
  const r = await execIn(container, ['bash', '-c', WHOLE, tool, path, String(MAX_FILE_BYTES)], { signal });
  if (r.exitCode === 4) throw new ToolError(`${tool}: ${path} is ${r.stdout.trim()} bytes, over the ${MAX_FILE_BYTES}-byte limit for ${what}`);
  if (r.exitCode !== 0) throw new ToolError(`${tool}: ${complaint(r)}`);
  return r.stdout;
}

function numbered(content: string, first: number): string {
  const lines = content.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line, i) => `${String(first + i).padStart(6)}\t${line}`).join('\n');
}

export async function read(container: Dockerode.Container, input: Input, signal?: AbortSignal): Promise<string> {
  const path = absolute(text(input, 'file_path', 'read')!);
  const range = input.view_range;
  let content: string;
  let first = 1;
  if (range === undefined || range === null || (Array.isArray(range) && range.length === 0)) {
    content = await wholeFile(container, 'read', path, 'reading a whole file: pass view_range, e.g. [1, 500], to read part of it', signal);
  } else {
    if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n))) throw new ToolError('read: view_range must be [start_line, end_line] (1-based, inclusive; end_line -1 reads to the end)');
    const [start, end] = range as [number, number];
    if (start < 1) throw new ToolError('read: view_range starts at line 1');
    if (end !== -1 && end < start) throw new ToolError(`read: view_range [${start}, ${end}] ends before it starts`);
    const r = await execIn(container, ['bash', '-c', RANGE, 'read', path, String(MAX_FILE_BYTES), String(start), end === -1 ? '' : String(end)], { signal });
    if (r.exitCode !== 0) throw new ToolError(`read: ${complaint(r)}`);
    if (Buffer.byteLength(r.stdout) > MAX_FILE_BYTES) throw new ToolError(`read: lines ${start}-${end} of ${path} are over the ${MAX_FILE_BYTES}-byte limit: ask for fewer lines`);
    content = r.stdout;
    first = start;
  }
  if (content.includes('\0')) throw new ToolError(`read: ${path} is a binary file`);
  if (content === '') return first === 1 ? `(${path} is empty)` : `(${path} has no line ${first})`;
  return limitOutput(container, 'read', numbered(content, first), signal);
}

const WRITE = 'mkdir -p -- "$(dirname -- "$1")" && cat > "$1"';

async function writeFile(container: Dockerode.Container, tool: string, path: string, content: string, signal?: AbortSignal): Promise<void> {
  const r = await execIn(container, ['bash', '-c', WRITE, tool, path], { stdin: content, signal });
  if (r.exitCode !== 0) throw new ToolError(`${tool}: ${complaint(r)}`);
}

export async function write(container: Dockerode.Container, input: Input, signal?: AbortSignal): Promise<string> {
  const path = absolute(text(input, 'file_path', 'write')!);
  const content = text(input, 'content', 'write')!;
  await writeFile(container, 'write', path, content, signal);
  return `wrote ${Buffer.byteLength(content)} bytes to ${path}`;
}

export async function edit(container: Dockerode.Container, input: Input, signal?: AbortSignal): Promise<string> {
  const path = absolute(text(input, 'file_path', 'edit')!);
  const oldString = text(input, 'old_string', 'edit')!;
  const newString = text(input, 'new_string', 'edit')!;
  const all = input.replace_all === true;
  if (oldString === '') throw new ToolError('edit: old_string must not be empty (use write to create a file)');
  const content = await wholeFile(container, 'edit', path, 'editing: use bash (sed, a script) for a file this large', signal);
  const count = content.split(oldString).length - 1;
  if (count === 0) throw new ToolError(`edit: old_string was not found in ${path}`);
  if (count > 1 && !all) throw new ToolError(`edit: old_string appears ${count} times in ${path}: make it unique with more surrounding lines, or pass replace_all`);
  // A function as replacement: `$&` and friends in new_string stay literal.
  const updated = all ? content.split(oldString).join(newString) : content.replace(oldString, () => newString);
  await writeFile(container, 'edit', path, updated, signal);
  return `edited ${path} (${all ? count : 1} replacement${all && count > 1 ? 's' : ''})`;
}

/** `a{b,c{d,e}}f` as [abf, acdf, acef]: bash does not expand braces in a pattern held in a variable. */
function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '{' && depth++ === 0) open = i;
    else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && depth > 0 && --depth === 0) {
      if (commas.length === 0) continue;
      const cuts = [open, ...commas, i];
      const rest = expandBraces(pattern.slice(i + 1));
      return cuts.slice(1).flatMap((end, k) => expandBraces(pattern.slice(0, open) + pattern.slice(cuts[k]! + 1, end)).flatMap((head) => rest.map((tail) => head + tail)));
    }
  }
  return [pattern];
}

// Regular files under $1 matching the patterns $2...: "mtime path\0" each. Like bash's globstar: `**` spans
// directories, and names starting with a dot match only a pattern that says so.
const GLOB = String.raw`cd -- "$1" 2>/dev/null || { echo "$1: no such directory" >&2; exit 3; }
shift; shopt -s globstar nullglob extglob; IFS=
files=()
for p in "$@"; do for f in $p; do [[ -f $f && $f != node_modules/* && $f != */node_modules/* ]] && files+=("$f"); done; done
for ((i = 0; i < ${'$'}{#files[@]}; i += 500)); do stat --printf '%.9Y %n\0' -- "${'$'}{files[@]:i:500}"; done
`;

export async function glob(container: Dockerode.Container, input: Input, signal?: AbortSignal): Promise<string> {
  let pattern = text(input, 'pattern', 'glob')!;
  let root = absolute(text(input, 'path', 'glob', false) ?? WORKDIR);
  if (pattern === '') throw new ToolError('glob: pattern is required');
  if (pattern.startsWith('/')) (root = '/'), (pattern = pattern.replace(/^\/+/, ''));
  const r = await execIn(container, ['timeout', String(SEARCH_SECONDS), 'bash', '-c', GLOB, 'glob', root, ...new Set(expandBraces(pattern))], { signal });
  if (r.exitCode === 124) throw new ToolError(`glob: stopped after ${SEARCH_SECONDS} s: search a smaller directory (path) or a narrower pattern`);
  if (r.exitCode !== 0) throw new ToolError(`glob: ${complaint(r)}`);
  const found = new Map<string, number>();
  for (const entry of r.stdout.split('\0').filter(Boolean)) {
    const space = entry.indexOf(' ');
    found.set(posix.join(root, entry.slice(space + 1)), Number(entry.slice(0, space)));
  }
  if (found.size === 0) return 'no matches';
  const newest = [...found].sort((a, b) => b[1] - a[1]).map(([p]) => p);
  const more = newest.length > GLOB_RESULTS ? `\n[${newest.length - GLOB_RESULTS} more matches not shown: narrow the pattern]` : '';
  return limitOutput(container, 'glob', newest.slice(0, GLOB_RESULTS).join('\n') + more, signal);
}

// Lines matching $1 under $2, as path:line:text, written whole to $3; prints "-" (or, when over the limit $4
// and so kept in $3, its line count) and then at most $4 characters of it. Perl regexes when grep has them.
const GREP = String.raw`mode=-P; grep -P '' /dev/null 2>/dev/null; [ $? -le 1 ] || mode=-E
mkdir -p -- "${'$'}{3%/*}"
timeout ${SEARCH_SECONDS} grep -rnI "$mode" --exclude-dir=.git --exclude-dir=node_modules -e "$1" -- "$2" > "$3"; rc=$?
if [ $rc -gt 1 ]; then rm -f -- "$3"; exit $rc; fi
o=; read -r -N $(($4 + 1)) o < "$3" || :
if [ ${'$'}{#o} -gt $4 ]; then printf '%s\n' "$(wc -l < "$3")"; else printf -- '-\n'; rm -f -- "$3"; fi
printf '%s' "${'$'}{o:0:$4}"; exit $rc`;

export async function grep(container: Dockerode.Container, input: Input, signal?: AbortSignal): Promise<string> {
  const pattern = text(input, 'pattern', 'grep')!;
  if (pattern === '') throw new ToolError('grep: pattern is required');
  const where = absolute(text(input, 'path', 'grep', false) ?? WORKDIR);
  const keep = keptPath('grep');
  const r = await execIn(container, ['bash', '-c', GREP, 'grep', pattern, where, keep, String(OUTPUT_LIMIT)], { signal });
  if (r.exitCode === 124) throw new ToolError(`grep: stopped after ${SEARCH_SECONDS} s: search a smaller path or a narrower pattern`);
  if (r.exitCode > 1) throw new ToolError(`grep: ${complaint(r).replace(/^grep: /, '')}`);
  if (r.exitCode === 1) return 'no matches';
  const nl = r.stdout.indexOf('\n');
  const lines = r.stdout.slice(0, nl);
  const found = r.stdout.slice(nl + 1).replace(/\n$/, '');
  return lines === '-' ? found : cut(found, keep, Number(lines));
}
