import type { z } from 'zod';
import { contract, type Input, type Method } from './contract.ts';
import { invalid } from './errors.ts';

/** A schema's complaints, in a line: each problem's path and message. */
export const describeIssues = (issues: z.core.$ZodIssue[]): string =>
  issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`)
    .join('; ');

// Deeper input than any real request needs; it would overflow the stack of JSON.stringify when stored.
export const MAX_DEPTH = 64;

/** Whether `value` nests objects/arrays deeper than `max`; iterative, so any depth is safe to check. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [v, depth] = item;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Validates a caller's input for `method`; a bad input becomes a 400 naming each problem. */
export function validate<K extends Method>(method: K, raw: unknown): Input<K> {
  if (nestsDeeperThan(raw, MAX_DEPTH)) throw invalid(`input nests deeper than ${MAX_DEPTH} levels`);
  const parsed = contract[method].input.safeParse(raw ?? {});
  if (!parsed.success) throw invalid(describeIssues(parsed.error.issues));
  return parsed.data as Input<K>;
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
