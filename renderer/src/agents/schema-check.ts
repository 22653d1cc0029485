// Checks a custom tool's input schema as it is typed: valid JSON, an object schema (tool inputs are
// objects), valid JSON Schema (the 2020-12 meta-schema, compiled by Ajv at build time because the
// page's CSP forbids compiling in the browser), and local $refs that resolve. Each problem carries the
// text range it is about, for the editor's inline marks.
import { jsonLanguage } from '@codemirror/lang-json';
import validateMeta from 'virtual:json-schema-meta';
import type { CodeProblem } from '../ui/CodeEditor.tsx';
import type { AgentDraft, Problem } from './draft.ts';

type SyntaxNode = ReturnType<typeof jsonLanguage.parser.parse>['topNode'];

const VALUE = new Set(['Object', 'Array', 'String', 'Number', 'True', 'False', 'Null']);

function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

/** The text range of the value at a JSON Pointer (`/properties/a/type`), or of the nearest parent found. */
export function locate(text: string, pointer: string): { from: number; to: number } {
  const top = children(jsonLanguage.parser.parse(text).topNode).find((n) => VALUE.has(n.name));
  if (!top) return { from: 0, to: text.length };
  let node: SyntaxNode = top;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    let next: SyntaxNode | undefined;
    if (node.name === 'Object') {
      const prop = children(node).find((p) => {
        const name = p.name === 'Property' ? p.firstChild : null;
        if (!name) return false;
        try {
          return JSON.parse(text.slice(name.from, name.to)) === segment;
        } catch {
          return false;
        }
      });
      next = prop && children(prop).findLast((n) => VALUE.has(n.name));
    } else if (node.name === 'Array') {
      next = children(node).filter((n) => VALUE.has(n.name))[Number(segment)];
    }
    if (!next) break;
    node = next;
  }
  return { from: node.from, to: node.to };
}

const pointerTo = (path: string[]) => path.map((p) => '/' + p.replace(/~/g, '~0').replace(/\//g, '~1')).join('');
const shown = (pointer: string) => (pointer ? pointer.slice(1).split('/').join('.') : 'the schema');

/** Local `$ref`s that point nowhere, and refs to other documents (which Dockhand does not fetch). */
function badRefs(schema: unknown): { pointer: string; message: string }[] {
  const out: { pointer: string; message: string }[] = [];
  const resolves = (ref: string) => {
    let node: unknown = schema;
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  };
  const walk = (node: unknown, path: string[]) => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, [...path, String(i)]));
    if (node === null || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        if (!v.startsWith('#')) out.push({ pointer: pointerTo([...path, k]), message: `$ref “${v}” points outside this schema; only local refs (#/$defs/...) work here` });
        else if (v !== '#' && !v.startsWith('#/')) continue;
        else if (!resolves(v)) out.push({ pointer: pointerTo([...path, k]), message: `$ref “${v}” points to nothing in this schema` });
      } else walk(v, [...path, k]);
    }
  };
  walk(schema, []);
  return out;
}

/** Everything wrong with a schema's text, in words, each with its place in the text. */
export function checkSchema(text: string): CodeProblem[] {
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    return [{ from: Math.min(at, text.length), to: Math.min(at + 1, text.length), message: `Not valid JSON: ${message.replace(/^JSON\.parse: /, '')}` }];
  }
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema) || (schema as { type?: unknown }).type !== 'object') {
    const where = schema && typeof schema === 'object' && 'type' in schema ? locate(text, '/type') : { from: 0, to: Math.min(1, text.length) };
    return [{ ...where, message: 'A tool’s input is an object: the schema needs "type": "object" at the top.' }];
  }
  const problems: CodeProblem[] = [];
  if (!validateMeta(schema)) {
    // allErrors lists every failed branch of a keyword; one message per place is enough to act on.
    const seen = new Set<string>();
    for (const e of validateMeta.errors ?? []) {
      if (seen.has(e.instancePath)) continue;
      seen.add(e.instancePath);
      const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
      const detail = allowed ? `${e.message}: ${allowed.map((a) => JSON.stringify(a)).join(', ')}` : e.message;
      problems.push({ ...locate(text, e.instancePath), message: `${shown(e.instancePath)}: ${detail}` });
    }
  }
  for (const r of badRefs(schema)) problems.push({ ...locate(text, r.pointer), message: r.message });
  return problems;
}

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** The schema problems of every custom tool in a draft, as the editor's problems (they block saving). */
export function schemaProblems(draft: AgentDraft): Problem[] {
  return draft.tools.flatMap((t) =>
    // Text that does not parse is reported by configFromDraft already.
    t.kind === 'custom' && parses(t.schemaText) ? checkSchema(t.schemaText).map((p): Problem => ({ where: 'custom', key: t.key, field: 'schema', message: `${t.name || 'A custom tool'}: ${p.message}` })) : [],
  );
}
