// Tool output the model sees is at most OUTPUT_LIMIT characters; the rest stays in the sandbox, in a
// file the model can read in parts.
import { randomUUID } from 'node:crypto';
import type Dockerode from 'dockerode';
import { execIn } from './exec.ts';

export const OUTPUT_LIMIT = 100_000;
/** Where cut outputs are kept inside the sandbox. */
export const KEPT_DIR = '/tmp/dockhand';

/** A fresh path in KEPT_DIR for one tool's full output. */
export const keptPath = (tool: string): string => `${KEPT_DIR}/${tool}-${randomUUID()}.txt`;

/** The first OUTPUT_LIMIT characters and a note that says where the rest is. */
export function cut(text: string, path: string, lines: number): string {
  return (
    `${text.slice(0, OUTPUT_LIMIT)}\n\n[Output cut at ${OUTPUT_LIMIT} characters. The full output (${lines} lines) is in ${path}: ` +
    'read it in parts with the read tool and view_range, or search it with grep.]'
  );
}

/** Returns `text` as is when short; otherwise writes it whole to a file in the sandbox and returns it cut. */
export async function limitOutput(container: Dockerode.Container, tool: string, text: string, signal?: AbortSignal): Promise<string> {
  if (text.length <= OUTPUT_LIMIT) return text;
  const path = keptPath(tool);
  const r = await execIn(container, ['bash', '-c', 'mkdir -p -- "${1%/*}" && cat > "$1"', 'keep', path], { stdin: text, signal });
  if (r.exitCode !== 0) return `${text.slice(0, OUTPUT_LIMIT)}\n\n[Output cut at ${OUTPUT_LIMIT} characters; it could not be kept in the sandbox: ${r.stderr.trim()}]`;
  return cut(text, path, text.split('\n').length);
}
